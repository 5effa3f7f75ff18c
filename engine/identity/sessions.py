"""Server side of the web workspace's sign-in: sessions with an idle timeout and a CSRF token.

The workspace gets the session id in an HttpOnly, SameSite=Strict cookie and the CSRF token in the
sign-in answer; every write must send the token back in a header (``X-CSRF-Token``), which a page
of another origin cannot read, so a forged form post fails. The token is an HMAC of the session id
under a key of this store, so the page can ask for it again (a reload) while the store keeps only a
SHA-256 digest of the session id. Sign-out ends the session; an idle session expires, and so does
any session after :data:`MAX_AGE_MS`.

A session also remembers a stamp of the user's credentials at sign-in (see
:meth:`engine.identity.directory.Directory.credential_stamp`): when the password is reset or the
account disabled, even by another process on the same directory, the stamp no longer matches and
every session of that user ends.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass

IDLE_TIMEOUT_MS = 30 * 60 * 1000
MAX_AGE_MS = 12 * 60 * 60 * 1000
"""However busy, a session ends after a working day: a stolen cookie does not live on."""
COOKIE_NAME = "govit_session"
CSRF_HEADER = "x-csrf-token"
_COOKIE_FLAGS = "; HttpOnly; SameSite=Strict; Path=/"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass
class _Session:
    username: str
    stamp: str
    last_seen_ms: int
    started_ms: int

    def expired(self, now_ms: int, idle_ms: int, max_age_ms: int) -> bool:
        return now_ms - self.last_seen_ms > idle_ms or now_ms - self.started_ms > max_age_ms


@dataclass(frozen=True)
class NewSession:
    session_id: str
    csrf_token: str

    def cookie(self, *, secure: bool) -> str:
        """The Set-Cookie value for the session id."""
        return f"{COOKIE_NAME}={self.session_id}{_COOKIE_FLAGS}" + ("; Secure" if secure else "")


@dataclass(frozen=True)
class ActiveSession:
    username: str
    stamp: str
    """The user's credential stamp when the session started."""
    csrf_token: str


def cleared_cookie(*, secure: bool) -> str:
    """The Set-Cookie value that removes the session cookie from the browser."""
    return f"{COOKIE_NAME}=; Max-Age=0{_COOKIE_FLAGS}" + ("; Secure" if secure else "")


class SessionExpired(Exception):
    """The session is unknown, signed out or idle for too long: sign in again."""


class CsrfRejected(Exception):
    """A write without the session's CSRF token (a forged cross-site request, or a stale page)."""


class SessionStore:
    """Sessions in memory: an engine restart signs everyone out.

    ``now_ms`` is the wall clock in milliseconds (never the engine's clock, which tests and
    rehearsals pin); tests inject their own."""

    def __init__(
        self, now_ms: Callable[[], int], idle_timeout_ms: int = IDLE_TIMEOUT_MS, max_age_ms: int = MAX_AGE_MS
    ) -> None:
        self._now_ms = now_ms
        self._idle = idle_timeout_ms
        self._max_age = max_age_ms
        self._key = secrets.token_bytes(32)
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def _csrf(self, session_id: str) -> str:
        return hmac.new(self._key, session_id.encode(), hashlib.sha256).hexdigest()

    def start(self, username: str, *, stamp: str = "") -> NewSession:
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._drop_idle()
            now = self._now_ms()
            self._sessions[_digest(session_id)] = _Session(username, stamp, now, now)
        return NewSession(session_id, self._csrf(session_id))

    def session(
        self, session_id: str, *, write: bool = False, csrf_token: str | None = None
    ) -> ActiveSession:
        """The live session, refreshing its idle timer; a write needs the CSRF token."""
        key = _digest(session_id)
        now = self._now_ms()
        with self._lock:
            session = self._sessions.get(key)
            if session is None or session.expired(now, self._idle, self._max_age):
                self._sessions.pop(key, None)
                raise SessionExpired("会话已过期或已退出，请重新登录")
            expected = self._csrf(session_id)
            if write and (csrf_token is None or not hmac.compare_digest(csrf_token, expected)):
                raise CsrfRejected("缺少或错误的 CSRF 令牌，请求被拒绝")
            session.last_seen_ms = now
            return ActiveSession(session.username, session.stamp, expected)

    def user(self, session_id: str, *, write: bool = False, csrf_token: str | None = None) -> str:
        """The signed-in user of the session, refreshing its idle timer; a write needs the token."""
        return self.session(session_id, write=write, csrf_token=csrf_token).username

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(_digest(session_id), None)

    def end_all(self, username: str) -> None:
        """Sign a user out everywhere (disabled account, password reset)."""
        with self._lock:
            for key in [k for k, s in self._sessions.items() if s.username == username]:
                del self._sessions[key]

    def count(self) -> int:
        with self._lock:
            self._drop_idle()
            return len(self._sessions)

    def _drop_idle(self) -> None:
        # Called with the lock held: sessions nobody comes back to do not pile up.
        now = self._now_ms()
        for key in [k for k, s in self._sessions.items() if s.expired(now, self._idle, self._max_age)]:
            del self._sessions[key]
