"""Dossier settings: where the published measures' texts are."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, field_validator

from workers.settings import EnvSettings


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


class ArchiveSettings(EnvSettings):
    """How the ``govit.dossier.archive`` job reads a project's records and where it stores the PDF.

    ============================  ================================================================
    ``CAMUNDA_REST_ADDRESS``      Orchestration Cluster REST API the records are read from, default
                                  ``http://127.0.0.1:8080``
    ``GOVIT_REST_TOKEN``          bearer token of that API; when set, the PDF is stored through the
                                  engine's ``POST /v2/documents``, else in the workers' document
                                  store (``GOVIT_DOCUMENT_DIR``)
    ``GOVIT_MODELS_DIR``          folder holding the deployed ``decisions/`` and ``bpmn/``, whose row
                                  annotations and element documentation the dossier quotes; ``.``
    ``GOVIT_MEASURES_DIR``        the published measures as text (see :class:`DossierSettings`)
    ============================  ================================================================
    """

    env_names: ClassVar[dict[str, str]] = {
        "rest_address": "CAMUNDA_REST_ADDRESS",
        "rest_token": "GOVIT_REST_TOKEN",
        "models_dir": "GOVIT_MODELS_DIR",
    }

    rest_address: str = "http://127.0.0.1:8080"
    rest_token: str | None = None
    models_dir: Path = Path()

    @field_validator("rest_address")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"expected an http(s):// URL, got {value!r}")
        return value.rstrip("/").removesuffix("/v2")

    @property
    def stores_in_engine(self) -> bool:
        """The engine's document store when a token opens the REST API, the workers' own otherwise."""
        return self.rest_token is not None
