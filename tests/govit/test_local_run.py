"""`govit run`'s laptop defaults for the workers, and its choice of ports."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

from govit.local_run import _free_port, _owner_only_secret, sample_units, worker_environment
from govit.project import load_project


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


def test_each_regions_demo_applicant_works_for_its_sample_projects_unit() -> None:
    units = sample_units()
    assert set(units) == {"lg", "hy", "lz", "th", "yb"}
    assert units["lg"] == load_project(Path("deploy/samples/lg-project.yaml")).unit


def test_the_service_token_is_made_once_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "service-token.txt"
    token = _owner_only_secret(path, 32)
    assert len(token) >= 40 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _owner_only_secret(path, 32) == token  # the workers and a second terminal agree on it


def test_with_the_engines_token_notifications_use_its_directory() -> None:
    env = worker_environment(
        Path("data"), "127.0.0.1:26500", {}, rest_address="http://127.0.0.1:8080", token="svc"
    )
    assert env["ENGINE_AUTH_TOKEN"] == "svc"
    assert env["GOVIT_REST_TOKEN"] == "svc"  # the dossier archive job reads and stores with it
    assert env["GOVIT_IDENTITY_ADDRESS"] == "http://127.0.0.1:8080" and env["GOVIT_IDENTITY_TOKEN"] == "svc"
    assert "GOVIT_DIRECTORY" not in env  # it would win over the identity API
    own = worker_environment(
        Path("data"),
        "127.0.0.1:26500",
        {"GOVIT_DIRECTORY": "/etc/govit/people.yaml"},
        rest_address="http://127.0.0.1:8080",
        token="svc",
    )
    assert own["GOVIT_DIRECTORY"] == "/etc/govit/people.yaml" and "GOVIT_IDENTITY_ADDRESS" not in own
