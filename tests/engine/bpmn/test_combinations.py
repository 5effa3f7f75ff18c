"""Elements in combination, the way the government-IT processes use them: decisions feeding
multi-instance reviews, deadlines computed with FEEL, errors crossing call activities into event
subprocesses, messages into nested scopes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from engine.testing import (
    MultiInstance,
    RecordStream,
    activate_one,
    assert_that,
    complete_jobs,
    deploy_and_start,
    deploy_resources,
    error,
    escalation,
    message,
    process,
    signal,
    timer_cycle,
    timer_date,
    timer_duration,
)

DIAGRAMS = Path(__file__).parent / "diagrams"


def _instant(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


# ---------------------------------------------------------------------- decisions
def test_collect_decision_feeds_parallel_review(engine: Any) -> None:
    """A COLLECT decision's list result drives a parallel multi-instance review, one task per unit.
    https://docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("who", decision_id="reviewers", result_variable="units")
        .user_task("review", candidate_groups="= [unit]", multi_instance=MultiInstance("= units", "unit"))
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "reviewers.dmn", builder)
    pi = engine.create_instance("p", variables={"amount": 5000000, "usesCryptography": True})
    assert_that(engine, pi).has_variable("units", ["it-authority", "finance", "cryptography-administration"])
    tasks = engine.user_tasks(process_instance_key=pi.key)
    assert sorted(g for t in tasks for g in t.candidate_groups) == [
        "cryptography-administration",
        "finance",
        "it-authority",
    ]
    for task in tasks:
        engine.complete_user_task(task.key, variables={})
    assert_that(engine, pi).is_completed()


def test_unique_decision_with_two_matches_raises_incident(engine: Any) -> None:
    """A UNIQUE table with two matching rules fails: DECISION_EVALUATION_ERROR incident at the task.
    https://docs.camunda.io/docs/components/modeler/dmn/decision-table-hit-policy/#unique"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="overlapping", result_variable="route")
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "overlapping.dmn", builder)
    pi = engine.create_instance("p", variables={"amount": 20})
    assert_that(engine, pi).has_incident("DECISION_EVALUATION_ERROR", "decide").has_no_variable("route")


def test_failed_decision_writes_failed_evaluation(engine: Any) -> None:
    """A failed evaluation is recorded as DECISION_EVALUATION FAILED.
    https://docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task("decide", decision_id="overlapping", result_variable="route")
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "overlapping.dmn", builder)
    engine.create_instance("p", variables={"amount": 20})
    assert RecordStream.of(engine).events().of_type("DECISION_EVALUATION").intents() == ["FAILED"]


def test_decision_result_with_output_mapping(engine: Any) -> None:
    """With output mappings on the business rule task, the result variable stays local.
    https://docs.camunda.io/docs/components/modeler/bpmn/business-rule-tasks/#variable-mappings"""
    builder = (
        process("p")
        .start_event("s")
        .business_rule_task(
            "decide",
            decision_id="route",
            result_variable="route",
            outputs={"needsExperts": '= route = "expert-review"'},
        )
        .end_event("e")
    )
    deploy_resources(engine, DIAGRAMS / "route.dmn", builder)
    pi = engine.create_instance("p", variables={"amount": 2000000})
    assert_that(engine, pi).is_completed().has_variable("needsExperts", True).has_no_variable("route")


