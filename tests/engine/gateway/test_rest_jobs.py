"""REST jobs: activation with long polling, search, completion, failure and errors, every response
checked against the 8.8 specification."""

from __future__ import annotations

import threading

import httpx

from engine.testing import assert_that
from engine.testing.builder import process
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client
from tests.engine.gateway.waiting import wait_for


def activation(job_type: str = "work", **extra: object) -> dict[str, object]:
    return {
        "type": job_type,
        "worker": "rest-worker",
        "timeout": 60_000,
        "maxJobsToActivate": 5,
        "requestTimeout": -1,
        **extra,
    }


def test_activation_and_search_are_not_captured_by_the_job_key_route(gateway: Served) -> None:
    rest = checked_client(gateway.rest_url)
    assert rest.post("/v2/jobs/activation", json=activation()).json() == {"jobs": []}
    assert rest.post("/v2/jobs/search", json={}).json()["items"] == []


def test_a_rest_worker_activates_and_completes_a_job(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task", {"projectName": "政务云平台", "note": None})
    rest = checked_client(gateway.rest_url)
    [job] = rest.post("/v2/jobs/activation", json=activation()).json()["jobs"]
    assert job["variables"] == {"projectName": "政务云平台", "note": None}
    assert (job["worker"], job["kind"], job["processInstanceKey"]) == (
        "rest-worker",
        "BPMN_ELEMENT",
        str(instance.key),
    )
    assert isinstance(job["deadline"], int)
    found = rest.post("/v2/jobs/search", json={"filter": {"jobKey": job["jobKey"]}}).json()["items"]
    assert [(j["state"], j["worker"]) for j in found] == [("CREATED", "rest-worker")]
    done = rest.post(f"/v2/jobs/{job['jobKey']}/completion", json={"variables": {"checked": True}})
    assert done.status_code == 204
    assert_that(engine, instance.key).is_completed().has_variable("checked", True)
    [ended] = rest.post("/v2/jobs/search", json={"filter": {"state": "COMPLETED"}}).json()["items"]
    assert ended["jobKey"] == job["jobKey"] and "endTime" in ended


def test_fetch_variable_limits_the_variables(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    engine.create_instance("one_task", {"a": 1, "b": 2})
    rest = checked_client(gateway.rest_url)
    [job] = rest.post("/v2/jobs/activation", json=activation(fetchVariable=["b"])).json()["jobs"]
    assert job["variables"] == {"b": 2}


def test_failure_with_retries_left_and_without_raises_an_incident(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task")
    rest = checked_client(gateway.rest_url)
    [job] = rest.post("/v2/jobs/activation", json=activation()).json()["jobs"]
    failed = rest.post(
        f"/v2/jobs/{job['jobKey']}/failure",
        json={"retries": 1, "errorMessage": "登记系统超时", "retryBackOff": 0},
    )
    assert failed.status_code == 204
    [again] = rest.post("/v2/jobs/search", json={"filter": {"hasFailedWithRetriesLeft": True}}).json()[
        "items"
    ]
    assert (again["state"], again["retries"], again["errorMessage"]) == ("FAILED", 1, "登记系统超时")
    [job] = rest.post("/v2/jobs/activation", json=activation()).json()["jobs"]
    assert rest.post(f"/v2/jobs/{job['jobKey']}/failure", json={"retries": 0}).status_code == 204
    [incident] = rest.post(
        "/v2/incidents/search", json={"filter": {"processInstanceKey": str(instance.key)}}
    ).json()["items"]
    assert (incident["errorType"], incident["jobKey"]) == ("JOB_NO_RETRIES", job["jobKey"])


def test_a_thrown_error_is_caught_by_the_boundary_event(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("check.bpmn", diagrams.error_boundary())])
    instance = engine.create_instance("checks_documents")
    rest = checked_client(gateway.rest_url)
    [job] = rest.post("/v2/jobs/activation", json=activation("check")).json()["jobs"]
    thrown = rest.post(
        f"/v2/jobs/{job['jobKey']}/error",
        json={"errorCode": "DOCS_MISSING", "errorMessage": "缺少可行性研究报告", "variables": {"missing": 1}},
    )
    assert thrown.status_code == 204
    assert_that(engine, instance.key).is_completed().has_passed("rejected")
    [ended] = rest.post("/v2/jobs/search", json={"filter": {"state": "ERROR_THROWN"}}).json()["items"]
    assert ended["errorCode"] == "DOCS_MISSING"


def test_bad_requests_name_the_field(gateway: Served) -> None:
    rest = checked_client(gateway.rest_url)
    blank = rest.post("/v2/jobs/activation", json=activation(type=" "))
    assert blank.status_code == 400 and "type" in blank.json()["detail"]
    no_timeout = rest.post("/v2/jobs/activation", json={"type": "work", "maxJobsToActivate": 1})
    assert no_timeout.status_code == 400 and "timeout" in no_timeout.json()["detail"]
    no_retries = rest.post("/v2/jobs/1/failure", json={"errorMessage": "x"})
    assert no_retries.status_code == 400 and "retries" in no_retries.json()["detail"]
    no_code = rest.post("/v2/jobs/1/error", json={"errorCode": ""})
    assert no_code.status_code == 400 and "errorCode" in no_code.json()["detail"]
    unknown = rest.post("/v2/jobs/1/completion", json={})
    assert unknown.status_code == 404


def test_activation_long_polls_until_a_job_arrives(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    answered: list[httpx.Response] = []

    def poll() -> None:
        with checked_client(gateway.rest_url, timeout=30) as rest:
            answered.append(rest.post("/v2/jobs/activation", json=activation(requestTimeout=20_000)))

    waiting = threading.Thread(target=poll)
    waiting.start()
    wait_for(lambda: gateway.running.host.waiting > 0, "the activation to wait")
    assert not answered
    engine.create_instance("one_task")
    waiting.join(10)
    [response] = answered
    assert [job["type"] for job in response.json()["jobs"]] == ["work"]


def test_a_task_listener_job_completed_over_rest_corrects_and_denies(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy(
        [
            (
                "review.bpmn",
                process("review_listened")
                .start_event("start")
                .user_task("review", task_listeners=[("assigning", "audit"), ("completing", "guard")])
                .end_event("end")
                .to_xml(),
            )
        ]
    )
    instance = engine.create_instance("review_listened")
    [task] = engine.user_tasks()
    rest = checked_client(gateway.rest_url)
    assert rest.post(f"/v2/user-tasks/{task.key}/assignment", json={"assignee": "wang.li"}).status_code == 204
    [audit] = rest.post("/v2/jobs/activation", json=activation("audit")).json()["jobs"]
    assert (audit["kind"], audit["listenerEventType"]) == ("TASK_LISTENER", "ASSIGNING")
    corrected = rest.post(
        f"/v2/jobs/{audit['jobKey']}/completion",
        json={
            "result": {"type": "userTask", "corrections": {"priority": 90, "candidateGroups": ["finance"]}}
        },
    )
    assert corrected.status_code == 204, corrected.text
    view = rest.get(f"/v2/user-tasks/{task.key}").json()
    assert (view["assignee"], view["priority"], view["candidateGroups"]) == ("wang.li", 90, ["finance"])

    assert rest.post(f"/v2/user-tasks/{task.key}/completion", json={}).status_code == 204
    [guard] = rest.post("/v2/jobs/activation", json=activation("guard")).json()["jobs"]
    denied = rest.post(
        f"/v2/jobs/{guard['jobKey']}/completion",
        json={"result": {"type": "userTask", "denied": True, "deniedReason": "缺少会签意见"}},
    )
    assert denied.status_code == 204, denied.text
    assert rest.get(f"/v2/user-tasks/{task.key}").json()["state"] == "CREATED"
    assert_that(engine, instance.key).is_waiting_at("review")
    ad_hoc = rest.post(f"/v2/jobs/{guard['jobKey']}/completion", json={"result": {"type": "adHocSubProcess"}})
    assert ad_hoc.status_code == 400 and "result.type" in ad_hoc.json()["detail"]


def test_a_job_found_by_search_takes_new_retries_before_activation(gateway: Served) -> None:
    # the official JS client's updateJob integration test, as its steps go
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    instance = engine.create_instance("one_task")
    rest = checked_client(gateway.rest_url)
    [job] = rest.post("/v2/jobs/search", json={"filter": {"processInstanceKey": str(instance.key)}}).json()[
        "items"
    ]
    assert job["retries"] == 3
    assert rest.patch(f"/v2/jobs/{job['jobKey']}", json={"changeset": {"retries": 4}}).status_code == 204
    no_worker = {"type": "work", "maxJobsToActivate": 1, "timeout": "10000", "requestTimeout": "-1"}
    [activated] = rest.post("/v2/jobs/activation", json=no_worker).json()["jobs"]
    assert (activated["jobKey"], activated["retries"]) == (job["jobKey"], 4)
    [updated] = rest.post("/v2/jobs/search", json={"filter": {"jobKey": job["jobKey"]}}).json()["items"]
    assert (updated["retries"], updated["worker"]) == (4, "")


def test_a_poll_the_client_gave_up_activates_nothing(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy([("one.bpmn", diagrams.one_task())])
    with checked_client(gateway.rest_url, timeout=0.5) as rest:
        try:
            rest.post("/v2/jobs/activation", json=activation(requestTimeout=20_000))
        except httpx.TimeoutException:
            pass
        else:
            raise AssertionError("the poll answered before any job existed")
    wait_for(lambda: gateway.running.host.waiting == 0, "the abandoned poll to stop waiting")
    engine.create_instance("one_task")
    [job] = engine.jobs("work")
    assert job["activatable"], "a job was activated for a client that had hung up"
