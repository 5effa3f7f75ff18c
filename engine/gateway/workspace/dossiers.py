"""Project dossiers and the authority overview for the workspace, as ``govit dossier``/``overview``
build them, for the projects the signed-in person may see.

The engine's records are read through the REST app in process with the service account's view
(a reviewer holds no grant on decision instances, yet the dossier must list every decision), and
the registry's visibility rule decides who may read which dossier: the project's region and unit,
from its registry row, or from the process variables while the registry does not know it. A
project nobody may show this person is not told apart from an unknown one.

Settings as for the archive job: ``GOVIT_MODELS_DIR`` (the deployed ``decisions/`` and ``bpmn/``,
default the working folder), ``GOVIT_MEASURES_DIR`` (the measures' texts), ``GOVIT_DOCUMENT_*``
(the workers' document store, for the submitted documents' SHA-256 and archives kept there; a
document it does not hold is read from the engine's own document store)."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.types import ASGIApp

from engine.gateway.workspace.in_process_rest import in_process_client
from engine.gateway.workspace.registry_api import RegistryReader, RegistryUnavailable, unavailable
from engine.gateway.workspace.registry_scope import RegistryScope
from engine.identity.principal import SERVICE_ACCOUNT
from workers.documents.router import create_store
from workers.documents.settings import DocumentSettings
from workers.documents.store import DocumentStore, DocumentStoreUnavailableError
from workers.dossier.archive_store import (
    ArchiveStore,
    StoredArchive,
    store_named,
)
from workers.dossier.articles import ArticleIndex
from workers.dossier.assembly import DossierSources, UnknownProjectError, assemble
from workers.dossier.bpmn_docs import documentation_in_folder
from workers.dossier.dmn_rows import RowAnnotation, annotations_in_folder
from workers.dossier.model import Dossier, Gap
from workers.dossier.overview import OverviewTable, overview_tables
from workers.dossier.settings import DossierSettings
from workers.dossier.source import RestSource
from workers.registry.tables import ArchivedDossier


class ArchiveUnreadable(Exception):
    """The archived PDF cannot be handed out as archived; the message says why, in Chinese."""


@dataclass(frozen=True)
class ArchivedPdf:
    content: bytes
    generated_at: dt.datetime
    sha256: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class WorkspaceDossiers:
    """Blocking calls: run them in a worker thread, passing the server's event loop."""

    def __init__(
        self,
        rest_app: ASGIApp,
        registry: RegistryReader | None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._rest_app = rest_app
        self._registry = registry
        self._environ = dict(os.environ if environ is None else environ)
        self._models = Path(self._environ.get("GOVIT_MODELS_DIR") or ".")
        self._articles = ArticleIndex(DossierSettings.from_env(self._environ).measures_dir)

    @property
    def has_registry(self) -> bool:
        return self._registry is not None

    # the deployed models' annotations are read once: the diagrams change with a new release only
    @cached_property
    def _row_annotations(self) -> dict[tuple[str, str], RowAnnotation]:
        return annotations_in_folder(self._models / "decisions")

    @cached_property
    def _element_documentation(self) -> dict[tuple[str, str], str]:
        return documentation_in_folder(self._models / "bpmn")

    @cached_property
    def _workers_documents(self) -> DocumentStore:
        return create_store(DocumentSettings.from_env(self._environ))

    def _document_reader(self, loop: asyncio.AbstractEventLoop) -> Callable[[str], bytes]:
        """A submitted document from the workers' store, else from the engine's (``/v2/documents``,
        where the workspace's uploads go); a :class:`LookupError` naming both when neither has it."""

        def read(document_id: str) -> bytes:
            try:
                return self._workers_documents.read(document_id)
            except (LookupError, OSError, DocumentStoreUnavailableError) as error:
                workers_said = str(error)
            with in_process_client(self._rest_app, loop, SERVICE_ACCOUNT) as client:
                response = client.get(f"/documents/{quote(document_id, safe='')}")
            if response.status_code == 200:
                return response.content
            raise LookupError(f"工作进程材料库：{workers_said}；引擎文档库：HTTP {response.status_code}")

        return read

    def _sources(self, loop: asyncio.AbstractEventLoop) -> DossierSources:
        registry: Callable[[], Session] | None = None
        if self._registry is not None:
            registry = self._registry.session
        return DossierSources(
            rest=_rest_source(self._rest_app, loop),
            articles=self._articles,
            row_annotations=self._row_annotations,
            element_documentation=self._element_documentation,
            registry=registry,
            read_document=self._document_reader(loop),
        )

    def dossier(
        self, project_id: str, scope: RegistryScope, loop: asyncio.AbstractEventLoop
    ) -> Dossier | None:
        """The project's dossier, or None when it is unknown or not this person's to see.

        Raises :class:`workers.dossier.source.SourceError` when the engine's records cannot be read."""
        if scope.nothing:
            return None
        try:
            found = self._assemble(project_id, loop)
        except UnknownProjectError:
            return None
        project = found.project
        if not scope.sees(project.jurisdiction or "", project.unit or ""):
            return None
        return found

    def _assemble(self, project_id: str, loop: asyncio.AbstractEventLoop) -> Dossier:
        """With the registry; while it cannot be read, from the engine's records alone, the
        registry's part marked as not known with the reason."""
        sources = self._sources(loop)
        at = _now()
        try:
            return assemble(project_id, sources, at)
        except SQLAlchemyError as error:
            reason = str(unavailable(error))
        sources.registry = None
        found = assemble(project_id, sources, at)
        gaps = tuple(g for g in found.gaps if not g.message.startswith("未连接登记库"))
        return found.model_copy(update={"gaps": (Gap(section="备案", message=reason), *gaps)})

    def archived_pdf(self, project_id: str, loop: asyncio.AbstractEventLoop) -> ArchivedPdf | None:
        """The newest PDF archived at acceptance, its SHA-256 checked against the registry's record."""
        if self._registry is None:
            return None
        try:
            with self._registry.session() as session:
                newest = session.scalars(
                    select(ArchivedDossier)
                    .where(ArchivedDossier.project_id == project_id)
                    .order_by(ArchivedDossier.generated_at.desc(), ArchivedDossier.id.desc())
                    .limit(1)
                ).first()
        except SQLAlchemyError as error:
            raise unavailable(error) from None
        if newest is None:
            return None
        stored = StoredArchive(newest.store, newest.document_id, json.loads(newest.document_reference))
        try:
            content = self._archive_store(newest.store, loop).get(stored)
        except (LookupError, OSError, RuntimeError) as error:
            raise ArchiveUnreadable(
                f"读不到归档档案 {newest.document_id}（{newest.store}）：{error}"
            ) from None
        digest = hashlib.sha256(content).hexdigest()
        if digest != newest.sha256:
            raise ArchiveUnreadable(
                f"归档档案 {newest.document_id} 的 SHA-256 为 {digest}，与登记库记录的 {newest.sha256} "
                "不符：文件在归档后被改动过，未提供下载"
            )
        return ArchivedPdf(content, newest.generated_at, digest)

    def _archive_store(self, name: str, loop: asyncio.AbstractEventLoop) -> ArchiveStore:
        return store_named(
            name,
            DocumentSettings.from_env(self._environ),
            lambda: in_process_client(self._rest_app, loop, SERVICE_ACCOUNT),
        )

    def overview(
        self, scope: RegistryScope, loop: asyncio.AbstractEventLoop
    ) -> tuple[int, list[OverviewTable]]:
        """The overview over every registered project this person may see, and how many those are."""
        if self._registry is None:
            raise RegistryUnavailable("统计概览按登记库中的项目统计：引擎启动时未给出 --registry-url")
        ids = [item["projectId"] for item in self._registry.projects(scope)]
        sources = self._sources(loop)
        at = _now()
        dossiers = []
        for project_id in sorted(ids):
            try:
                dossiers.append(assemble(project_id, sources, at))
            except UnknownProjectError:
                continue  # removed from the registry since it was listed
            except SQLAlchemyError as error:
                raise unavailable(error) from None
        return len(dossiers), overview_tables(dossiers)


def _rest_source(app: ASGIApp, loop: asyncio.AbstractEventLoop) -> RestSource:
    return RestSource(in_process_client(app, loop, SERVICE_ACCOUNT))
