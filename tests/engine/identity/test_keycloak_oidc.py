"""A real OIDC provider: Keycloak (as Camunda Identity uses) started with testcontainers, a realm
with a user in a group and a groups claim; its access token is accepted by the engine's
authenticator with the user's groups, and a tampered one is refused. Skips, naming why, without a
Docker engine."""

from __future__ import annotations

import time
from collections.abc import Iterator

import docker
import httpx
import pytest

from engine.identity.authenticate import Authenticator, Unauthenticated
from engine.identity.directory import Directory
from engine.identity.oidc import OidcSettings, OidcVerifier
from engine.identity.passwords import TEST_COST, Passwords

KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:26.0"
REALM = "govit"
CLIENT = "govit-workspace"

pytestmark = [pytest.mark.docker, pytest.mark.timeout(600)]


def _docker_unavailable() -> str | None:
    try:
        client = docker.from_env(timeout=5)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:  # docker raises its own, requests' and OS errors alike
        return f"no Docker engine: {type(error).__name__}: {error}"
    return None


@pytest.fixture(scope="module")
def keycloak() -> Iterator[str]:
    reason = _docker_unavailable()
    if reason is not None:
        pytest.skip(reason)
    from testcontainers.core.container import DockerContainer

    container = (
        DockerContainer(KEYCLOAK_IMAGE)
        .with_env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
        .with_env("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-password")
        .with_command("start-dev")
        .with_exposed_ports(8080)
    )
    with container:
        url = f"http://{container.get_container_host_ip()}:{container.get_exposed_port(8080)}"
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{url}/realms/master", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "Keycloak did not start within 300 s"
            time.sleep(2)
        _set_up_realm(url)
        yield url


def _set_up_realm(url: str) -> None:
    token = httpx.post(
        f"{url}/realms/master/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": "admin-cli",
            "username": "admin",
            "password": "admin-password",
        },
    ).json()["access_token"]
    admin = httpx.Client(
        base_url=f"{url}/admin/realms", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    admin.post("", json={"realm": REALM, "enabled": True}).raise_for_status()
    admin.post(
        f"/{REALM}/clients",
        json={
            "clientId": CLIENT,
            "publicClient": True,
            "directAccessGrantsEnabled": True,
            "protocolMappers": [
                {
                    "name": "groups",
                    "protocol": "openid-connect",
                    "protocolMapper": "oidc-group-membership-mapper",
                    "config": {"claim.name": "groups", "full.path": "true", "access.token.claim": "true"},
                },
                {
                    "name": "audience",
                    "protocol": "openid-connect",
                    "protocolMapper": "oidc-audience-mapper",
                    "config": {"included.custom.audience": "orchestration-api", "access.token.claim": "true"},
                },
            ],
        },
    ).raise_for_status()
    admin.post(f"/{REALM}/groups", json={"name": "th-ita-reviewers"}).raise_for_status()
    admin.post(
        f"/{REALM}/users",
        json={
            "username": "th_reviewer",
            "enabled": True,
            "email": "th_reviewer@example.gov.cn",
            "firstName": "亭湖",
            "lastName": "审核员",
            "emailVerified": True,
            "groups": ["/th-ita-reviewers"],
            "credentials": [{"type": "password", "value": "reviewer-password", "temporary": False}],
        },
    ).raise_for_status()


def _access_token(url: str) -> str:
    response = httpx.post(
        f"{url}/realms/{REALM}/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": CLIENT,
            "username": "th_reviewer",
            "password": "reviewer-password",
        },
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def test_a_keycloak_access_token_gives_the_users_groups(keycloak: str) -> None:
    settings = OidcSettings(
        issuer=f"{keycloak}/realms/{REALM}",
        jwks_url=f"{keycloak}/realms/{REALM}/protocol/openid-connect/certs",
        audience="orchestration-api",
    )
    directory = Directory.open(None, passwords=Passwords(TEST_COST))
    try:
        authenticator = Authenticator(directory, oidc=OidcVerifier(settings))
        token = _access_token(keycloak)
        principal = authenticator.authenticate(f"Bearer {token}")
        assert principal.username == "th_reviewer"
        assert "th-ita-reviewers" in principal.groups
        header, payload, signature = token.split(".")
        tampered = f"{header}.{payload}.{signature[:-4]}AAAA"
        with pytest.raises(Unauthenticated):
            authenticator.authenticate(f"Bearer {tampered}")
    finally:
        directory.close()
