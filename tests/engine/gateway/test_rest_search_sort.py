"""Search ``sort`` values the API cannot read answer 400 naming the criterion, never 500 (issue #18)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from engine.gateway.rest.sorting import sort_key
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served


@pytest.fixture
def rest(gateway: Served) -> Iterator[httpx.Client]:
    gateway.engine.deploy([("review.bpmn", diagrams.user_task())])
    for _ in range(3):
        gateway.engine.create_instance("review")
    with httpx.Client(base_url=gateway.rest_url, timeout=10) as client:
        yield client


@pytest.mark.parametrize(
    ("sort", "named"),
    [
        (5, "sort must be a list"),
        ("creationDate", "sort must be a list"),
        ({"field": "creationDate"}, "sort must be a list"),
        ([7], "sort[0] needs a field name"),
        ([{"field": []}], "sort[0] needs a field name"),
        ([{"field": {"a": 1}}], "sort[0] needs a field name"),
        ([{"order": "ASC"}], "sort[0] needs a field name"),
        ([{"field": "creationDate"}, {"field": "priority", "order": "sideways"}], "sort[1].order"),
        ([{"field": "priority", "order": 1}], "sort[0].order"),
    ],
)
def test_unreadable_sort_is_a_bad_request_naming_the_criterion(
    rest: httpx.Client, sort: Any, named: str
) -> None:
    for path in ("/v2/user-tasks/search", "/v2/incidents/search", "/v2/process-instances/search"):
        answer = rest.post(path, json={"sort": sort})
        assert answer.status_code == 400, (path, answer.text)
        assert named in answer.json()["detail"]


@pytest.mark.parametrize("field", ["customHeaders", "candidateGroups", "formKey", "noSuchField", "priority"])
@pytest.mark.parametrize("order", ["ASC", "desc"])
def test_sorting_by_any_field_orders_whatever_its_values(rest: httpx.Client, field: str, order: str) -> None:
    answer = rest.post("/v2/user-tasks/search", json={"sort": [{"field": field, "order": order}]})
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["items"]) == 3


def test_values_of_different_kinds_order_by_kind_with_absent_values_last() -> None:
    items = [{"v": "b"}, {"v": {"x": 1}}, {}, {"v": 2}, {"v": True}, {"v": "a"}, {"v": 10}, {"v": [1]}]
    ordered = [item.get("v") for item in sorted(items, key=sort_key("v"))]
    assert ordered == [True, 2, 10, "a", "b", [1], {"x": 1}, None]
