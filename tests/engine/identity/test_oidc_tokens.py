"""OIDC bearer tokens, from a local test issuer: a JWT signed with the issuer's key, published as a
JWKS over HTTP, gives a principal with the groups of its claim and of matching mapping rules; a
token of another issuer, for another audience or expired is refused."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from engine.identity.authenticate import Authenticator, Unauthenticated
from engine.identity.directory import Directory
from engine.identity.oidc import OidcSettings, OidcVerifier
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.permissions import OwnerType

ISSUER = "http://issuer.test/realms/govit"
AUDIENCE = "orchestration-api"


class LocalIssuer:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwks = json.dumps({"keys": [{**public, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(jwks)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.jwks_url = f"http://127.0.0.1:{self.server.server_port}/certs"

    def token(self, **claims: Any) -> str:
        now = int(time.time())
        body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "u-1", "iat": now, "exp": now + 300, **claims}
        return jwt.encode(body, self.key, algorithm="RS256", headers={"kid": "k1"})

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def issuer() -> Iterator[LocalIssuer]:
    found = LocalIssuer()
    yield found
    found.close()


@pytest.fixture
def authenticator(issuer: LocalIssuer) -> Iterator[Authenticator]:
    directory = Directory.open(None, passwords=Passwords(TEST_COST))
    directory.add_group("th-secrecy", name="保密局")
    directory.add_mapping_rule(
        "th-secrecy-staff", name="保密局员工", claim_name="department", claim_value="secrecy"
    )
    directory.add_group_member("th-secrecy", OwnerType.MAPPING_RULE, "th-secrecy-staff")
    settings = OidcSettings(issuer=ISSUER, jwks_url=issuer.jwks_url, audience=AUDIENCE)
    yield Authenticator(directory, service_token="svc", oidc=OidcVerifier(settings))
    directory.close()


def test_a_token_of_the_issuer_gives_groups_from_its_claim_and_mapping_rules(
    issuer: LocalIssuer, authenticator: Authenticator
) -> None:
    token = issuer.token(
        preferred_username="th_clerk", groups=["/th-owner"], department="secrecy", unit="亭湖区财政局"
    )
    principal = authenticator.authenticate(f"Bearer {token}")
    assert principal.username == "th_clerk"
    assert principal.groups == {"th-owner", "th-secrecy"}
    assert principal.mapping_rules == {"th-secrecy-staff"}
    assert principal.unit == "亭湖区财政局" and principal.via == "oidc"


@pytest.mark.parametrize(
    "claims",
    [{"iss": "http://other.test"}, {"aud": "zeebe-api"}, {"exp": int(time.time()) - 3600}],
    ids=["other-issuer", "other-audience", "expired"],
)
def test_tokens_not_meant_for_us_are_refused(
    issuer: LocalIssuer, authenticator: Authenticator, claims: dict[str, Any]
) -> None:
    with pytest.raises(Unauthenticated):
        authenticator.authenticate(f"Bearer {issuer.token(**claims)}")


def test_a_token_signed_by_another_key_is_refused(issuer: LocalIssuer, authenticator: Authenticator) -> None:
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    forged = jwt.encode(
        {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": now + 60},
        forger,
        algorithm="RS256",
        headers={"kid": "k1"},
    )
    with pytest.raises(Unauthenticated):
        authenticator.authenticate(f"Bearer {forged}")
