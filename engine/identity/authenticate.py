"""From an ``Authorization`` header to a :class:`Principal`.

- ``Bearer <ENGINE_AUTH_TOKEN>``: the service account (workers, operators' tools).
- ``Bearer govit_…``: a user's API token issued with ``govit users token``.
- ``Bearer <JWT>``: an OIDC access token of the configured issuer.
- ``Basic <user:password>``: a directory user's password (as Camunda 8.8's basic authentication);
  wrong passwords count towards a lock-out.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading
import time
from typing import Any

from engine.identity.directory import AccountLocked, Directory
from engine.identity.oidc import InvalidToken, OidcVerifier
from engine.identity.principal import SERVICE_ACCOUNT, Principal, PrincipalKind
from engine.identity.records import User

_VERIFIED_TTL_SECONDS = 60.0
"""How long a checked password is trusted without hashing again (argon2id is slow by design)."""


class Unauthenticated(Exception):
    """No valid credentials; the message says why without repeating what was presented."""


class Authenticator:
    def __init__(
        self, directory: Directory, *, service_token: str | None = None, oidc: OidcVerifier | None = None
    ) -> None:
        self.directory = directory
        self._service = f"Bearer {service_token}".encode() if service_token else None
        self._oidc = oidc
        self._verified: dict[str, tuple[float, int, str]] = {}
        self._lock = threading.Lock()

    def authenticate(self, header: str | None) -> Principal:
        """The caller behind the header; raises :class:`Unauthenticated`. May block (password hash)."""
        if not header:
            raise Unauthenticated("credentials are required (Authorization: Bearer or Basic)")
        if self._service is not None and hmac.compare_digest(header.encode(), self._service):
            return SERVICE_ACCOUNT
        scheme, _, credentials = header.partition(" ")
        credentials = credentials.strip()
        if scheme.lower() == "basic":
            return self._password(credentials)
        if scheme.lower() != "bearer" or not credentials:
            raise Unauthenticated("unsupported Authorization scheme; use Bearer or Basic")
        if credentials.startswith("govit_"):
            user = self.directory.user_for_token(credentials)
            if user is None:
                raise Unauthenticated("the API token is unknown, revoked or its user disabled")
            return self.user_principal(user, via="api-token")
        if credentials.count(".") == 2 and self._oidc is not None:
            return self._jwt(credentials)
        raise Unauthenticated("a valid bearer token is required")

    def user_principal(self, user: User, *, via: str) -> Principal:
        groups, roles = self.directory.memberships(user.username)
        return Principal(
            PrincipalKind.USER,
            user.username,
            name=user.name,
            email=user.email,
            unit=user.unit,
            groups=groups,
            roles=roles,
            via=via,
        )

    def _password(self, credentials: str) -> Principal:
        try:
            decoded = base64.b64decode(credentials, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise Unauthenticated("malformed Basic credentials") from None
        username, separator, password = decoded.partition(":")
        if not separator or not username:
            raise Unauthenticated("malformed Basic credentials")
        fingerprint = hashlib.sha256(decoded.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            cached = self._verified.get(fingerprint)
        if cached is not None and cached[0] > now and cached[1] == self.directory.revision:
            user = self.directory.find_user(cached[2])
            if user is not None and user.enabled:
                return self.user_principal(user, via="password")
        try:
            user = self.directory.check_password(username, password)
        except AccountLocked as error:
            raise Unauthenticated(str(error)) from None
        if user is None:
            raise Unauthenticated("用户名或密码错误")
        with self._lock:
            if len(self._verified) > 10_000:
                self._verified.clear()
            self._verified[fingerprint] = (
                now + _VERIFIED_TTL_SECONDS,
                self.directory.revision,
                user.username,
            )
        return self.user_principal(user, via="password")

    def _jwt(self, token: str) -> Principal:
        assert self._oidc is not None
        try:
            claims = self._oidc.claims(token)
        except InvalidToken as error:
            raise Unauthenticated(str(error)) from None
        settings = self._oidc.settings
        username = str(claims.get(settings.username_claim) or claims["sub"])
        rules = frozenset(
            rule.mapping_rule_id
            for rule in self.directory.mapping_rules()
            if _claim_matches(claims.get(rule.claim_name), rule.claim_value)
        )
        known = self.directory.find_user(username)
        if known is not None and not known.enabled:
            raise Unauthenticated(f"user {username!r} is disabled")
        client_id = claims.get(settings.client_id_claim)
        groups, roles = self.directory.memberships(
            username, rules, client_id=str(client_id) if client_id else None
        )
        unit = claims.get(settings.unit_claim) or (known.unit if known is not None else None)
        return Principal(
            PrincipalKind.USER,
            username,
            name=str(claims.get("name") or (known.name if known else username)),
            email=str(claims["email"]) if claims.get("email") else (known.email if known else None),
            unit=str(unit) if unit else None,
            groups=groups | self._oidc.groups(claims),
            roles=roles,
            mapping_rules=rules,
            client_id=str(client_id) if client_id else None,
            via="oidc",
            claims=claims,
        )


def _claim_matches(value: Any, expected: str) -> bool:
    if isinstance(value, list):
        return expected in [str(item) for item in value]
    return value is not None and str(value) == expected
