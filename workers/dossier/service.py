"""The dossier of a project as a deployment builds it: sources from the settings, then HTML or PDF.

The REST client is the caller's (govit's, with the cluster's OAuth; a worker's own); the registry,
the document store and the measures folder come from the ``GOVIT_*`` settings. Row annotations and
element documentation are read from the deployed models' sources (``decisions/``, ``bpmn/``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

import httpx
from sqlalchemy import select

from workers.documents.router import create_store
from workers.documents.settings import DocumentSettings
from workers.dossier.articles import ArticleIndex
from workers.dossier.assembly import DossierSources, assemble
from workers.dossier.bpmn_docs import documentation_in_folder
from workers.dossier.dmn_rows import annotations_in_folder
from workers.dossier.model import Dossier
from workers.dossier.settings import DossierSettings
from workers.dossier.source import RestSource
from workers.registry import tables
from workers.registry.database import open_registry
from workers.registry.settings import RegistrySettings


def sources_from_settings(
    client: httpx.Client,
    models: Path = Path(),
    environ: Mapping[str, str] | None = None,
) -> DossierSources:
    """``models`` is the folder holding ``decisions/`` and ``bpmn/`` as deployed."""
    environ = os.environ if environ is None else environ
    settings = DossierSettings.from_env(environ)
    store = create_store(DocumentSettings.from_env(environ))
    return DossierSources(
        rest=RestSource(client),
        articles=ArticleIndex(settings.measures_dir),
        row_annotations=annotations_in_folder(models / "decisions"),
        element_documentation=documentation_in_folder(models / "bpmn"),
        registry=open_registry(RegistrySettings.from_env(environ).url),
        read_document=store.read,
    )


def build_dossier(
    project_id: str, sources: DossierSources, generated_at: dt.datetime | None = None
) -> Dossier:
    """``generated_at`` is the time recorded in the dossier; now (to the second, UTC) when not given."""
    at = generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return assemble(project_id, sources, at)


def project_ids(sources: DossierSources, jurisdiction: str) -> list[str]:
    """The registry's projects of one jurisdiction, in registration order."""
    if sources.registry is None:
        return []
    with sources.registry() as session:
        rows = session.scalars(
            select(tables.Project.id)
            .where(tables.Project.jurisdiction == jurisdiction)
            .order_by(tables.Project.registered_at, tables.Project.id)
        )
        return list(rows)
