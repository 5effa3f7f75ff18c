"""`govit run`'s laptop defaults for the workers, and its choice of ports."""

from __future__ import annotations

import socket
from pathlib import Path

from govit.local_run import _free_port, worker_environment


def test_laptop_defaults_fill_what_the_user_left_unset() -> None:
    env = worker_environment(Path("data"), "127.0.0.1:26500", {"PATH": "/bin"})
    assert env["ZEEBE_ADDRESS"] == "127.0.0.1:26500"
    assert env["GOVIT_DIRECTORY"] == "deploy/directory.local.yaml"
    assert env["GOVIT_REGISTRY_URL"] == "sqlite:///data/registry.db"
    assert env["GOVIT_DOCUMENT_DIR"] == "data/documents"
    assert env["CAMUNDA_REST_ADDRESS"] == "http://127.0.0.1:8080"  # the dossier archive reads it
    assert "GOVIT_SMTP_HOST" not in env  # notifications stay in the in-app outbox
    assert env["PATH"] == "/bin"


def test_the_user_settings_win_but_never_a_remote_cluster_login() -> None:
    env = worker_environment(
        Path("data"),
        "127.0.0.1:27000",
        {
            "GOVIT_DIRECTORY": "/etc/govit/people.yaml",
            "GOVIT_SMTP_HOST": "localhost",
            "ZEEBE_ADDRESS": "camunda.example.gov.cn:443",
            "ZEEBE_CLIENT_ID": "govit",
            "ZEEBE_CLIENT_SECRET": "s",
            "ZEEBE_AUTHORIZATION_SERVER_URL": "https://login.example.gov.cn/token",
            "CAMUNDA_REST_ADDRESS": "https://camunda.example.gov.cn",
            "GOVIT_REST_TOKEN": "remote",
        },
        rest_address="http://127.0.0.1:8090",
    )
    assert env["CAMUNDA_REST_ADDRESS"] == "http://127.0.0.1:8090" and "GOVIT_REST_TOKEN" not in env
    assert env["GOVIT_DIRECTORY"] == "/etc/govit/people.yaml"
    assert env["GOVIT_SMTP_HOST"] == "localhost"
    assert env["ZEEBE_ADDRESS"] == "127.0.0.1:27000"
    assert not {"ZEEBE_CLIENT_ID", "ZEEBE_CLIENT_SECRET", "ZEEBE_AUTHORIZATION_SERVER_URL"} & set(env)


def test_a_taken_port_is_replaced_by_a_free_one() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        other = _free_port(port)
        assert other != port
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", other))
