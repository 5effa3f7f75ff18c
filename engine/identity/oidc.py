"""OIDC bearer tokens (Keycloak, as Camunda Identity uses): a JWT signed by the issuer, checked
against the issuer's published keys (JWKS), its audience and expiry; groups come from a claim."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    jwks_url: str
    audience: str | None = None
    username_claim: str = "preferred_username"
    groups_claim: str = "groups"
    unit_claim: str = "unit"
    client_id_claim: str = "azp"
    algorithms: tuple[str, ...] = ("RS256", "ES256", "PS256")


class InvalidToken(Exception):
    """The token is not one this issuer signed for us, or has expired; the reason is safe to show."""


class OidcVerifier:
    def __init__(self, settings: OidcSettings, keys: jwt.PyJWKClient | None = None) -> None:
        self.settings = settings
        # PyJWKClient caches the key set and fetches it again when a token names an unknown key id
        # (the issuer rotated its keys).
        self._keys = keys or jwt.PyJWKClient(settings.jwks_url, cache_keys=True, lifespan=300, timeout=10)

    def claims(self, token: str) -> dict[str, Any]:
        try:
            key = self._keys.get_signing_key_from_jwt(token).key
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=list(self.settings.algorithms),
                audience=self.settings.audience,
                issuer=self.settings.issuer,
                options={"require": ["exp", "iss", "sub"], "verify_aud": self.settings.audience is not None},
                leeway=30,
            )
        except jwt.PyJWKClientError as error:
            raise InvalidToken(f"the issuer's signing keys cannot be read: {error}") from None
        except jwt.InvalidTokenError as error:
            raise InvalidToken(f"invalid bearer token: {error}") from None
        return claims

    def groups(self, claims: dict[str, Any]) -> frozenset[str]:
        raw = claims.get(self.settings.groups_claim) or []
        if isinstance(raw, str):
            raw = [raw]
        # Keycloak's group mapper may send full paths ("/lg-ita-reviewers"); the group is its last part.
        return frozenset(str(g).rstrip("/").rsplit("/", 1)[-1] for g in raw if str(g).strip("/"))