# ---------------------------------------------------------------------- deadlines with FEEL
def test_due_date_from_now_plus_duration(engine: Any) -> None:
    """now() in FEEL is the engine clock: a due date of now() + P3D lands three days later.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#scheduling"""
    builder = (
        process("p").start_event("s").user_task("review", due_date='= now() + duration("P3D")').end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    assert _instant(task.due_date) == dt.datetime.fromisoformat("2026-10-03T09:00:00+08:00")


def test_timer_date_from_variable_deadline(engine: Any) -> None:
    """A boundary timer at a deadline computed earlier (a date-time string variable).
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-date"""
    builder = (
        process("p")
        .start_event("s")
        .user_task("review")
        .end_event("e")
        .boundary_event("overdue", timer_date("= date and time(deadline)"), attached_to="review")
        .end_event("escalated")
    )
    pi = deploy_and_start(engine, builder, {"deadline": "2026-10-09T17:30:00+08:00"})
    engine.clock.advance_to("2026-10-09T17:29:59+08:00")
    assert_that(engine, pi).is_waiting_at("review")
    engine.clock.advance_to("2026-10-09T17:30:00+08:00")
    assert_that(engine, pi).is_completed().has_passed("escalated")


def test_timer_duration_from_feel_duration_value(engine: Any) -> None:
    """A duration expression may give a FEEL duration value, not only a string.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-duration"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_catch_event("wait", timer_duration('= duration("PT2H")'))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("PT2H")
    assert_that(engine, pi).is_completed()


def test_reminder_before_deadline_and_escalation_after(engine: Any) -> None:
    """A non-interrupting reminder before the due date and an interrupting escalation after it.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#timer-boundary-events"""
    builder = (
        process("p")
        .start_event("s")
        .user_task("review")
        .end_event("done")
        .boundary_event("remind", timer_duration("P4D"), attached_to="review", interrupting=False)
        .service_task("send_reminder", job_type="notify")
        .end_event("reminded")
        .boundary_event("escalate", timer_duration("P5D"), attached_to="review")
        .end_event("escalated")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("P4D")
    complete_jobs(engine, "notify")
    assert_that(engine, pi).is_waiting_at("review").has_passed("reminded")
    engine.clock.advance("P1D")
    assert_that(engine, pi).is_completed().has_passed("escalated").has_terminated("review")


def test_infinite_cycle_on_non_interrupting_boundary(engine: Any) -> None:
    """R/PT1H repeats without limit while the activity is active.
    https://docs.camunda.io/docs/components/modeler/bpmn/timer-events/#time-cycle"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .boundary_event("tick", timer_cycle("R/PT1H"), attached_to="t", interrupting=False)
        .end_event("ticked")
    )
    pi = deploy_and_start(engine, builder)
    for _ in range(5):
        engine.clock.advance("PT1H")
    assert_that(engine, pi).has_passed("ticked", times=5)
    complete_jobs(engine, "w")
    engine.clock.advance("PT5H")
    assert_that(engine, pi).is_completed().has_passed("ticked", times=5)


# ---------------------------------------------------------------------- errors and escalations across scopes
def test_child_error_caught_by_parent_event_subprocess(engine: Any) -> None:
    """An error from a called process reaches the parent's error event subprocess.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    child = process("child").start_event("cs").end_event("throw", error("REJECTED"))
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child")
        .end_event("e")
        .event_sub_process(
            "on_reject", lambda b: b.start_event("rej", error("REJECTED")).end_event("rej_end")
        )
    )
    deploy_resources(engine, child, parent)
    pi = engine.create_instance("parent", variables={})
    assert_that(engine, pi).is_completed().has_terminated("call").has_passed("rej_end").has_not_passed("e")


def test_error_in_multi_instance_subprocess_caught_inside(engine: Any) -> None:
    """An error caught on the inner subprocess of one instance leaves the sibling instances running.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "each",
            lambda b: (
                b.start_event("es")
                .service_task("check", job_type="check")
                .end_event("ok")
                .boundary_event("bad", error("BAD"), attached_to="check")
                .end_event("skipped")
            ),
            multi_instance=MultiInstance("= items", "item"),
        )
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"items": [1, 2]})
    jobs = sorted(
        engine.activate_jobs("check", worker="w", timeout_ms=60_000, max_jobs=2),
        key=lambda j: j.variables["item"],
    )
    engine.throw_error(jobs[0].key, error_code="BAD", error_message="")
    assert_that(engine, pi).is_waiting_at("check")
    engine.complete_job(jobs[1].key, variables={})
    assert_that(engine, pi).is_completed().has_passed("skipped", times=1).has_passed("ok", times=1)


def test_escalation_boundary_on_call_activity_interrupting(engine: Any) -> None:
    """An interrupting escalation boundary on a call activity terminates the child.
    https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/#catching-the-escalation"""
    child = (
        process("child")
        .start_event("cs")
        .intermediate_throw_event("raise", escalation("LATE"))
        .service_task("more", job_type="more")
        .end_event("ce")
    )
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child")
        .end_event("e")
        .boundary_event("late", escalation("LATE"), attached_to="call")
        .end_event("handled")
    )
    deploy_resources(engine, child, parent)
    pi = engine.create_instance("parent", variables={})
    (child_key,) = assert_that(engine, pi).called_instances("child")
    assert_that(engine, child_key).is_terminated()
    assert_that(engine, pi).is_completed().has_passed("handled")


