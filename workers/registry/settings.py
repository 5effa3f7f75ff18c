"""Registry settings: where the registry database lives."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from workers.settings import data_dir


class RegistrySettings(BaseModel):
    """``GOVIT_REGISTRY_URL``: an SQLAlchemy URL of the registry database.

    SQLite by default (``sqlite:///<GOVIT_DATA_DIR>/registry.db``); PostgreSQL in deployment, e.g.
    ``postgresql+psycopg://govit:secret@db:5432/govit``. The notifications domain keeps its
    sent-message keys and its in-app outbox in the same database.
    """

    model_config = ConfigDict(frozen=True)

    url: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> RegistrySettings:
        environ = os.environ if environ is None else environ
        url = environ.get("GOVIT_REGISTRY_URL") or f"sqlite:///{data_dir(environ) / 'registry.db'}"
        return cls(url=url)
