"""``/workspace/registry/projects/{id}/dossier`` (HTML), ``…/dossier.pdf`` and
``/workspace/registry/overview`` (JSON, ``?format=csv`` or ``?format=xlsx``).

The HTML is the page ``govit dossier --html`` writes, generated now; it carries no script, so the
workspace shows it in a sandboxed frame. ``X-Dossier-Gaps`` and ``X-Dossier-Open-Incidents`` count
what the dossier marks as not known and the incidents still open, for the page to say so above
it. The PDF is the one archived at acceptance when the registry records one (``X-Dossier-Source:
archived``, its SHA-256 checked), else one generated now (``generated``). Every answer is
``no-store``: a dossier names people and amounts."""

from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from html import escape
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from engine.gateway.workspace.dossiers import ArchiveUnreadable, WorkspaceDossiers
from engine.gateway.workspace.problems import problem_response
from engine.gateway.workspace.registry_api import RegistryUnavailable
from engine.gateway.workspace.registry_scope import RegistryScope
from engine.gateway.workspace.registry_viewer import registry_viewer
from engine.gateway.workspace.signed_in import SessionAuth
from workers.dossier.html import render_html
from workers.dossier.model import Dossier
from workers.dossier.overview import OverviewTable, to_csv, to_xlsx
from workers.dossier.pdf import FontMissingError, render_pdf
from workers.dossier.source import SourceError

NO_STORE = {"cache-control": "no-store"}
DOSSIER_THREADS = 2
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _problem(request: Request, status: int, title: str, detail: str) -> Response:
    if request.url.path.endswith("/dossier") and "text/html" in request.headers.get("accept", ""):
        # the dossier opened in a tab of its own: the refusal as a page a person reads
        page = (
            f"<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<h1>{escape(title)}</h1><p>{escape(detail)}</p><p><a href='/projects'>返回项目库</a></p></html>"
        )
        return HTMLResponse(page, status_code=status, headers=NO_STORE)
    return problem_response(request, status, title, detail)


def _attachment(file_name: str, fallback: str) -> str:
    """A download name in Chinese for browsers (RFC 6266 ``filename*``), ASCII for the rest."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name)}"


def _ascii(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text)


def _gap_headers(found: Dossier) -> dict[str, str]:
    open_incidents = sum(1 for incident in found.incidents if incident.state == "ACTIVE")
    return {
        **NO_STORE,
        "x-dossier-gaps": str(len(found.gaps)),
        "x-dossier-open-incidents": str(open_incidents),
    }


def _overview_json(count: int, tables: list[OverviewTable], at: dt.datetime) -> dict[str, object]:
    return {
        "projects": count,
        "generatedAt": at.isoformat().replace("+00:00", "Z"),
        "tables": [
            {"name": t.name, "header": list(t.header), "rows": [list(r) for r in t.rows]} for t in tables
        ],
    }


def dossier_routes(auth: SessionAuth, dossiers: WorkspaceDossiers) -> list[Route]:
    # Assembling a dossier holds a thread for as long as its REST reads take (an overview, one per
    # project): a pool of its own keeps the sessions and the registry's threads free meanwhile.
    pool = ThreadPoolExecutor(max_workers=DOSSIER_THREADS, thread_name_prefix="dossier")

    async def scope(request: Request) -> RegistryScope | Response:
        return await registry_viewer(auth, request, "请在工作台登录后再查看项目档案", _problem)

    async def assembled(request: Request) -> Dossier | Response:
        found = await scope(request)
        if isinstance(found, Response):
            return found
        project_id = request.path_params["project_id"]
        loop = asyncio.get_running_loop()
        try:
            record = await loop.run_in_executor(pool, dossiers.dossier, project_id, found, loop)
        except RegistryUnavailable as error:
            return _problem(request, 503, "项目登记库不可用", str(error))
        except SourceError as error:
            return _problem(request, 502, "引擎记录无法读取", f"项目 {project_id} 的档案无法生成：{error}")
        if record is None:
            return _problem(request, 404, "项目不存在", f"引擎与登记库中都没有您可查看的项目 {project_id}")
        return record

    async def dossier_html(request: Request) -> Response:
        record = await assembled(request)
        if isinstance(record, Response):
            return record
        page = await asyncio.get_running_loop().run_in_executor(pool, render_html, record)
        return HTMLResponse(page, headers=_gap_headers(record))

    async def dossier_pdf(request: Request) -> Response:
        project_id = request.path_params["project_id"]
        record = await assembled(request)  # also the visibility check before an archive is read
        if isinstance(record, Response):
            return record
        loop = asyncio.get_running_loop()
        try:
            archived = await loop.run_in_executor(pool, dossiers.archived_pdf, project_id, loop)
        except RegistryUnavailable:
            archived = None  # no archive can be checked: the one generated now, marked as such
        except ArchiveUnreadable as error:
            return _problem(request, 409, "归档档案无法提供", str(error))
        if archived is not None:
            content, source = archived.content, "archived"
        else:
            try:
                content = await loop.run_in_executor(pool, render_pdf, record)
            except FontMissingError as error:
                return _problem(request, 500, "档案 PDF 无法生成", str(error))
            source = "generated"
        name = f"项目档案-{project_id}.pdf"
        return Response(
            content,
            media_type="application/pdf",
            headers={
                **_gap_headers(record),
                "content-disposition": _attachment(name, f"dossier-{_ascii(project_id)}.pdf"),
                "x-dossier-source": source,
            },
        )

    async def overview(request: Request) -> Response:
        found = await scope(request)
        if isinstance(found, Response):
            return found
        wanted = request.query_params.get("format", "json")
        if wanted not in ("json", "csv", "xlsx"):
            return _problem(request, 400, "不支持的格式", f"format={wanted}：可选 json、csv 或 xlsx")
        if not dossiers.has_registry:
            return _problem(
                request,
                503,
                "项目登记库未配置",
                "统计概览按登记库中的项目统计：引擎启动时未给出 --registry-url",
            )
        loop = asyncio.get_running_loop()
        try:
            count, tables = await loop.run_in_executor(pool, dossiers.overview, found, loop)
        except RegistryUnavailable as error:
            return _problem(request, 503, "项目登记库不可用", str(error))
        except SourceError as error:
            return _problem(request, 502, "引擎记录无法读取", f"统计概览无法生成：{error}")
        at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        if wanted == "json":
            return JSONResponse(_overview_json(count, tables, at), headers=NO_STORE)
        stamp = at.strftime("%Y%m%d")
        if wanted == "csv":
            # the byte order mark lets a spreadsheet program read the Chinese as UTF-8
            return Response(
                "\ufeff" + to_csv(tables),
                media_type="text/csv; charset=utf-8",
                headers={
                    **NO_STORE,
                    "content-disposition": _attachment(f"统计概览-{stamp}.csv", f"overview-{stamp}.csv"),
                },
            )
        content = await loop.run_in_executor(pool, to_xlsx, tables, at)
        return Response(
            content,
            media_type=XLSX,
            headers={
                **NO_STORE,
                "content-disposition": _attachment(f"统计概览-{stamp}.xlsx", f"overview-{stamp}.xlsx"),
            },
        )

    return [
        Route("/workspace/registry/projects/{project_id}/dossier", dossier_html, methods=["GET"]),
        Route("/workspace/registry/projects/{project_id}/dossier.pdf", dossier_pdf, methods=["GET"]),
        Route("/workspace/registry/overview", overview, methods=["GET"]),
    ]
