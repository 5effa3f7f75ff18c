"""Server side of the web workspace's sign-in: sessions with an idle timeout and a CSRF token.

The workspace gets the session id in an HttpOnly, SameSite=Strict cookie and the CSRF token in the
sign-in answer; every write must send the token back in a header (``X-CSRF-Token``), which a page
of another origin cannot read, so a forged form post fails. Only SHA-256 digests of both are kept.
Sign-out ends the session; an idle session expires. Not yet wired into the REST guard: the
workspace's sign-in routes will use it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass

IDLE_TIMEOUT_MS = 30 * 60 * 1000
COOKIE_NAME = "govit_session"
CSRF_HEADER = "x-csrf-token"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass
class _Session:
    username: str
    csrf_digest: str
    last_seen_ms: int


@dataclass(frozen=True)
class NewSession:
    session_id: str
    csrf_token: str

    def cookie(self, *, secure: bool) -> str:
        """The Set-Cookie value for the session id."""
        flags = "; HttpOnly; SameSite=Strict; Path=/"
        return f"{COOKIE_NAME}={self.session_id}{flags}" + ("; Secure" if secure else "")


class SessionExpired(Exception):
    """The session is unknown, signed out or idle for too long: sign in again."""


class CsrfRejected(Exception):
    """A write without the session's CSRF token (a forged cross-site request, or a stale page)."""


class SessionStore:
    def __init__(self, now_ms: Callable[[], int], idle_timeout_ms: int = IDLE_TIMEOUT_MS) -> None:
        self._now_ms = now_ms
        self._idle = idle_timeout_ms
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def start(self, username: str) -> NewSession:
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[_digest(session_id)] = _Session(username, _digest(csrf), self._now_ms())
        return NewSession(session_id, csrf)

    def user(self, session_id: str, *, write: bool = False, csrf_token: str | None = None) -> str:
        """The signed-in user of the session, refreshing its idle timer; a write needs the token."""
        key = _digest(session_id)
        now = self._now_ms()
        with self._lock:
            session = self._sessions.get(key)
            if session is None or now - session.last_seen_ms > self._idle:
                self._sessions.pop(key, None)
                raise SessionExpired("会话已过期或已退出，请重新登录")
            if write and (
                csrf_token is None or not hmac.compare_digest(_digest(csrf_token), session.csrf_digest)
            ):
                raise CsrfRejected("缺少或错误的 CSRF 令牌，请求被拒绝")
            session.last_seen_ms = now
            return session.username

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(_digest(session_id), None)

    def end_all(self, username: str) -> None:
        """Sign a user out everywhere (disabled account, password reset)."""
        with self._lock:
            for key in [k for k, s in self._sessions.items() if s.username == username]:
                del self._sessions[key]
