"""The single-page app's files: index.html for the app's paths (revalidated), hashed assets (cached
long), nothing outside ``web/dist/assets``, and a Chinese page when the app is not built."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.engine.gateway.workspace.conftest import APP_JS, INDEX_HTML, OUTSIDE, Workspace, served_workspace


@pytest.mark.parametrize(
    "path", ["/", "/signin", "/tasks", "/tasks/2251799813685605", "/operate/x/y", "/projects", "/overview"]
)
def test_the_apps_paths_get_index_html(workspace: Workspace, path: str) -> None:
    with workspace.browser() as browser:
        response = browser.get(path)
    assert response.status_code == 200
    assert response.text == INDEX_HTML
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"


def test_assets_are_served_with_a_long_cache(workspace: Workspace) -> None:
    with workspace.browser() as browser:
        response = browser.get("/assets/app-3f2a.js")
        assert response.status_code == 200 and response.text == APP_JS
        assert "javascript" in response.headers["content-type"]
        assert "immutable" in response.headers["cache-control"]
        assert browser.get("/assets/none.js").status_code == 404
        assert browser.get("/elsewhere").status_code == 404  # not one of the app's paths


def _raw_get(port: int, target: str) -> tuple[int, bytes]:
    """A request line sent as written: clients normalise ``..`` away before sending."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer


@pytest.mark.parametrize(
    "target",
    [
        "/assets/../secret.txt",
        "/assets/%2e%2e/secret.txt",
        "/assets/..%2fsecret.txt",
        "/assets/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/assets/./../secret.txt",
        "/assets/..\\secret.txt",
        "/assets//etc/passwd",
    ],
)
def test_paths_leaving_the_assets_folder_are_refused(workspace: Workspace, target: str) -> None:
    assert workspace.running.web_port is not None
    status, answer = _raw_get(workspace.running.web_port, target)
    assert status in (400, 404)
    assert OUTSIDE.encode() not in answer and b"root:" not in answer


def test_a_symlink_out_of_the_assets_folder_is_refused(workspace: Workspace) -> None:
    (workspace.dist / "assets" / "link.txt").symlink_to(workspace.dist / "secret.txt")
    with workspace.browser() as browser:
        assert browser.get("/assets/link.txt").status_code == 404


def test_without_a_build_the_page_says_to_run_make_web(tmp_path: Path) -> None:
    with (
        served_workspace(tmp_path, dist=tmp_path / "web" / "dist") as workspace,
        workspace.browser() as browser,
    ):
        response = browser.get("/tasks")
        assert response.status_code == 503
        assert "make web" in response.text and "尚未构建" in response.text
        # sign-in and the API work all the same
        assert browser.get("/workspace/session").json()["title"] == "请先登录"
