"""Settings shared by every domain, read from ``GOVIT_*`` (and ``ZEEBE_*``) environment variables.

Each domain keeps its own settings model next to its code; this module holds what they share:
reading a mapping of environment variables into a pydantic model with a clear error that names
the variable, and the data directory where file-backed defaults live.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class SettingsError(ValueError):
    """An environment variable holds a value its setting cannot take."""


class EnvSettings(BaseModel):
    """A settings model whose fields come from environment variables.

    Subclasses map each field to its variable in ``env_names``; unset variables keep the field's default.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    env_names: ClassVar[dict[str, str]] = {}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Self:
        environ = os.environ if environ is None else environ
        names = cls.env_names
        values = {field: environ[name] for field, name in names.items() if environ.get(name, "") != ""}
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            problems = "; ".join(
                f"{names.get(str(e['loc'][0]), e['loc'][0]) if e['loc'] else cls.__name__}: {e['msg']}"
                for e in error.errors()
            )
            raise SettingsError(f"invalid {cls.__name__}: {problems}") from error


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``GOVIT_DATA_DIR``: where file-backed defaults (the SQLite registry) live; ``./data`` if unset."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("GOVIT_DATA_DIR") or "data")


class WorkerSettings(EnvSettings):
    """How ``python -m workers`` reaches the gateway and runs.

    ==================================  =======================================================
    ``ZEEBE_ADDRESS``                   gateway ``host:port``, default ``127.0.0.1:26500``
    ``ZEEBE_CLIENT_ID``                 OAuth client id (with the secret: OAuth over TLS)
    ``ZEEBE_CLIENT_SECRET``             OAuth client secret
    ``ZEEBE_AUTHORIZATION_SERVER_URL``  OAuth token endpoint (Camunda SaaS or Identity/Keycloak)
    ``ZEEBE_TOKEN_AUDIENCE``            OAuth audience, e.g. ``zeebe-api``
    ``ZEEBE_TLS``                       ``true``: TLS without OAuth (plaintext otherwise)
    ``ENGINE_AUTH_TOKEN``               bearer token of the embedded engine's service account
                                        (an engine with a token or ``--identity``), without OAuth
    ``GOVIT_WORKER_NAME``               worker name shown in Operate, default the host name
    ``GOVIT_METRICS_PORT``              serve Prometheus metrics on this port (off when unset)
    ``GOVIT_LOG_LEVEL``                 ``DEBUG`` … ``ERROR``, default ``INFO``
    ``GOVIT_SHUTDOWN_GRACE_SECONDS``    how long running jobs may take to finish on SIGTERM, 30
    ``GOVIT_RETRY_BACKOFF_MS``          first retry back-off of a failed job, doubled per retry, 5000
    ``GOVIT_MAX_RUNNING_JOBS``          jobs of one type running at once, default 32
    ``GOVIT_MAX_JOBS_PER_POLL``         most jobs one activation request asks for, default 32 (never
                                        more than there is room for under the limit above)
    ``GOVIT_MIN_JOBS_PER_POLL``         a job type at its limit asks for more as soon as this many of
                                        its jobs have finished (no fixed pause), default 8 (capped
                                        at the two limits above)
    ==================================  =======================================================
    """

    env_names: ClassVar[dict[str, str]] = {
        "zeebe_address": "ZEEBE_ADDRESS",
        "client_id": "ZEEBE_CLIENT_ID",
        "client_secret": "ZEEBE_CLIENT_SECRET",
        "authorization_server_url": "ZEEBE_AUTHORIZATION_SERVER_URL",
        "token_audience": "ZEEBE_TOKEN_AUDIENCE",
        "tls": "ZEEBE_TLS",
        "auth_token": "ENGINE_AUTH_TOKEN",
        "worker_name": "GOVIT_WORKER_NAME",
        "metrics_port": "GOVIT_METRICS_PORT",
        "log_level": "GOVIT_LOG_LEVEL",
        "shutdown_grace_seconds": "GOVIT_SHUTDOWN_GRACE_SECONDS",
        "retry_backoff_ms": "GOVIT_RETRY_BACKOFF_MS",
        "max_running_jobs": "GOVIT_MAX_RUNNING_JOBS",
        "max_jobs_per_poll": "GOVIT_MAX_JOBS_PER_POLL",
        "min_jobs_per_poll": "GOVIT_MIN_JOBS_PER_POLL",
    }

    zeebe_address: str = "127.0.0.1:26500"
    client_id: str | None = None
    client_secret: str | None = None
    authorization_server_url: str | None = None
    token_audience: str | None = None
    tls: bool = False
    auth_token: str | None = Field(default=None, repr=False)
    worker_name: str | None = None
    metrics_port: int | None = Field(default=None, gt=0, lt=65536)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    shutdown_grace_seconds: float = Field(default=30.0, ge=0)
    retry_backoff_ms: int = Field(default=5000, ge=0)
    max_running_jobs: int = Field(default=32, ge=1)
    max_jobs_per_poll: int = Field(default=32, ge=1)
    min_jobs_per_poll: int = Field(default=8, ge=1)

    @model_validator(mode="after")
    def _oauth_complete(self) -> WorkerSettings:
        oauth = {
            "ZEEBE_CLIENT_ID": self.client_id,
            "ZEEBE_CLIENT_SECRET": self.client_secret,
            "ZEEBE_AUTHORIZATION_SERVER_URL": self.authorization_server_url,
        }
        given = [name for name, value in oauth.items() if value]
        if given and len(given) < len(oauth):
            missing = ", ".join(name for name, value in oauth.items() if not value)
            raise ValueError(f"OAuth needs {missing} as well as {', '.join(given)}")
        return self

    @property
    def uses_oauth(self) -> bool:
        return self.client_id is not None
