"""Notification settings, read from ``GOVIT_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field

from workers.settings import EnvSettings


class NotificationSettings(EnvSettings):
    """Where mail goes out, where the directory of people is, how webhooks are signed.

    ============================  ============================================================
    ``GOVIT_IDENTITY_ADDRESS``    REST address whose identity API (``/v2/groups``, ``/v2/users``)
                                  names the groups' members: the engine's or a cluster's directory
    ``GOVIT_IDENTITY_TOKEN``      bearer token for that API (the engine's ``ENGINE_AUTH_TOKEN``)
    ``GOVIT_DIRECTORY``           YAML directory of users, groups and robots; overrides the
                                  identity API when set
    ``GOVIT_SMTP_HOST``           SMTP server; e-mail is not sent when unset
    ``GOVIT_SMTP_PORT``           default 25 (465 with ``GOVIT_SMTP_SSL``)
    ``GOVIT_SMTP_SSL``            ``true``: implicit TLS (SMTPS)
    ``GOVIT_SMTP_STARTTLS``       ``true``: upgrade the connection with STARTTLS
    ``GOVIT_SMTP_USERNAME``       login, when the server requires one
    ``GOVIT_SMTP_PASSWORD``       password for that login
    ``GOVIT_MAIL_FROM``           sender address, default ``noreply@localhost``
    ``GOVIT_WEBHOOK_SECRET``      HMAC-SHA256 key of generic webhooks (``X-Govit-Signature``)
    ``GOVIT_HTTP_TIMEOUT``        seconds for a webhook call, default 10
    ``GOVIT_SMTP_TIMEOUT``        seconds for an SMTP conversation, default 30
    ============================  ============================================================

    The sent-message keys and the in-app outbox live in the registry database (``GOVIT_REGISTRY_URL``).
    """

    env_names: ClassVar[dict[str, str]] = {
        "directory": "GOVIT_DIRECTORY",
        "identity_address": "GOVIT_IDENTITY_ADDRESS",
        "identity_token": "GOVIT_IDENTITY_TOKEN",
        "smtp_host": "GOVIT_SMTP_HOST",
        "smtp_port": "GOVIT_SMTP_PORT",
        "smtp_ssl": "GOVIT_SMTP_SSL",
        "smtp_starttls": "GOVIT_SMTP_STARTTLS",
        "smtp_username": "GOVIT_SMTP_USERNAME",
        "smtp_password": "GOVIT_SMTP_PASSWORD",
        "mail_from": "GOVIT_MAIL_FROM",
        "webhook_secret": "GOVIT_WEBHOOK_SECRET",
        "http_timeout": "GOVIT_HTTP_TIMEOUT",
        "smtp_timeout": "GOVIT_SMTP_TIMEOUT",
    }

    directory: Path | None = None
    identity_address: str | None = None
    identity_token: str | None = Field(default=None, repr=False)
    smtp_host: str | None = None
    smtp_port: int | None = Field(default=None, gt=0, lt=65536)
    smtp_ssl: bool = False
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    mail_from: str = "noreply@localhost"
    webhook_secret: str | None = None
    http_timeout: float = Field(default=10.0, gt=0)
    smtp_timeout: float = Field(default=30.0, gt=0)
