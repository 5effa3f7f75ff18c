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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
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
        render: Callable[[Dossier], bytes] = render_pdf,
    ) -> None:
        self._sources = sources
        self._store = store
        self._registry = registry
        self._render = render

    def _recorded(self, element_instance_key: int) -> ArchivedDossier | None:
        with self._registry() as session:
            found: ArchivedDossier | None = session.scalar(
                select(ArchivedDossier).where(ArchivedDossier.source_key == element_instance_key)
            )
            return found

    def archive(
        self, request: ArchiveRequest, process_instance_key: int, element_instance_key: int
    ) -> ArchivedView:
        recorded = self._recorded(element_instance_key)
        if recorded is not None:  # the job ran already: the archive stands as it was made
            return ArchivedView.of(recorded)
        dossier = self._dossier(request)
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

    def _dossier(self, request: ArchiveRequest) -> Dossier:
        try:
            return assemble(request.project_id, self._sources(), request.archived_at)
        except UnknownProjectError as error:
            raise PermanentJobError(f"项目档案无法归档：{error}") from error
        except (SourceError, OSError) as error:
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
        return ArchivedView.of(row)
