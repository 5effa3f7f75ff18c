"""Variables over REST as Camunda 8.8 serves them: the search cuts a value longer than 8191
characters and flags it ``isTruncated``; ``GET /v2/variables/{variableKey}`` returns it whole."""

from __future__ import annotations

import json
from typing import Any

import httpx

from engine.gateway.rest.projection import VARIABLE_SIZE_THRESHOLD
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served

# Serialised, this JSON string is its 10 000 characters between two quotes.
LONG_TEXT = "可行性研究报告" * 1_000 + "x" * 3_000


def search(gateway: Served, filter_: dict[str, Any]) -> list[dict[str, Any]]:
    response = httpx.post(f"{gateway.rest_url}/v2/variables/search", json={"filter": filter_})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in items}


def test_a_long_value_is_truncated_in_the_search_and_whole_by_key(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    instance = engine.create_instance("review", {"studyReport": LONG_TEXT, "projectId": "YB-12"})

    found = by_name(search(gateway, {"processInstanceKey": str(instance.key)}))

    report = found["studyReport"]
    assert report["isTruncated"] is True
    assert report["value"] == json.dumps(LONG_TEXT, ensure_ascii=False)[:VARIABLE_SIZE_THRESHOLD]
    assert len(report["value"]) == 8191
    assert found["projectId"]["isTruncated"] is False
    assert found["projectId"]["value"] == '"YB-12"'

    response = httpx.get(f"{gateway.rest_url}/v2/variables/{report['variableKey']}")
    assert response.status_code == 200
    whole = response.json()
    assert json.loads(whole["value"]) == LONG_TEXT
    assert "isTruncated" not in whole
    assert {k: v for k, v in whole.items() if k != "value"} == {
        k: v for k, v in report.items() if k not in ("value", "isTruncated")
    }


def test_a_value_of_exactly_the_threshold_is_not_truncated(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    fits = "a" * (VARIABLE_SIZE_THRESHOLD - 2)  # with its quotes, exactly 8191 characters
    instance = engine.create_instance("review", {"fits": fits, "overflows": fits + "b"})

    found = by_name(search(gateway, {"processInstanceKey": str(instance.key)}))

    assert found["fits"]["isTruncated"] is False
    assert json.loads(found["fits"]["value"]) == fits
    assert found["overflows"]["isTruncated"] is True


def test_characters_beyond_the_basic_plane_count_twice_as_in_java(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    # 4 100 such characters are 8 202 UTF-16 code units with the quotes: over the threshold in
    # Java's count, though only 4 102 Python characters.
    instance = engine.create_instance("review", {"seals": "𠀀" * 4_100})

    [seals] = search(gateway, {"processInstanceKey": str(instance.key), "name": "seals"})

    assert seals["isTruncated"] is True
    assert seals["value"] == '"' + "𠀀" * 4_095


def test_an_updated_value_is_whole_by_the_same_key(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    instance = engine.create_instance("review", {"studyReport": "draft"})
    [before] = search(gateway, {"processInstanceKey": str(instance.key)})

    engine.set_variables(instance.key, {"studyReport": LONG_TEXT})

    [after] = search(gateway, {"processInstanceKey": str(instance.key)})
    assert after["variableKey"] == before["variableKey"]
    assert after["isTruncated"] is True
    whole = httpx.get(f"{gateway.rest_url}/v2/variables/{after['variableKey']}").json()
    assert json.loads(whole["value"]) == LONG_TEXT


def test_the_search_filters_on_is_truncated(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("review.bpmn", diagrams.user_task())])
    engine.create_instance("review", {"studyReport": LONG_TEXT, "projectId": "YB-12"})

    assert [item["name"] for item in search(gateway, {"isTruncated": True})] == ["studyReport"]


def test_an_unknown_variable_key_is_a_404_and_a_bad_one_a_400(gateway: Served) -> None:
    missing = httpx.get(f"{gateway.rest_url}/v2/variables/2251799813685249")
    assert missing.status_code == 404
    assert "2251799813685249" in missing.json()["detail"]

    bad = httpx.get(f"{gateway.rest_url}/v2/variables/studyReport")
    assert bad.status_code == 400
    assert "key" in bad.json()["detail"]
