"""PATCH /v2/jobs/{jobKey}: operators change a job's retries and timeout."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from camunda_orchestration_sdk import errors as sdk_errors
from camunda_orchestration_sdk.models.update_job_data import UpdateJobData

from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_sdk import orchestration_client


def _activated_job(gateway: Served, timeout_ms: int = 60_000) -> int:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    engine.create_instance("one_task")
    [job] = engine.activate_jobs("work", worker="w", timeout_ms=timeout_ms, max_jobs=1)
    return job.key


def _job(gateway: Served, key: int) -> dict[str, Any]:
    [job] = [j for j in gateway.engine.jobs() if j["key"] == key]
    return job


def test_sdk_updates_a_jobs_retries(gateway: Served) -> None:
    key = _activated_job(gateway)

    orchestration_client(gateway).update_job(
        str(key), data=UpdateJobData.from_dict({"changeset": {"retries": 7}})
    )

    assert _job(gateway, key)["retries"] == 7


def test_a_shorter_timeout_hands_the_job_to_another_worker_sooner(controlled_gateway: Served) -> None:
    key = _activated_job(controlled_gateway, timeout_ms=600_000)

    response = httpx.patch(
        f"{controlled_gateway.rest_url}/v2/jobs/{key}", json={"changeset": {"timeout": 30_000}}
    )
    assert response.status_code == 204, response.text
    assert _job(controlled_gateway, key)["timeout"] == 30_000

    engine = controlled_gateway.engine
    assert engine.activate_jobs("work", worker="w2", timeout_ms=60_000, max_jobs=1) == []
    controlled_gateway.controlled_clock.advance("PT31S")
    again = engine.activate_jobs("work", worker="w2", timeout_ms=60_000, max_jobs=1)
    assert [job.key for job in again] == [key]


def test_retries_and_timeout_change_together(gateway: Served) -> None:
    key = _activated_job(gateway)
    response = httpx.patch(
        f"{gateway.rest_url}/v2/jobs/{key}", json={"changeset": {"retries": 2, "timeout": 90_000}}
    )
    assert response.status_code == 204, response.text
    job = _job(gateway, key)
    assert (job["retries"], job["timeout"]) == (2, 90_000)


def test_an_unknown_job_is_a_404_problem(gateway: Served) -> None:
    response = httpx.patch(f"{gateway.rest_url}/v2/jobs/2251799813685999", json={"changeset": {"retries": 3}})
    assert response.status_code == 404
    assert "2251799813685999" in response.json()["detail"]
    with pytest.raises(sdk_errors.UpdateJobNotFound):
        orchestration_client(gateway).update_job(
            "2251799813685999", data=UpdateJobData.from_dict({"changeset": {"timeout": 1000}})
        )


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"changeset": {"retries": 0}}, "changeset.retries"),
        ({"changeset": {"retries": "three"}}, "changeset.retries"),
        ({"changeset": {"timeout": -5}}, "changeset.timeout"),
        ({"changeset": {"timeout": 1.5}}, "changeset.timeout"),
        ({"changeset": {}}, "changeset"),
        ({"changeset": [3]}, "changeset"),
        ({}, "changeset"),
    ],
)
def test_bad_changes_are_400_problems_and_leave_the_job_alone(
    gateway: Served, body: dict[str, Any], named: str
) -> None:
    key = _activated_job(gateway)
    before = _job(gateway, key)

    response = httpx.patch(f"{gateway.rest_url}/v2/jobs/{key}", json=body)

    assert response.status_code == 400
    assert response.json()["title"] == "INVALID_ARGUMENT"
    assert named in response.json()["detail"]
    assert _job(gateway, key) == before


def test_a_timeout_on_a_job_not_activated_is_a_409_problem(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    engine.create_instance("one_task")
    [job] = engine.jobs("work")
    response = httpx.patch(
        f"{gateway.rest_url}/v2/jobs/{job['key']}", json={"changeset": {"retries": 9, "timeout": 1000}}
    )
    assert response.status_code == 409
    assert "not activated" in response.json()["detail"]
    assert _job(gateway, job["key"])["retries"] == job["retries"]
