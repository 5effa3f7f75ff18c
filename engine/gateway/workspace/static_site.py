"""The single-page app's files from ``web/dist``: ``index.html`` for the app's own paths (the app
routes in the browser) and the hashed build outputs under ``/assets/``.

Hashed names never change content, so assets are cached for a year; ``index.html`` is revalidated
every time so a new build is picked up. A path that leaves ``web/dist/assets`` is refused."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from engine.gateway.workspace.problems import problem_body

APP_PREFIXES = ("/tasks", "/operate", "/projects", "/overview", "/signin")
DEFAULT_DIST = Path(__file__).resolve().parents[3] / "web" / "dist"
ASSET_CACHE = "public, max-age=31536000, immutable"

for _type, _suffix in (("text/javascript", ".mjs"), ("font/woff2", ".woff2"), ("application/wasm", ".wasm")):
    mimetypes.add_type(_type, _suffix)

NOT_BUILT = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>工作台尚未构建</title></head>
<body><h1>工作台页面尚未构建</h1>
<p>没有找到 <code>{dist}</code>。请在项目目录中运行 <code>make web</code>
（<code>make setup</code> 也会运行它），然后刷新本页。</p>
</body></html>
"""


def is_app_path(path: str) -> bool:
    return path == "/" or any(path == prefix or path.startswith(prefix + "/") for prefix in APP_PREFIXES)


class StaticSite:
    def __init__(self, dist: Path) -> None:
        self.dist = dist
        self._assets = (dist / "assets").resolve()

    def index(self) -> Response:
        index = self.dist / "index.html"
        if not index.is_file():
            return HTMLResponse(
                NOT_BUILT.format(dist=self.dist), status_code=503, headers={"cache-control": "no-store"}
            )
        return FileResponse(
            index, media_type="text/html; charset=utf-8", headers={"cache-control": "no-cache"}
        )

    def asset(self, request: Request, relative: str) -> Response:
        found = self._inside_assets(relative)
        if found is None:
            return not_found(request)
        return FileResponse(found, headers={"cache-control": ASSET_CACHE})

    def _inside_assets(self, relative: str) -> Path | None:
        parts = relative.split("/")
        if not relative or any(part in ("", ".", "..") or "\\" in part or "\x00" in part for part in parts):
            return None
        candidate = (self._assets / relative).resolve()
        if not candidate.is_relative_to(self._assets) or not candidate.is_file():
            return None
        return candidate


def not_found(request: Request) -> Response:
    return Response(
        problem_body(404, "页面不存在", f"工作台没有 {request.url.path}", request.url.path),
        status_code=404,
        media_type="application/problem+json",
    )