# ---------------------------------------------------------------------- messages, signals in nested scopes
def test_message_catch_inside_subprocess(engine: Any) -> None:
    """A message catch event inside a subprocess correlates; its variables reach the process.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda b: (
                b.start_event("ss").intermediate_catch_event("wait", message("reply", "= id")).end_event("se")
            ),
        )
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"id": "r1"})
    engine.publish_message("reply", "r1", variables={"answer": {"ok": True, "notes": ["a", "b"]}})
    assert_that(engine, pi).is_completed().has_variable("answer", {"ok": True, "notes": ["a", "b"]})


def test_same_message_id_with_other_correlation_key_accepted(engine: Any) -> None:
    """Message ids are unique per message name and correlation key.
    https://docs.camunda.io/docs/components/concepts/messages/#message-uniqueness"""
    engine.publish_message("m", "k1", time_to_live_ms=60_000, message_id="id-1")
    engine.publish_message("m", "k2", time_to_live_ms=60_000, message_id="id-1")
    assert len(RecordStream.of(engine).events().of_type("MESSAGE").with_intent("PUBLISHED")) == 2


def test_signal_catch_on_event_based_gateway(engine: Any) -> None:
    """An event-based gateway may wait for a signal as well as a timer.
    https://docs.camunda.io/docs/components/modeler/bpmn/event-based-gateways/"""
    builder = (
        process("p")
        .start_event("s")
        .event_based_gateway("gw")
        .intermediate_catch_event("go", signal("go"))
        .end_event("e_go")
        .move_to("gw")
        .intermediate_catch_event("late", timer_duration("P1D"))
        .end_event("e_late")
    )
    pi = deploy_and_start(engine, builder)
    engine.broadcast_signal("go")
    assert_that(engine, pi).is_completed().has_passed("e_go").has_not_activated("late")


def test_non_interrupting_signal_event_subprocess(engine: Any) -> None:
    """A non-interrupting signal event subprocess runs next to the main flow.
    https://docs.camunda.io/docs/components/modeler/bpmn/signal-events/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w")
        .end_event("e")
        .event_sub_process(
            "on_notice",
            lambda b: b.start_event("notice", signal("notice"), interrupting=False).end_event("noted"),
        )
    )
    pi = deploy_and_start(engine, builder)
    engine.broadcast_signal("notice")
    assert_that(engine, pi).is_waiting_at("t").has_passed("noted")


# ---------------------------------------------------------------------- multi-instance details
def test_sequential_output_collection(engine: Any) -> None:
    """A sequential multi-instance collects outputs in order.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#collecting-the-output"""
    mi = MultiInstance(
        "= items", "item", sequential=True, output_collection="out", output_element="= item + 100"
    )
    builder = process("p").start_event("s").service_task("t", job_type="w", multi_instance=mi).end_event("e")
    pi = deploy_and_start(engine, builder, {"items": [1, 2, 3]})
    while complete_jobs(engine, "w"):
        pass
    assert_that(engine, pi).is_completed().has_variable("out", [101, 102, 103])


