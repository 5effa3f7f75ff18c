"""``/workspace/registry/projects/{id}/dossiers``: the dossiers archived for a project (the PDF the
archive job stored at acceptance, ``archived_dossiers`` in the workers' registry), for the person
who may see the project (the same rule as the project itself, :mod:`registry_scope`).

Each names where its PDF is kept; one kept in the engine's document store gets the address the
workspace opens it at (``/v2/documents/{id}`` with its content hash, as the store asks), one kept
in the workers' own folder or bucket gets none, since the browser cannot reach those."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.workspace.problems import problem_response
from engine.gateway.workspace.registry_scope import RegistryScope
from engine.gateway.workspace.registry_viewer import registry_viewer
from engine.gateway.workspace.signed_in import SessionAuth
from workers.registry import tables
from workers.registry.database import open_engine

_ENGINE_STORE_TYPE = "camunda"
"""``camunda.document.type`` of a reference the engine's own document store gave."""


def _reference(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _dossier(row: tables.ArchivedDossier) -> dict[str, Any]:
    reference = _reference(row.document_reference)
    content_hash = reference.get("contentHash")
    in_engine = reference.get("camunda.document.type") == _ENGINE_STORE_TYPE
    href = None
    if in_engine:
        href = f"/v2/documents/{quote(row.document_id, safe='')}"
        if isinstance(content_hash, str) and content_hash:
            href += f"?contentHash={quote(content_hash, safe='')}"
    return {
        "documentId": row.document_id,
        "store": row.store,
        "href": href,
        "fileName": (reference.get("metadata") or {}).get("fileName"),
        "sha256": row.sha256,
        "sizeBytes": row.size_bytes,
        "pageCount": row.page_count,
        "generatedAt": row.generated_at.isoformat() + "Z",
        "processInstanceKey": str(row.process_instance_key),
        "gaps": [line for line in row.gaps.splitlines() if line.strip()],
    }


class DossierReader:
    def __init__(self, url: str) -> None:
        self._url = url
        self._engine: Engine | None = None

    def dossiers(self, project_id: str, scope: RegistryScope) -> list[dict[str, Any]] | None:
        """The project's archived dossiers, newest first; None when the person may not see it."""
        if self._engine is None:
            self._engine = open_engine(self._url)
        with Session(self._engine) as session:
            project = session.get(tables.Project, project_id)
            if project is None or not scope.sees(project.jurisdiction, project.unit):
                return None
            rows = session.scalars(
                select(tables.ArchivedDossier)
                .where(tables.ArchivedDossier.project_id == project_id)
                .order_by(tables.ArchivedDossier.generated_at.desc(), tables.ArchivedDossier.id.desc())
            )
            return [_dossier(row) for row in rows]


def dossier_routes(auth: SessionAuth, registry_url: str | None) -> list[Route]:
    reader = DossierReader(registry_url) if registry_url else None

    async def project_dossiers(request: Request) -> Response:
        scope = await registry_viewer(auth, request, "请在工作台登录后再查看项目档案")
        if isinstance(scope, Response):
            return scope
        if reader is None:
            return problem_response(request, 503, "项目登记库未配置", "引擎启动时未给出 --registry-url")
        project_id = request.path_params["project_id"]
        try:
            found = await asyncio.to_thread(reader.dossiers, project_id, scope)
        except SQLAlchemyError as error:
            return problem_response(
                request, 503, "项目登记库不可用", f"暂时无法读取项目档案（{type(error).__name__}）"
            )
        if found is None:
            return problem_response(request, 404, "项目不存在", f"登记库中没有您可查看的项目 {project_id}")
        return JSONResponse({"items": found}, headers={"cache-control": "no-store"})

    return [Route("/workspace/registry/projects/{project_id}/dossiers", project_dossiers, methods=["GET"])]
