"""The ``govit.dossier.archive`` job: a project's dossier rendered as PDF at acceptance and archived.

The dossier is assembled from the engine's public REST API and the registry, rendered at the time
the task was entered (``archivedAt``, fixed by its input mapping, so every retry of the job renders
the same bytes), stored with the project's documents and recorded in the registry's
``archived_dossiers`` with its SHA-256. What the records do not tell (an open incident, a document
missing from the store) is marked in the dossier itself, and the dossier is archived all the same:
the archive must show the gap, not wait for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Annotated, Any

import structlog
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workers.deadlines.instants import parse_instant
from workers.dossier.archive_store import ArchiveStore, StoredArchive
from workers.dossier.assembly import DossierSources, UnknownProjectError, assemble
from workers.dossier.model import Dossier
from workers.dossier.pdf import FontMissingError, render_pdf
from workers.dossier.source import SourceError
from workers.errors import PermanentJobError
from workers.registry.tables import ArchivedDossier

ARCHIVE_DOSSIER = "govit.dossier.archive"

log = structlog.get_logger("workers.dossier.archiving")


def _instant(value: Any) -> dt.datetime:
    """An ISO 8601 date-time (FEEL's ``now()`` as Zeebe writes it, region and all), to the second."""
    return parse_instant(value, time(0)).astimezone(dt.UTC).replace(microsecond=0)


class ArchiveRequest(BaseModel):
    """The job's variables: the project and the fixed time the dossier records as its generation."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True, extra="ignore")

    project_id: str = Field(min_length=1, max_length=36)
    archived_at: Annotated[dt.datetime, BeforeValidator(_instant)]

    @classmethod
    def variable_names(cls) -> list[str]:
        return [str(field.alias) for field in cls.model_fields.values()]


@dataclass(frozen=True)
class ArchivedView:
    """What the job returns: where the PDF is, its digest, its pages and the gaps it marks."""

    document: dict[str, Any]
    sha256: str
    page_count: int
    gaps: tuple[str, ...]

    def to_variables(self) -> dict[str, Any]:
        return {
            "dossierDocument": self.document,
            "dossierSha256": self.sha256,
            "dossierPageCount": self.page_count,
            "dossierGaps": list(self.gaps),
        }

    @classmethod
    def of(cls, row: ArchivedDossier) -> ArchivedView:
        return cls(
            document=json.loads(row.document_reference),
            sha256=row.sha256,
            page_count=row.page_count,
            gaps=tuple(line for line in row.gaps.splitlines() if line),
        )


class DossierSourcesUnreachableError(RuntimeError):
    """The engine's REST API or the registry did not answer: the job fails and is retried."""


def document_id_for(project_id: str, element_instance_key: int) -> str:
    """One archive per project and archiving step; only characters every store accepts."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", project_id).strip(".-") or "project"
    return f"dossier-{safe}-{element_instance_key}.pdf"


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


class DossierArchiver:
    """Archives one project's dossier per job; ``sources`` opens the dossier's sources on demand."""

    def __init__(
        self,
        sources: Callable[[], DossierSources],
        store: ArchiveStore,
        registry: sessionmaker[Session],
        *,
        render: Callable[[Dossier], bytes] = render_pdf,
        records_wait_seconds: float = 30.0,
        sleep: Callable[[float], None] = clock.sleep,
    ) -> None:
        self._sources = sources
        self._store = store
        self._registry = registry
        self._render = render
        self._records_wait_seconds = records_wait_seconds
        self._sleep = sleep

    def _recorded(self, element_instance_key: int) -> ArchivedDossier | None:
        try:
            with self._registry() as session:
                found: ArchivedDossier | None = session.scalar(
                    select(ArchivedDossier).where(ArchivedDossier.source_key == element_instance_key)
                )
                return found
        except SQLAlchemyError as error:
            raise _registry_unreachable(error) from error

    def archive(
        self, request: ArchiveRequest, process_instance_key: int, element_instance_key: int
    ) -> ArchivedView:
        recorded = self._recorded(element_instance_key)
        if recorded is not None:  # the job ran already: the archive stands as it was made
            return ArchivedView.of(recorded)
        sources = self._sources()
        self._await_records(sources, request, element_instance_key)
        dossier = self._dossier(request, sources)
        try:
            pdf = self._render(dossier)
        except FontMissingError as error:
            raise PermanentJobError(f"项目 {request.project_id} 的档案 PDF 无法生成：{error}") from error
        digest = hashlib.sha256(pdf).hexdigest()
        file_name = f"项目档案-{request.project_id}.pdf"
        stored = self._store.put(
            document_id_for(request.project_id, element_instance_key),
            pdf,
            {
                "fileName": file_name,
                "processInstanceKey": str(process_instance_key),
                "customProperties": {"projectId": request.project_id, "sha256": digest},
            },
        )
        return self._record(
            request,
            dossier,
            stored,
            pdf,
            process_instance_key=process_instance_key,
            element_instance_key=element_instance_key,
        )

    def _await_records(
        self, sources: DossierSources, request: ArchiveRequest, element_instance_key: int
    ) -> None:
        """Wait until the REST API shows this task itself: a cluster exports its records in order, so
        then every step before the archive is readable too (Operate lags the engine by seconds)."""
        waited = 0.0
        while True:
            try:
                sources.rest.element_instance(str(element_instance_key))
                return
            except LookupError:
                if waited >= self._records_wait_seconds:
                    raise DossierSourcesUnreachableError(
                        f"项目 {request.project_id} 的引擎记录尚未同步到归档环节"
                        f"（元素实例 {element_instance_key}，已等待 {waited:g} 秒），稍后重试"
                    ) from None
            except SourceError as error:
                raise DossierSourcesUnreachableError(
                    f"项目 {request.project_id} 的档案来源暂时无法读取，稍后重试：{error}"
                ) from error
            self._sleep(0.5)
            waited += 0.5

    def _dossier(self, request: ArchiveRequest, sources: DossierSources) -> Dossier:
        try:
            return assemble(request.project_id, sources, request.archived_at)
        except UnknownProjectError as error:
            raise PermanentJobError(f"项目档案无法归档：{error}") from error
        except (SourceError, OSError, SQLAlchemyError) as error:
            raise DossierSourcesUnreachableError(
                f"项目 {request.project_id} 的档案来源暂时无法读取，稍后重试：{error}"
            ) from error

    def _record(
        self,
        request: ArchiveRequest,
        dossier: Dossier,
        stored: StoredArchive,
        pdf: bytes,
        *,
        process_instance_key: int,
        element_instance_key: int,
    ) -> ArchivedView:
        row = ArchivedDossier(
            project_id=request.project_id,
            jurisdiction=dossier.project.jurisdiction or None,
            process_instance_key=process_instance_key,
            source_key=element_instance_key,
            store=stored.store,
            document_id=stored.document_id,
            document_reference=json.dumps(stored.reference, ensure_ascii=False, sort_keys=True),
            sha256=hashlib.sha256(pdf).hexdigest(),
            size_bytes=len(pdf),
            page_count=page_count(pdf),
            generated_at=request.archived_at.replace(tzinfo=None),
            gaps="\n".join(f"{gap.section}：{gap.message}" for gap in dossier.gaps),
        )
        try:
            with self._registry.begin() as session:
                session.add(row)
        except IntegrityError:
            # a second run of the same job recorded it in the meantime: that row is the archive
            recorded = self._recorded(element_instance_key)
            if recorded is None:
                raise
            return ArchivedView.of(recorded)
        except SQLAlchemyError as error:
            raise _registry_unreachable(error) from error
        log.info(
            "dossier archived",
            project_id=row.project_id,
            document_id=row.document_id,
            store=row.store,
            sha256=row.sha256,
            pages=row.page_count,
            gaps=len(dossier.gaps),
        )
        return ArchivedView.of(row)


def _registry_unreachable(error: SQLAlchemyError) -> DossierSourcesUnreachableError:
    return DossierSourcesUnreachableError(f"登记库暂时无法访问，项目档案稍后重试归档：{error}")
