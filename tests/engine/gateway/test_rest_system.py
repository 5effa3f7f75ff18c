"""The node's status, license and usage metrics over REST, checked against the 8.8 specification."""

from __future__ import annotations

import datetime as dt

from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client


def test_status_and_license(gateway: Served) -> None:
    with checked_client(gateway.rest_url, timeout=10) as rest:
        assert rest.get("/v2/status").status_code == 204
        license_ = rest.get("/v2/license").json()
    assert license_ == {"validLicense": False, "licenseType": "unknown", "isCommercial": False}


def test_usage_metrics_count_root_instances_decisions_and_assignees_in_the_window(
    controlled_gateway: Served,
) -> None:
    engine = controlled_gateway.engine
    clock = controlled_gateway.controlled_clock
    engine.deploy([("review.bpmn", diagrams.user_task()), ("one.bpmn", diagrams.one_task())])
    engine.create_instance("one_task")
    clock.advance(dt.timedelta(hours=1))
    engine.create_instance("review")
    [task] = engine.user_tasks()
    engine.assign_user_task(task.key, "wang.li")
    params = {"startTime": "2026-09-30T01:30:00Z", "endTime": "2026-09-30T03:00:00Z"}
    with checked_client(controlled_gateway.rest_url, timeout=10) as rest:
        metrics = rest.get("/v2/system/usage-metrics", params=params).json()
        with_tenants = rest.get("/v2/system/usage-metrics", params={**params, "withTenants": "true"}).json()
        everything = rest.get(
            "/v2/system/usage-metrics",
            params={"startTime": "2026-01-01T00:00:00Z", "endTime": "2027-01-01T00:00:00Z"},
        ).json()
        bad = rest.get(
            "/v2/system/usage-metrics", params={"startTime": "yesterday", "endTime": "2027-01-01T00:00:00Z"}
        )
    assert metrics == {
        "processInstances": 1,
        "decisionInstances": 0,
        "assignees": 1,
        "activeTenants": 1,
        "tenants": {},
    }
    assert with_tenants["tenants"] == {
        "<default>": {"processInstances": 1, "decisionInstances": 0, "assignees": 1}
    }
    assert everything["processInstances"] == 2
    assert bad.status_code == 400 and "startTime" in bad.json()["detail"]


def test_usage_metrics_need_a_window(gateway: Served) -> None:
    with checked_client(gateway.rest_url, timeout=10) as rest:
        response = rest.get("/v2/system/usage-metrics")
    assert response.status_code == 400
    assert "startTime" in response.json()["detail"]