def test_input_element_update_stays_local(engine: Any) -> None:
    """A job completing with the input element's name updates the instance's local variable only.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-propagation"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w", multi_instance=MultiInstance("= items", "item"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"items": [1]})
    complete_jobs(engine, "w", {"item": "changed"})
    assert_that(engine, pi).is_completed().has_no_variable("item")


def test_loop_counter_in_output_element(engine: Any) -> None:
    """loopCounter can be used in the output element expression.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#loopcounter"""
    mi = MultiInstance("= items", "item", output_collection="idx", output_element="= loopCounter")
    builder = process("p").start_event("s").manual_task("t", multi_instance=mi).end_event("e")
    pi = deploy_and_start(engine, builder, {"items": ["a", "b", "c"]})
    assert_that(engine, pi).is_completed().has_variable("idx", [1, 2, 3])


def test_always_true_completion_condition_ends_after_first(engine: Any) -> None:
    """The completion condition is checked when an instance completes: "= true" ends after the first.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#completion-condition"""
    mi = MultiInstance("= items", "item", completion_condition="= true")
    builder = process("p").start_event("s").service_task("t", job_type="w", multi_instance=mi).end_event("e")
    pi = deploy_and_start(engine, builder, {"items": [1, 2, 3]})
    engine.complete_job(activate_one(engine, "w").key, variables={})
    assert_that(engine, pi).is_completed().has_terminated("t", times=2)


def test_timer_boundary_on_multi_instance_terminates_all(engine: Any) -> None:
    """A boundary timer on the multi-instance activity terminates every instance and the body.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/"""
    builder = (
        process("p")
        .start_event("s")
        .service_task("t", job_type="w", multi_instance=MultiInstance("= items", "item"))
        .end_event("e")
        .boundary_event("late", timer_duration("P1D"), attached_to="t")
        .end_event("timed_out")
    )
    pi = deploy_and_start(engine, builder, {"items": [1, 2]})
    engine.clock.advance("P1D")
    assert_that(engine, pi).is_completed().has_terminated("t", times=3).has_passed("timed_out")


def test_parallel_user_tasks_per_reviewer(engine: Any) -> None:
    """A multi-instance user task creates one task per reviewer, each assigned by expression.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/"""
    builder = (
        process("p")
        .start_event("s")
        .user_task("review", assignee="= reviewer", multi_instance=MultiInstance("= reviewers", "reviewer"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"reviewers": ["li", "wang"]})
    tasks = engine.user_tasks(process_instance_key=pi.key)
    assert sorted(t.assignee for t in tasks) == ["li", "wang"]


# ---------------------------------------------------------------------- records and keys
def test_record_timestamps_follow_the_controlled_clock(engine: Any) -> None:
    """Records are stamped with the engine clock.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    builder = (
        process("p").start_event("s").intermediate_catch_event("wait", timer_duration("PT1H")).end_event("e")
    )
    start_ms = engine.clock.now_ms()
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("PT1H")
    first = RecordStream.of(engine).events().with_key(pi.key).first()
    last = RecordStream.of(engine).events().with_key(pi.key).last()
    assert first.timestamp == start_ms
    assert last.timestamp == start_ms + 3_600_000


def test_element_instance_keys_are_unique(engine: Any) -> None:
    """Every element instance has its own key.
    https://docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/"""
    builder = (
        process("p")
        .start_event("s")
        .parallel_gateway("f")
        .manual_task("a")
        .end_event("ea")
        .move_to("f")
        .manual_task("b")
        .end_event("eb")
    )
    pi = deploy_and_start(engine, builder)
    activated = (
        RecordStream.of(engine)
        .events()
        .of_type("PROCESS_INSTANCE")
        .with_intent("ELEMENT_ACTIVATED")
        .process_instance(pi.key)
    )
    keys = activated.keys()
    assert len(keys) == len(set(keys))


def test_complete_user_task_twice_is_not_found(engine: Any, errors: Any) -> None:
    """A completed user task no longer exists.
    https://docs.camunda.io/docs/apis-tools/camunda-api-rest/specifications/complete-user-task/"""
    pi = deploy_and_start(engine, process("p").start_event("s").user_task("u").end_event("e"))
    (task,) = engine.user_tasks(process_instance_key=pi.key)
    engine.complete_user_task(task.key, variables={})
    with pytest.raises(errors.NotFound):
        engine.complete_user_task(task.key, variables={})


def test_error_propagates_through_two_call_activity_levels(engine: Any) -> None:
    """An error thrown in a grandchild and caught nowhere below propagates up to the grandparent's
    boundary event; the child and grandchild are terminated.
    https://docs.camunda.io/docs/components/modeler/bpmn/error-events/#catching-the-error"""
    grandchild = process("grandchild").start_event("gs").end_event("throw", error("NO_FUNDS"))
    child = (
        process("child")
        .start_event("cs")
        .call_activity("call_grandchild", process_id="grandchild")
        .end_event("ce")
    )
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call_child", process_id="child")
        .end_event("e")
        .boundary_event("no_funds", error("NO_FUNDS"), attached_to="call_child")
        .end_event("handled")
    )
    deploy_resources(engine, grandchild, child, parent)
    pi = engine.create_instance("parent", variables={})
    (child_key,) = assert_that(engine, pi).called_instances("child")
    (grandchild_key,) = assert_that(engine, child_key).called_instances("grandchild")
    assert_that(engine, pi).is_completed().has_passed("handled")
    assert_that(engine, child_key).is_terminated()
    assert_that(engine, grandchild_key).is_terminated()


