"""A search's visibility reads each instance's facts once, however many of its items the search
found: an instance page's variables and element instances all name the same instance, and its
facts (the instance, its root's ``unit`` variable and that variable's value) are three reads of
the history per lookup."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from engine.gateway.identity_services import InstanceFacts
from engine.gateway.rest import visibility
from engine.gateway.rest.visibility import Viewer
from engine.identity.access import Access
from engine.identity.defaults import OPS, ensure_default_roles
from engine.identity.directory import Directory
from engine.identity.passwords import TEST_COST, Passwords
from engine.identity.permissions import OwnerType
from engine.identity.policy import Listing
from engine.identity.principal import Principal, PrincipalKind


def test_a_variable_search_looks_each_instance_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    directory = Directory.open(None, passwords=Passwords(TEST_COST))
    ensure_default_roles(directory)
    directory.add_user("ops-user", name="运维", password="not-used-here")
    directory.add_role_member(OPS, OwnerType.USER, "ops-user")
    ops = Principal(PrincipalKind.USER, "ops-user", roles=frozenset({OPS}))
    looked_up: Counter[int] = Counter()

    def facts(_projection: Any, key: int) -> InstanceFacts | None:
        looked_up[key] += 1
        return InstanceFacts(key, "lg-review", key, None) if key != 3 else None

    monkeypatch.setattr(visibility, "instance_facts", facts)
    items = [
        {"processInstanceKey": str(key), "name": f"v{n}"}
        for n, key in enumerate([1] * 20 + [2] * 5 + [3] * 4)
    ]
    kept = Viewer(Listing.VARIABLE, ops, Access(directory)).keep(items, projection=object())  # type: ignore[arg-type]
    assert kept == items[:25]  # instance 3 is gone from the history: its variables are not shown
    assert looked_up == {1: 1, 2: 1, 3: 1}
    directory.close()
