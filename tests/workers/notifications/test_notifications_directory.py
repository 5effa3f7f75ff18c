from __future__ import annotations

from pathlib import Path

import pytest

from workers.errors import PermanentJobError
from workers.notifications.directory import RobotKind, load_directory

EXAMPLE = Path(__file__).resolve().parents[3] / "workers" / "notifications" / "directory.example.yaml"


def test_jurisdiction_names_its_own_group_members(directory_file: Path) -> None:
    directory = load_directory(directory_file)
    assert directory.group("ita-reviewers", "TH").members == ["wangfang"]
    assert directory.group("ita-reviewers", "LG").members == ["zhangwei", "lina"]
    assert directory.group("finance", "TH").robots == ["finance-dingtalk", "cases"]


def test_unknown_group_is_an_error_naming_it(directory_file: Path) -> None:
    worded = r"接收组 \(recipientGroups\)：通知目录（管辖区 HY）中没有组 'crypto-admins'"
    with pytest.raises(PermanentJobError, match=worded):
        load_directory(directory_file).group("crypto-admins", "HY")


def test_a_member_missing_from_users_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("users: {}\ngroups:\n  finance: {members: [ghost]}\n", encoding="utf-8")
    with pytest.raises(PermanentJobError, match=r"d\.yaml: invalid directory: .*groups\.finance\.members"):
        load_directory(path)


def test_the_example_directory_is_valid() -> None:
    directory = load_directory(EXAMPLE)
    assert directory.robot("finance-dingtalk").kind is RobotKind.DINGTALK
