"""Where the cluster is and how to log in, read from the ``ZEEBE_*`` and ``CAMUNDA_*`` variables.

==================================  ==============================================================
``ZEEBE_ADDRESS``                   gRPC gateway ``host:port``, default ``127.0.0.1:26500``
``CAMUNDA_REST_ADDRESS``            Orchestration Cluster REST API, default ``http://127.0.0.1:8080``
``ZEEBE_CLIENT_ID``                 OAuth client id (with the secret and server: OAuth over TLS)
``ZEEBE_CLIENT_SECRET``             OAuth client secret
``ZEEBE_AUTHORIZATION_SERVER_URL``  OAuth token endpoint
``ZEEBE_TOKEN_AUDIENCE``            OAuth audience of gRPC calls, e.g. ``zeebe-api``
``CAMUNDA_REST_TOKEN_AUDIENCE``     OAuth audience of REST calls, default ``ZEEBE_TOKEN_AUDIENCE``
``ZEEBE_TLS``                       ``true``: TLS without OAuth (plaintext otherwise)
``ENGINE_AUTH_TOKEN``               bearer token for an embedded engine with a token or ``--identity``
                                    (its service token, or a user's from ``govit users token``)
==================================  ==============================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field


class SettingsError(ValueError):
    """The environment describes a cluster connection that cannot work."""


_OAUTH = ("ZEEBE_CLIENT_ID", "ZEEBE_CLIENT_SECRET", "ZEEBE_AUTHORIZATION_SERVER_URL")


@dataclass(frozen=True)
class OAuth:
    client_id: str
    client_secret: str
    token_url: str
    grpc_audience: str | None
    rest_audience: str | None


@dataclass(frozen=True)
class ClusterSettings:
    zeebe_address: str = "127.0.0.1:26500"
    rest_address: str = "http://127.0.0.1:8080"
    oauth: OAuth | None = None
    tls: bool = False
    token: str | None = field(default=None, repr=False)
    """A bearer token sent as it is (no OAuth): the embedded engine's."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ClusterSettings:
        env = os.environ if environ is None else environ
        given = [name for name in _OAUTH if env.get(name)]
        if given and len(given) < len(_OAUTH):
            missing = ", ".join(name for name in _OAUTH if name not in given)
            raise SettingsError(f"OAuth needs {missing} as well as {', '.join(given)}")
        oauth = None
        if given:
            audience = env.get("ZEEBE_TOKEN_AUDIENCE") or None
            oauth = OAuth(
                client_id=env["ZEEBE_CLIENT_ID"],
                client_secret=env["ZEEBE_CLIENT_SECRET"],
                token_url=env["ZEEBE_AUTHORIZATION_SERVER_URL"],
                grpc_audience=audience,
                rest_audience=env.get("CAMUNDA_REST_TOKEN_AUDIENCE") or audience,
            )
        tls = env.get("ZEEBE_TLS", "").strip().lower()
        if tls not in ("", "true", "false", "1", "0"):
            raise SettingsError(f"ZEEBE_TLS: expected true or false, got {env['ZEEBE_TLS']!r}")
        rest = (env.get("CAMUNDA_REST_ADDRESS") or cls.rest_address).rstrip("/")
        if not rest.startswith(("http://", "https://")):
            raise SettingsError(f"CAMUNDA_REST_ADDRESS: expected an http(s):// URL, got {rest!r}")
        return cls(
            zeebe_address=env.get("ZEEBE_ADDRESS") or cls.zeebe_address,
            rest_address=rest,
            oauth=oauth,
            tls=tls in ("true", "1"),
            token=env.get("ENGINE_AUTH_TOKEN") or None,
        )
