"""The directory's store: argon2id hashes only, lock-out and its end, tokens kept as hashes,
memberships through groups, persistence across a reopen."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.identity.directory import LOCKOUT_MS, MAX_FAILED_ATTEMPTS, AccountLocked, Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.permissions import OwnerType


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000

    def __call__(self) -> int:
        return self.now


def test_passwords_are_stored_as_argon2id_hashes_and_tokens_as_digests(tmp_path: Path) -> None:
    directory = Directory.open(tmp_path, passwords=Passwords(TEST_COST))
    directory.add_user("u", name="用户", password="a-long-password")
    token = directory.issue_token("u", "cli")
    directory.close()
    raw = (tmp_path / "identity.db").read_bytes()
    assert b"a-long-password" not in raw and token.encode() not in raw
    reopened = Directory.open(tmp_path, passwords=Passwords(TEST_COST))
    try:
        stored = reopened.query("SELECT password_hash FROM users")[0][0]
        assert str(stored).startswith("$argon2id$")
        assert reopened.user_for_token(token) is not None  # survives a restart
    finally:
        reopened.close()


def test_repeated_wrong_passwords_lock_the_account_until_the_lock_ends() -> None:
    clock = Clock()
    directory = Directory.open(None, passwords=Passwords(TEST_COST), now_ms=clock)
    directory.add_user("u", name="u", password="a-long-password")
    for _ in range(MAX_FAILED_ATTEMPTS):
        assert directory.check_password("u", "wrong-password") is None
    with pytest.raises(AccountLocked):
        directory.check_password("u", "a-long-password")  # even the right one, while locked
    clock.now += LOCKOUT_MS + 1
    assert directory.check_password("u", "a-long-password") is not None
    directory.close()


def test_a_password_reset_lifts_the_lock_and_roles_come_through_groups() -> None:
    directory = Directory.open(None, passwords=Passwords(TEST_COST))
    directory.add_user("u", name="u", password="a-long-password")
    for _ in range(MAX_FAILED_ATTEMPTS):
        directory.check_password("u", "wrong-password")
    directory.update_user("u", password="another-long-one")
    assert directory.check_password("u", "another-long-one") is not None
    directory.add_group("lg-ops-team", name="运维组")
    directory.add_role("ops", name="运维")
    directory.add_group_member("lg-ops-team", OwnerType.USER, "u")
    directory.add_role_member("ops", OwnerType.GROUP, "lg-ops-team")
    assert directory.memberships("u") == ({"lg-ops-team"}, {"ops"})
    directory.delete_group("lg-ops-team")
    assert directory.memberships("u") == (frozenset(), frozenset())
    directory.close()
