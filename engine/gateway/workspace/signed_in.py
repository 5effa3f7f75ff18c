"""Who is signed in on a workspace request: the session cookie, checked against the session store
and against the directory (a disabled account or a new password ends every session of that user)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from engine.gateway.identity_services import IdentityServices
from engine.gateway.workspace.problems import CSRF_MISSING, NOT_SIGNED_IN, SESSION_EXPIRED
from engine.identity.principal import Principal
from engine.identity.sessions import (
    COOKIE_NAME,
    CSRF_HEADER,
    CsrfRejected,
    SessionExpired,
    SessionStore,
)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
VIA_SESSION = "session"


class NotSignedIn(Exception):
    """401: no session cookie, or one whose session ended; ``title`` is the page's message."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title


class ForgedWrite(Exception):
    """403: a write without the session's CSRF token, or from a page of another origin."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.title = CSRF_MISSING
        self.detail = detail


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    session_id: str
    csrf_token: str


def session_cookie(headers: dict[bytes, bytes]) -> str | None:
    for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
        name, separator, value = part.strip().partition("=")
        if separator and name == COOKIE_NAME and value:
            return value
    return None


def check_origin(headers: dict[bytes, bytes]) -> None:
    """A browser names the page's origin on every write; one of another host is a forgery even
    when it somehow carries the token."""
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin or origin == "null":
        return
    host = headers.get(b"host", b"").decode("latin-1")
    if urlsplit(origin).netloc != host:
        raise ForgedWrite(f"来源 {origin} 不是本工作台")


class SessionAuth:
    def __init__(self, sessions: SessionStore, services: IdentityServices) -> None:
        self.sessions = sessions
        self.services = services
        directory = services.directory
        # Changes made through this engine end the sessions at once; changes by another process
        # on the same directory are caught by the credential stamp on the next request.
        directory.credential_listeners.append(sessions.end_all)

    def principal_for(self, user: str) -> Principal | None:
        found = self.services.directory.find_user(user)
        if found is None or not found.enabled:
            return None
        return self.services.authenticator.user_principal(found, via=VIA_SESSION)

    def signed_in(self, method: str, headers: dict[bytes, bytes]) -> SignedIn:
        """Raises :class:`NotSignedIn` or :class:`ForgedWrite`. Blocks briefly (the directory)."""
        session_id = session_cookie(headers)
        if session_id is None:
            raise NotSignedIn(NOT_SIGNED_IN)
        write = method in WRITE_METHODS
        if write:
            check_origin(headers)
        csrf = headers.get(CSRF_HEADER.encode())
        try:
            session = self.sessions.session(
                session_id, write=write, csrf_token=csrf.decode("latin-1") if csrf is not None else None
            )
        except SessionExpired:
            raise NotSignedIn(SESSION_EXPIRED) from None
        except CsrfRejected as error:
            raise ForgedWrite(str(error)) from None
        if self.services.directory.credential_stamp(session.username) != session.stamp:
            self.sessions.end_all(session.username)
            raise NotSignedIn(SESSION_EXPIRED)
        principal = self.principal_for(session.username)
        if principal is None:
            self.sessions.end_all(session.username)
            raise NotSignedIn(SESSION_EXPIRED)
        return SignedIn(principal, session_id, session.csrf_token)
