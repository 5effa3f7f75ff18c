"""Password hashing with argon2id (memory-hard): only the hash is stored, never the password."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8


class WeakPassword(ValueError):
    """A password too short to be accepted."""


@dataclass(frozen=True)
class HashCost:
    """argon2id parameters; production uses the library's defaults (RFC 9106 low-memory profile)."""

    time_cost: int = 3
    memory_kib: int = 65_536
    parallelism: int = 4


# Tests hash many passwords on a shared machine; the algorithm stays argon2id, only cheaper.
TEST_COST = HashCost(time_cost=1, memory_kib=8, parallelism=1)


class Passwords:
    def __init__(self, cost: HashCost = HashCost()) -> None:
        self._hasher = PasswordHasher(
            time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism
        )

    def hash(self, password: str) -> str:
        if len(password) < MIN_LENGTH:
            raise WeakPassword(f"密码至少需要 {MIN_LENGTH} 个字符")
        return self._hasher.hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
