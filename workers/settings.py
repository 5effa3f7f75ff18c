"""Settings shared by every domain, read from ``GOVIT_*`` (and ``ZEEBE_*``) environment variables.

Each domain keeps its own settings model next to its code; this module holds what they share:
reading a mapping of environment variables into a pydantic model with a clear error that names
the variable, and the data directory where file-backed defaults live.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, ValidationError


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
                f"{names.get(str(e['loc'][0]), e['loc'][0])}: {e['msg']}" for e in error.errors()
            )
            raise SettingsError(f"invalid {cls.__name__}: {problems}") from error


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``GOVIT_DATA_DIR``: where file-backed defaults (the SQLite registry) live; ``./data`` if unset."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("GOVIT_DATA_DIR") or "data")
