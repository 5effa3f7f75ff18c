"""``/workspace/session``: sign in (POST), the signed-in user (GET), sign out (DELETE).

The password is checked against the directory, whose lock-out after repeated wrong passwords
applies here as to every other way of signing in. Nothing of the password, the session id or the
CSRF token is logged; the username is."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import structlog
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.workspace.problems import LOCKED, WRONG_PASSWORD, problem_body
from engine.gateway.workspace.signed_in import (
    ForgedWrite,
    NotSignedIn,
    SessionAuth,
    SignedIn,
    check_origin,
    session_cookie,
)
from engine.identity.directory import LOCKOUT_MS, MAX_FAILED_ATTEMPTS, AccountLocked
from engine.identity.principal import Principal
from engine.identity.sessions import cleared_cookie

log = structlog.get_logger("engine.workspace")

PATH = "/workspace/session"


def _problem(request: Request, status: int, title: str, detail: str, **headers: str) -> Response:
    return Response(
        problem_body(status, title, detail, request.url.path),
        status_code=status,
        media_type="application/problem+json",
        headers={"cache-control": "no-store", **headers},
    )


def session_body(principal: Principal, csrf_token: str) -> dict[str, Any]:
    return {
        "username": principal.username,
        "name": principal.name,
        "groups": sorted(principal.groups),
        "roles": sorted(principal.roles),
        "unit": principal.unit,
        "csrfToken": csrf_token,
    }


def _answer(signed: SignedIn, *, cookie: str | None = None) -> Response:
    response = JSONResponse(session_body(signed.principal, signed.csrf_token))
    response.headers["cache-control"] = "no-store"
    if cookie is not None:
        response.headers["set-cookie"] = cookie
    return response


MAX_SIGN_IN_BYTES = 8 * 1024
"""A sign-in is a username and a password; anything longer is refused before it is read whole."""


class _TooLarge(Exception):
    pass


async def _credentials(request: Request) -> tuple[str, str] | None:
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_SIGN_IN_BYTES:
            raise _TooLarge
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict):
        return None
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or not username.strip() or not password:
        return None
    return username.strip(), password


def session_routes(auth: SessionAuth, *, secure: bool) -> list[Route]:
    directory = auth.services.directory

    async def sign_in(request: Request) -> Response:
        try:
            check_origin(dict(request.scope["headers"]))
        except ForgedWrite as forged:
            return _problem(request, 403, forged.title, forged.detail)
        try:
            credentials = await _credentials(request)
        except _TooLarge:
            return _problem(request, 413, "请求过大", f"登录请求不能超过 {MAX_SIGN_IN_BYTES} 字节")
        if credentials is None:
            return _problem(
                request,
                400,
                "请求格式错误",
                '登录请求须为 JSON：{"username": "…", "password": "…"}，两项都不能为空',
            )
        username, password = credentials
        try:
            # argon2id is slow by design: off the event loop
            user = await asyncio.to_thread(directory.check_password, username, password)
        except AccountLocked as locked:
            minutes = max(1, math.ceil(locked.remaining_ms / 60_000))
            log.warning("workspace sign-in refused: account locked", username=username)
            return _problem(
                request,
                429,
                LOCKED,
                f"连续输错密码 {MAX_FAILED_ATTEMPTS} 次，账号已锁定，"
                f"请 {minutes} 分钟后再试，或请管理员重置密码",
                **{"retry-after": str(max(1, math.ceil(locked.remaining_ms / 1000)))},
            )
        if user is None:
            # a name the directory does not know may be a password typed into the wrong field
            known = directory.find_user(username) is not None
            log.info("workspace sign-in refused: wrong password", username=username if known else "(unknown)")
            return _problem(
                request,
                401,
                WRONG_PASSWORD,
                f"请检查用户名和密码；连续输错 {MAX_FAILED_ATTEMPTS} 次"
                f"将锁定账号 {LOCKOUT_MS // 60_000} 分钟",
            )
        principal = auth.principal_for(user.username)
        stamp = directory.credential_stamp(user.username)
        if principal is None or stamp is None:  # disabled between the check and now
            return _problem(request, 401, WRONG_PASSWORD, "该账号已停用")
        previous = session_cookie(dict(request.scope["headers"]))
        if previous is not None:  # signing in again (another user on this browser) ends the old one
            auth.sessions.end(previous)
        started = auth.sessions.start(user.username, stamp=stamp)
        log.info("workspace sign-in", username=user.username)
        return _answer(
            SignedIn(principal, started.session_id, started.csrf_token), cookie=started.cookie(secure=secure)
        )

    async def current(request: Request) -> Response:
        try:
            signed = await asyncio.to_thread(auth.signed_in, "GET", dict(request.scope["headers"]))
        except NotSignedIn as missing:
            return _problem(request, 401, missing.title, "工作台的会话不存在、已退出或已过期")
        return _answer(signed)

    async def sign_out(request: Request) -> Response:
        try:
            signed = await asyncio.to_thread(auth.signed_in, "DELETE", dict(request.scope["headers"]))
        except NotSignedIn as missing:
            return _problem(request, 401, missing.title, "工作台的会话不存在、已退出或已过期")
        except ForgedWrite as forged:
            return _problem(request, 403, forged.title, forged.detail)
        auth.sessions.end(signed.session_id)
        log.info("workspace sign-out", username=signed.principal.username)
        return Response(status_code=204, headers={"set-cookie": cleared_cookie(secure=secure)})

    async def dispatch(request: Request) -> Response:
        if request.method == "POST":
            return await sign_in(request)
        if request.method == "DELETE":
            return await sign_out(request)
        return await current(request)

    return [Route(PATH, dispatch, methods=["GET", "POST", "DELETE"])]
