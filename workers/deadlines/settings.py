"""Settings of the deadlines domain, read from ``GOVIT_`` environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

_ENV = {
    "calendar_overrides": "GOVIT_CALENDAR_OVERRIDES",
    "office_day_end": "GOVIT_OFFICE_DAY_END",
    "office_day_start": "GOVIT_OFFICE_DAY_START",
}


class SettingsError(ValueError):
    """An environment variable holds a value the domain cannot use."""


class DeadlineSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    calendar_overrides: Path | None = None
    office_day_end: time = time(17, 30)
    office_day_start: time = time(9, 0)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DeadlineSettings:
        env = os.environ if environ is None else environ
        values = {field: env[name] for field, name in _ENV.items() if env.get(name)}
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{_ENV[str(err['loc'][0])]}: {err['msg']}" for err in exc.errors() if err["loc"]
            )
            raise SettingsError(f"invalid deadline settings: {problems}") from exc
