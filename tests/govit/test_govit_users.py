"""``govit users``: the directory managed from the command line, imports from YAML and CSV, and the
demo users ``make run`` creates for every group the diagrams name (HY, LG, LZ, TH, YB)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.identity.directory import Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.permissions import OwnerType
from govit.cli import app
from govit.users import DEMO_UNIT, create_demo_users

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
runner = CliRunner()


def _directory(data_dir: Path) -> Directory:
    return Directory.open(data_dir, passwords=Passwords(TEST_COST))


def test_add_reset_disable_and_join_a_group(tmp_path: Path) -> None:
    base = ["users"]
    tail = ["--data-dir", str(tmp_path)]
    added = runner.invoke(
        app,
        [*base, "add", "hy_clerk", "--unit", "河源市某局", "--group", "hy-owner", "--role", "applicant",
         "--password-stdin", *tail],
        input="first-password\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "first-password" not in added.output
    directory = _directory(tmp_path)
    try:
        assert directory.check_password("hy_clerk", "first-password") is not None
        assert directory.memberships("hy_clerk") == ({"hy-owner"}, {"applicant"})
    finally:
        directory.close()
    reset = runner.invoke(
        app, [*base, "reset-password", "hy_clerk", "--password-stdin", *tail], input="second-password\n"
    )
    assert reset.exit_code == 0, reset.output
    assert runner.invoke(app, [*base, "add-to-group", "hy_clerk", "hy-fin", *tail]).exit_code == 0
    assert runner.invoke(app, [*base, "disable", "hy_clerk", *tail]).exit_code == 0
    directory = _directory(tmp_path)
    try:
        assert directory.check_password("hy_clerk", "second-password") is None  # disabled
        assert directory.memberships("hy_clerk")[0] == {"hy-owner", "hy-fin"}
    finally:
        directory.close()


def test_a_short_password_and_an_unknown_user_are_refused_in_chinese(tmp_path: Path) -> None:
    short = runner.invoke(
        app, ["users", "add", "x", "--password-stdin", "--data-dir", str(tmp_path)], input="short\n"
    )
    assert short.exit_code == 2 and "密码至少需要" in short.output
    unknown = runner.invoke(app, ["users", "disable", "ghost", "--data-dir", str(tmp_path)])
    assert unknown.exit_code == 2 and "没有用户 'ghost'" in unknown.output


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_import_from_yaml_or_csv(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"people{suffix}"
    if suffix == ".yaml":
        source.write_text(
            "users:\n"
            "  - {username: th_rev, name: 亭湖审核员, password: long-enough-1, groups: [th-ita-reviewers]}\n"
            "  - {username: th_ops, password: long-enough-2, roles: [ops]}\n",
            encoding="utf-8",
        )
    else:
        source.write_text(
            "username,name,email,unit,password,groups,roles\n"
            "th_rev,亭湖审核员,,,long-enough-1,th-ita-reviewers,\n"
            "th_ops,,,,long-enough-2,,ops\n",
            encoding="utf-8",
        )
    result = runner.invoke(app, ["users", "import", str(source), "--data-dir", str(tmp_path / "engine")])
    assert result.exit_code == 0, result.output
    directory = _directory(tmp_path / "engine")
    try:
        assert directory.memberships("th_rev")[0] == {"th-ita-reviewers"}
        assert directory.memberships("th_ops")[1] == {"ops"}
        assert directory.check_password("th_ops", "long-enough-2") is not None
    finally:
        directory.close()


def test_an_import_file_with_a_mistake_names_the_row(tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text("users:\n  - {username: a}\n  - {username: b, colour: red}\n", encoding="utf-8")
    result = runner.invoke(app, ["users", "import", str(source), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "第 2 条" in result.output and "colour" in result.output


def test_demo_users_cover_every_group_of_every_region(tmp_path: Path) -> None:
    directory = _directory(tmp_path)
    try:
        created = create_demo_users(directory, BPMN, "demo-password")
        groups = {group.group_id for group in directory.groups()}
        for region in ("lg", "hy", "lz", "th", "yb"):
            assert f"{region}-owner" in groups and f"{region}-ita-leaders" in groups
        for group in groups:
            assert directory.group_members(group, OwnerType.USER), f"{group} has no member"
        assert "demo-hy-ita-reviewers" in created and "demo-ops" in created
        assert directory.user("demo-th-owner").unit is not None
        assert create_demo_users(directory, BPMN, "demo-password") == []  # a second run adds nothing
    finally:
        directory.close()


def test_demo_applicants_work_for_their_regions_unit(tmp_path: Path) -> None:
    directory = _directory(tmp_path)
    try:
        create_demo_users(directory, BPMN, "demo-password", {"lg": "龙岗区城市管理和综合执法局"})
        assert directory.user("demo-lg-owner").unit == "龙岗区城市管理和综合执法局"
        assert directory.user("demo-hy-owner").unit == DEMO_UNIT  # no unit given for HY
        assert directory.user("demo-lg-ita-reviewers").unit is None  # the authority's staff have none
    finally:
        directory.close()
