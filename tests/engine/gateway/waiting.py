"""Waiting for something another thread or process does, without asserting how long it took."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
LIMIT_SECONDS = 15.0


def wait_for(condition: Callable[[], T], what: str, limit: float = LIMIT_SECONDS) -> T:
    """Poll ``condition`` until it is truthy and return it; fail naming ``what`` after ``limit``."""
    give_up = time.monotonic() + limit
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


async def wait_for_async(condition: Callable[[], T], what: str, limit: float = LIMIT_SECONDS) -> T:
    give_up = time.monotonic() + limit
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.01)