def test_child_escalation_end_event_caught_by_parent_event_subprocess(engine: Any) -> None:
    """An escalation from a called process reaches a non-interrupting escalation event subprocess of
    the parent; both go on. https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/"""
    child = (
        process("child")
        .start_event("cs")
        .parallel_gateway("fork")
        .end_event("raise", escalation("OVERDUE"))
        .move_to("fork")
        .service_task("work", job_type="work")
        .end_event("ce")
    )
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child")
        .end_event("e")
        .event_sub_process(
            "on_overdue",
            lambda b: (
                b.start_event("overdue", escalation("OVERDUE"), interrupting=False)
                .service_task("notify", job_type="notify")
                .end_event("notified")
            ),
        )
    )
    deploy_resources(engine, child, parent)
    pi = engine.create_instance("parent", variables={})
    assert_that(engine, pi).is_waiting_at("call", "notify")
    complete_jobs(engine, "notify")
    complete_jobs(engine, "work")
    assert_that(engine, pi).is_completed()


def test_incidents_and_user_tasks_queries_span_instances(engine: Any) -> None:
    """Without a process instance filter, the incident and user task queries list every instance's.
    https://docs.camunda.io/docs/components/concepts/incidents/"""
    failing = process("f").start_event("s").exclusive_gateway("gw").flow(condition="= false").end_event("e")
    review = process("r").start_event("s").user_task("review").end_event("e")
    deploy_resources(engine, failing, review)
    for _ in range(2):
        engine.create_instance("f", variables={})
        engine.create_instance("r", variables={})
    assert len(engine.incidents()) == 2
    assert len(engine.user_tasks()) == 2


def test_boundary_on_job_worker_user_task_cancels_its_job(engine: Any) -> None:
    """Interrupting a job-worker user task cancels its job.
    https://docs.camunda.io/docs/components/modeler/bpmn/user-tasks/#job-worker-implementation"""
    builder = (
        process("p")
        .start_event("s")
        .user_task("review", job_worker=True)
        .end_event("e")
        .boundary_event("late", timer_duration("P1D"), attached_to="review")
        .end_event("timed_out")
    )
    pi = deploy_and_start(engine, builder)
    engine.clock.advance("P1D")
    assert_that(engine, pi).is_completed().has_passed("timed_out")
    assert RecordStream.of(engine).events().of_type("JOB").intents() == ["CREATED", "CANCELED"]


def test_correlation_key_from_nested_variable(engine: Any) -> None:
    """A correlation key expression may read a nested property.
    https://docs.camunda.io/docs/components/concepts/messages/#message-correlation"""
    builder = (
        process("p")
        .start_event("s")
        .intermediate_catch_event("w", message("m", "= project.code"))
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"project": {"code": "LG-2026-017"}})
    engine.publish_message("m", "LG-2026-017")
    assert_that(engine, pi).is_completed()
