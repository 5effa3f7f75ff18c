"""Sessions of the web workspace (server side): idle timeout, sign-out, CSRF token on writes."""

from __future__ import annotations

import pytest

from engine.identity.sessions import IDLE_TIMEOUT_MS, MAX_AGE_MS, CsrfRejected, SessionExpired, SessionStore


class Clock:
    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now


def test_a_session_knows_its_user_until_idle_too_long() -> None:
    clock = Clock()
    store = SessionStore(clock)
    session = store.start("reviewer")
    clock.now += IDLE_TIMEOUT_MS - 1
    assert store.user(session.session_id) == "reviewer"  # and the idle timer starts again
    clock.now += IDLE_TIMEOUT_MS - 1
    assert store.user(session.session_id) == "reviewer"
    clock.now += IDLE_TIMEOUT_MS + 1
    with pytest.raises(SessionExpired):
        store.user(session.session_id)


def test_writes_need_the_csrf_token_and_sign_out_ends_the_session() -> None:
    store = SessionStore(Clock())
    session = store.start("reviewer")
    with pytest.raises(CsrfRejected):
        store.user(session.session_id, write=True)
    with pytest.raises(CsrfRejected):
        store.user(session.session_id, write=True, csrf_token="forged")
    assert store.user(session.session_id, write=True, csrf_token=session.csrf_token) == "reviewer"
    assert "HttpOnly" in session.cookie(secure=True) and "SameSite=Strict" in session.cookie(secure=True)
    store.end(session.session_id)
    with pytest.raises(SessionExpired):
        store.user(session.session_id)


def test_signing_a_user_out_everywhere() -> None:
    store = SessionStore(Clock())
    first, second, other = store.start("u"), store.start("u"), store.start("v")
    store.end_all("u")
    for ended in (first, second):
        with pytest.raises(SessionExpired):
            store.user(ended.session_id)
    assert store.user(other.session_id) == "v"


def test_the_page_can_ask_for_its_csrf_token_again_and_another_store_cannot_make_it() -> None:
    store = SessionStore(Clock())
    session = store.start("reviewer", stamp="s1")
    again = store.session(session.session_id)
    assert again.csrf_token == session.csrf_token and again.stamp == "s1"
    other = SessionStore(Clock())
    assert other.start("reviewer").csrf_token != session.csrf_token


def test_a_session_in_constant_use_still_ends_after_a_working_day() -> None:
    clock = Clock()
    store = SessionStore(clock)
    session = store.start("reviewer")
    while clock.now + IDLE_TIMEOUT_MS // 2 <= MAX_AGE_MS:
        clock.now += IDLE_TIMEOUT_MS // 2
        assert store.user(session.session_id) == "reviewer"
    clock.now = MAX_AGE_MS + 1
    with pytest.raises(SessionExpired):
        store.user(session.session_id)
