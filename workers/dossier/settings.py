"""Dossier settings: where the published measures' texts are."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class DossierSettings(BaseModel):
    """``GOVIT_MEASURES_DIR``: a folder of the published measures as text (``LG-longgang-2021.md`` …).

    A file's name starts with the jurisdiction code it governs. When set, the dossier prints each
    cited article's own text beside the rule; unset, it names measure, chapter and article only.
    """

    model_config = ConfigDict(frozen=True)

    measures_dir: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DossierSettings:
        environ = os.environ if environ is None else environ
        folder = environ.get("GOVIT_MEASURES_DIR") or None
        return cls(measures_dir=Path(folder) if folder else None)
