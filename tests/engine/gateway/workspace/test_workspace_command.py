"""``python -m engine --web-port``: off unless asked, and only with the directory to sign in against."""

from __future__ import annotations

import pytest

from engine.__main__ import parse_options


def test_the_workspace_is_off_by_default_and_served_on_the_port_asked_for() -> None:
    assert parse_options([]).web_port is None
    assert parse_options(["--identity", "--web-port", "0"]).web_port is None
    assert parse_options(["--identity", "--web-port", "8088"]).web_port == 8088


def test_the_workspace_without_identity_is_refused_naming_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        parse_options(["--web-port", "8088"])
    error = capsys.readouterr().err
    assert "--web-port" in error and "--identity" in error
