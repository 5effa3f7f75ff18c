"""Ad-hoc subprocesses handled by Zeebe: elements activated from activeElementsCollection, inner
sequence flows, completion. https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import assert_that, complete_jobs, deploy_and_start, deploy_resources, process


def _ad_hoc(**options: Any) -> Any:
    return (
        process("p")
        .start_event("s")
        .ad_hoc_sub_process(
            "checks",
            lambda b: (
                b.service_task("legal", job_type="legal")
                .begin_path()
                .service_task("budget", job_type="budget")
                .service_task("budget_report", job_type="report")
                .begin_path()
                .service_task("security", job_type="security")
            ),
            **options,
        )
        .end_event("e")
    )


def test_active_elements_collection_selects_elements(engine: Any) -> None:
    """Only the elements named in activeElementsCollection are activated.
    https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/#activate-an-element"""
    pi = deploy_and_start(engine, _ad_hoc(active_elements="= toCheck"), {"toCheck": ["legal", "security"]})
    assert_that(engine, pi).is_waiting_exactly_at("checks", "legal", "security").has_not_activated("budget")


def test_ad_hoc_completes_after_activated_elements(engine: Any) -> None:
    """The ad-hoc subprocess completes once no inner element is active any more.
    https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/"""
    pi = deploy_and_start(engine, _ad_hoc(active_elements="= toCheck"), {"toCheck": ["legal", "security"]})
    complete_jobs(engine, "legal")
    assert_that(engine, pi).is_waiting_at("checks", "security")
    complete_jobs(engine, "security")
    assert_that(engine, pi).is_completed().has_passed("checks").has_passed("e")


def test_inner_sequence_flow_is_followed(engine: Any) -> None:
    """Inner elements connected by a sequence flow run in sequence once the first is activated.
    https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/"""
    pi = deploy_and_start(engine, _ad_hoc(active_elements="= toCheck"), {"toCheck": ["budget"]})
    complete_jobs(engine, "budget")
    assert_that(engine, pi).is_waiting_exactly_at("checks", "budget_report")
    complete_jobs(engine, "report")
    assert_that(engine, pi).is_completed()


def test_completion_condition_completes_early(engine: Any) -> None:
    """The completion condition is checked when an inner element completes; when it holds the ad-hoc
    subprocess completes and, by default, cancels the remaining elements.
    https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/#completion"""
    builder = _ad_hoc(active_elements="= toCheck", completion_condition="= rejected")
    pi = deploy_and_start(engine, builder, {"toCheck": ["legal", "security"], "rejected": False})
    complete_jobs(engine, "legal", {"rejected": True})
    assert_that(engine, pi).is_completed().has_terminated("security")


def test_ad_hoc_with_start_event_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """An ad-hoc subprocess must not contain start or end events.
    https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/#constraints"""
    builder = (
        process("p")
        .start_event("s")
        .ad_hoc_sub_process("checks", lambda b: b.start_event("inner_start").service_task("t", job_type="t"))
        .end_event("e")
    )
    with pytest.raises(deployment_rejected):
        deploy_resources(engine, builder)


def test_ad_hoc_without_activity_rejected(engine: Any, deployment_rejected: type[Exception]) -> None:
    """An ad-hoc subprocess must contain at least one activity.
    https://docs.camunda.io/docs/components/modeler/bpmn/ad-hoc-subprocesses/#constraints"""
    builder = (
        process("p")
        .start_event("s")
        .ad_hoc_sub_process("checks", lambda b: b.exclusive_gateway("only_gateway"))
        .end_event("e")
    )
    with pytest.raises(deployment_rejected):
        deploy_resources(engine, builder)
