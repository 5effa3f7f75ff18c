"""Process instance migration, as Zeebe 8.8 does it.

Sources: camunda/camunda zeebe/engine ProcessInstanceMigrationMigrateProcessor (what is migrated:
element instances, jobs, user tasks, incidents, variables, catch events) and
ProcessInstanceMigrationPreconditions (the rejections and their wording); docs.camunda.io 8.8
"Process instance migration".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.clock import ControlledClock
from engine.runtime import Engine, FailedPrecondition, InvalidArgument, MappingInstruction, NotFound
from engine.testing import assert_that, compensation, process
from tests.engine.runtime.diagrams import END, START, bpmn, chain, service

MESSAGE = '<bpmn:message id="msg" name="paid"><bpmn:extensionElements>'
MESSAGE += '<zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>'


def _user_task(eid: str, native: bool = True) -> str:
    marker = "<zeebe:userTask/>" if native else ""
    return (
        f'<bpmn:userTask id="{eid}"><bpmn:extensionElements>{marker}</bpmn:extensionElements></bpmn:userTask>'
    )


def _timer_boundary(eid: str, attached_to: str, duration: str = "PT1H") -> str:
    return (
        f'<bpmn:boundaryEvent id="{eid}" attachedToRef="{attached_to}"><bpmn:timerEventDefinition>'
        f"<bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    )


def _deploy(engine: Engine, body: str, extra: str = "") -> int:
    deployment = engine.deploy([("p.bpmn", bpmn(body, extra=extra))])
    return deployment.processes[0].process_definition_key


V1 = START + service("a", "work") + END + chain("start", "a", "end")
V2 = (
    START
    + service("a2", "work", extra='<zeebe:taskHeaders><zeebe:header key="k" value="v"/></zeebe:taskHeaders>')
    + _user_task("review")
    + END
    + chain("start", "a2", "review", "end")
)


def test_a_service_task_moves_to_the_new_version_and_its_job_keeps_its_key(engine: Engine) -> None:
    """JOB MIGRATED carries the new definition and element id; type and headers stay (the processor
    only sets processDefinitionKey/Version, bpmnProcessId and elementId on the job)."""
    _deploy(engine, V1)
    pi = engine.create_instance("p", {"orderId": "o-1"}).key
    v2 = _deploy(engine, V2)
    [job] = engine.jobs("work")

    engine.migrate_instance(pi, v2, [MappingInstruction("a", "a2")])

    status = engine.instance(pi)
    assert (status.process_definition_key, status.version) == (v2, 2)
    assert [(e.key, e.element_id) for e in status.active_elements] == [(job["elementInstanceKey"], "a2")]
    [moved] = engine.jobs("work")
    assert moved["key"] == job["key"]
    assert (moved["elementId"], moved["processDefinitionKey"], moved["processDefinitionVersion"]) == (
        "a2",
        v2,
        2,
    )
    assert moved["customHeaders"] == {}
    # the instance goes on along the new version's flow
    [activated] = engine.activate_jobs("work")
    assert activated.element_id == "a2"
    engine.complete_job(activated.key)
    assert [t.element_id for t in engine.user_tasks(pi)] == ["review"]


def test_the_log_shows_the_command_the_migrated_records_and_migrated(engine: Engine) -> None:
    _deploy(engine, V1)
    pi = engine.create_instance("p", {"orderId": "o-1"}).key
    v2 = _deploy(engine, V2)
    start = len(engine.records)

    engine.migrate_instance(pi, v2, [("a", "a2")])

    written = [(r.record_type, r.value_type, r.intent) for r in engine.records[start:]]
    assert written[0] == ("COMMAND", "PROCESS_INSTANCE_MIGRATION", "MIGRATE")
    assert written[-1] == ("EVENT", "PROCESS_INSTANCE_MIGRATION", "MIGRATED")
    assert ("EVENT", "PROCESS_INSTANCE", "ELEMENT_MIGRATED") in written
    assert ("EVENT", "JOB", "MIGRATED") in written
    assert ("EVENT", "VARIABLE", "MIGRATED") in written
    migrated = [r for r in engine.records[start:] if r.intent == "ELEMENT_MIGRATED"]
    assert [(r.value["elementId"], r.value["processDefinitionKey"]) for r in migrated] == [
        ("p", v2),
        ("a2", v2),
    ]
    last = engine.records[-1]
    assert last.value["targetProcessDefinitionKey"] == v2
    assert last.value["mappingInstructions"] == [{"sourceElementId": "a", "targetElementId": "a2"}]


def test_a_user_task_keeps_its_key_and_assignee(engine: Engine) -> None:
    _deploy(engine, START + _user_task("review") + END + chain("start", "review", "end"))
    pi = engine.create_instance("p").key
    [task] = engine.user_tasks(pi)
    engine.assign_user_task(task.key, "zhang.wei")
    v2 = _deploy(engine, START + _user_task("check") + END + chain("start", "check", "end"))

    engine.migrate_instance(pi, v2, [("review", "check")])

    [moved] = engine.user_tasks(pi)
    assert (moved.key, moved.element_id, moved.assignee) == (task.key, "check", "zhang.wei")
    engine.complete_user_task(moved.key)
    assert engine.instance(pi).state == "COMPLETED"


def test_an_incident_moves_with_its_element(engine: Engine) -> None:
    _deploy(engine, V1)
    pi = engine.create_instance("p").key
    [job] = engine.activate_jobs("work")
    engine.fail_job(job.key, retries=0, error_message="down")
    v2 = _deploy(engine, V2)

    engine.migrate_instance(pi, v2, [("a", "a2")])

    [incident] = engine.incidents(pi)
    assert incident.element_id == "a2"
    assert any(r.value_type == "INCIDENT" and r.intent == "MIGRATED" for r in engine.records)


def test_a_message_catch_event_keeps_its_subscription(engine: Engine) -> None:
    wait = (
        '<bpmn:intermediateCatchEvent id="{}"><bpmn:messageEventDefinition messageRef="msg"/>'
        "</bpmn:intermediateCatchEvent>"
    )
    _deploy(engine, START + wait.format("w1") + END + chain("start", "w1", "end"), MESSAGE)
    pi = engine.create_instance("p", {"orderId": "o-7"}).key
    v2 = _deploy(
        engine,
        START + wait.format("w2") + service("after", "after") + END + chain("start", "w2", "after", "end"),
        MESSAGE,
    )

    engine.migrate_instance(pi, v2, [("w1", "w2")])

    assert not [
        r for r in engine.records if r.value_type == "PROCESS_MESSAGE_SUBSCRIPTION" and r.intent == "DELETED"
    ]
    engine.publish_message("paid", "o-7")
    assert [j["elementId"] for j in engine.jobs("after")] == ["after"]


def test_a_mapped_boundary_timer_keeps_its_timer_and_an_unmapped_one_is_replaced(
    engine: Engine, clock: ControlledClock
) -> None:
    """Unmapped source catch events are unsubscribed, the target's unmapped ones subscribed, then the
    mapped ones migrated (TIMER MIGRATED), in ProcessInstanceMigrationCatchEventBehaviour's order."""
    _deploy(
        engine,
        START
        + service("a", "work")
        + _timer_boundary("t1", "a")
        + _timer_boundary("t0", "a", "PT3H")
        + END
        + chain("start", "a", "end")
        + '<bpmn:endEvent id="late"/>'
        + '<bpmn:sequenceFlow id="x" sourceRef="t1" targetRef="late"/>'
        + '<bpmn:sequenceFlow id="z" sourceRef="t0" targetRef="late"/>',
    )
    pi = engine.create_instance("p").key
    created = {r.value["targetElementId"]: r.key for r in engine.records if r.value_type == "TIMER"}
    v2 = _deploy(
        engine,
        START
        + service("a", "work")
        + _timer_boundary("t2", "a")
        + _timer_boundary("t3", "a", "PT2H")
        + END
        + chain("start", "a", "end")
        + '<bpmn:endEvent id="late"/>'
        + '<bpmn:sequenceFlow id="x" sourceRef="t2" targetRef="late"/>'
        + '<bpmn:sequenceFlow id="y" sourceRef="t3" targetRef="late"/>',
    )

    engine.migrate_instance(pi, v2, [("a", "a"), ("t1", "t2")])

    timers = [r for r in engine.records if r.value_type == "TIMER"]
    assert [(r.intent, r.key, r.value["targetElementId"]) for r in timers[2:]] == [
        ("CANCELED", created["t0"], "t0"),
        ("CREATED", timers[-2].key, "t3"),
        ("MIGRATED", created["t1"], "t2"),
    ]
    clock.advance("PT1H")
    assert engine.instance(pi).state == "COMPLETED"


def test_elements_inside_a_sub_process_move_with_it(engine: Engine) -> None:
    def process(sub: str, task: str) -> str:
        inner = '<bpmn:startEvent id="s"/>' + service(task, "work") + '<bpmn:endEvent id="e"/>'
        inner += "".join(
            f'<bpmn:sequenceFlow id="{sub}{i}" sourceRef="{a}" targetRef="{b}"/>'
            for i, (a, b) in enumerate([("s", task), (task, "e")])
        )
        return (
            START
            + f'<bpmn:subProcess id="{sub}">{inner}</bpmn:subProcess>'
            + END
            + chain("start", sub, "end")
        )

    _deploy(engine, process("sub", "a"))
    pi = engine.create_instance("p").key
    v2 = _deploy(engine, process("sub2", "a2"))

    engine.migrate_instance(pi, v2, [("sub", "sub2"), ("a", "a2")])

    assert [e.element_id for e in engine.instance(pi).active_elements] == ["sub2", "a2"]
    engine.complete_job(engine.activate_jobs("work")[0].key)
    assert engine.instance(pi).state == "COMPLETED"


# -- rejections (ProcessInstanceMigrationPreconditions) ------------------------------------------


def _rejection(engine: Engine) -> tuple[str | None, str | None]:
    last = engine.records[-1]
    assert last.record_type == "COMMAND_REJECTION"
    assert (last.value_type, last.intent) == ("PROCESS_INSTANCE_MIGRATION", "MIGRATE")
    return last.rejection_type, last.rejection_reason


def test_no_such_instance_is_not_found(engine: Engine) -> None:
    v1 = _deploy(engine, V1)
    with pytest.raises(NotFound) as raised:
        engine.migrate_instance(42, v1, [])
    assert (
        str(raised.value)
        == "Expected to migrate process instance but no process instance found with key '42'"
    )
    assert _rejection(engine)[0] == "NOT_FOUND"


def test_no_such_target_definition_is_not_found(engine: Engine) -> None:
    _deploy(engine, V1)
    pi = engine.create_instance("p").key
    with pytest.raises(NotFound, match="but no process definition found with key '7'"):
        engine.migrate_instance(pi, 7, [("a", "a")])


def test_duplicate_source_element_ids_are_invalid(engine: Engine) -> None:
    _deploy(engine, V1)
    pi = engine.create_instance("p").key
    v2 = _deploy(engine, V2)
    with pytest.raises(InvalidArgument) as raised:
        engine.migrate_instance(pi, v2, [("a", "a2"), ("a", "review")])
    assert str(raised.value) == (
        f"Expected to migrate process instance '{pi}' but the mapping instructions contain duplicate source "
        "element ids '[a]'."
    )


@pytest.mark.parametrize(
    ("mapping", "reason"),
    [
        (
            ("nope", "a2"),
            "contain a non-existing source element id 'nope'. Elements provided in mapping "
            "instructions must exist in the source process definition.",
        ),
        (
            ("a", "nope"),
            "contain a non-existing target element id 'nope'. Elements provided in mapping "
            "instructions must exist in the target process definition.",
        ),
    ],
)
def test_mapping_to_or_from_a_missing_element_is_invalid(
    engine: Engine, mapping: tuple[str, str], reason: str
) -> None:
    _deploy(engine, V1)
    pi = engine.create_instance("p").key
    v2 = _deploy(engine, V2)
    with pytest.raises(InvalidArgument) as raised:
        engine.migrate_instance(pi, v2, [mapping])
    assert (
        str(raised.value) == f"Expected to migrate process instance '{pi}' but mapping instructions {reason}"
    )


def test_an_unmapped_active_element_is_rejected_and_nothing_changes(engine: Engine) -> None:
    _deploy(engine, V1)
    pi = engine.create_instance("p").key
    v1_key = engine.instance(pi).process_definition_key
    v2 = _deploy(engine, V2)
    with pytest.raises(FailedPrecondition) as raised:
        engine.migrate_instance(pi, v2, [])
    assert str(raised.value) == (
        f"Expected to migrate process instance '{pi}' but no mapping instruction defined for active element "
        "with id 'a'. Elements cannot be migrated without a mapping."
    )
    assert _rejection(engine)[0] == "INVALID_STATE"
    assert engine.instance(pi).process_definition_key == v1_key
    assert [j["elementId"] for j in engine.jobs("work")] == ["a"]


def test_mapping_onto_another_element_type_is_rejected(engine: Engine) -> None:
    _deploy(engine, V1)
    pi = engine.create_instance("p").key
    v2 = _deploy(engine, V2)
    with pytest.raises(FailedPrecondition) as raised:
        engine.migrate_instance(pi, v2, [("a", "review")])
    assert str(raised.value) == (
        f"Expected to migrate process instance '{pi}' but active element with id 'a' and type 'SERVICE_TASK' "
        "is mapped to an element with id 'review' and different type 'USER_TASK'. Elements must be mapped to "
        "elements of the same type."
    )


def test_changing_the_user_task_implementation_is_rejected(engine: Engine) -> None:
    _deploy(engine, START + _user_task("review") + END + chain("start", "review", "end"))
    pi = engine.create_instance("p").key
    v2 = _deploy(engine, START + _user_task("review", native=False) + END + chain("start", "review", "end"))
    with pytest.raises(FailedPrecondition) as raised:
        engine.migrate_instance(pi, v2, [("review", "review")])
    assert str(raised.value) == (
        f"Expected to migrate process instance '{pi}' but active user task with id 'review' and "
        "implementation 'zeebe user task' is mapped to an user task with id 'review' and different "
        "implementation 'job worker'. Elements must be mapped to elements of the same implementation."
    )


def _with_sub_process(task: str, outside: str = "") -> str:
    inner = '<bpmn:startEvent id="s"/>' + service(task, "work") + '<bpmn:endEvent id="e"/>'
    inner += f'<bpmn:sequenceFlow id="i1" sourceRef="s" targetRef="{task}"/>'
    inner += f'<bpmn:sequenceFlow id="i2" sourceRef="{task}" targetRef="e"/>'
    sub = f'<bpmn:subProcess id="sub">{inner}</bpmn:subProcess>'
    return START + sub + outside + END + chain("start", "sub", "end")


def test_moving_an_element_out_of_its_sub_process_is_rejected(engine: Engine) -> None:
    _deploy(engine, _with_sub_process("a"))
    pi = engine.create_instance("p").key
    v2 = _deploy(engine, _with_sub_process("x", outside=service("a2", "work")))
    with pytest.raises(FailedPrecondition) as raised:
        engine.migrate_instance(pi, v2, [("sub", "sub"), ("a", "a2")])
    assert str(raised.value) == (
        f"Expected to migrate process instance '{pi}' but the flow scope of active element with id 'a' is "
        "changed. The flow scope of the active element is expected to be 'sub' but was 'p'. "
        "The flow scope of an element cannot be changed during migration yet."
    )


def test_a_catch_event_mapped_away_from_its_element_is_rejected(engine: Engine) -> None:
    body = START + service("a", "work") + service("b", "other") + END + chain("start", "a", "b", "end")
    _deploy(engine, body + _timer_boundary("t", "a"))
    pi = engine.create_instance("p").key
    v2 = _deploy(engine, body + _timer_boundary("t", "b"))
    with pytest.raises(FailedPrecondition) as raised:
        engine.migrate_instance(pi, v2, [("a", "a"), ("t", "t")])
    assert "These mappings detach the catch event from the element in the target process." in str(
        raised.value
    )


def test_a_target_catch_event_whose_expression_fails_is_rejected_before_anything_changes(
    engine: Engine,
) -> None:
    """A failed subscription is rejected with "... that must be subscribed to a catch event. <failure>"
    (ProcessInstanceMigrationCatchEventBehaviour.subscribeToAllCatchEvents)."""
    _deploy(engine, V1)
    pi = engine.create_instance("p").key
    catch = (
        '<bpmn:boundaryEvent id="paid" attachedToRef="a" cancelActivity="false">'
        '<bpmn:messageEventDefinition messageRef="msg"/></bpmn:boundaryEvent>'
    )
    v2 = _deploy(engine, V1 + catch, MESSAGE)
    start = len(engine.records)
    with pytest.raises(FailedPrecondition) as raised:
        engine.migrate_instance(pi, v2, [("a", "a")])
    assert str(raised.value).startswith(
        f"Expected to migrate process instance '{pi}' but active element with id 'a' is mapped to element "
        "with id 'a' that must be subscribed to a catch event. "
    )
    assert "orderId" in str(raised.value)
    assert [(r.record_type, r.intent) for r in engine.records[start:]] == [
        ("COMMAND", "MIGRATE"),
        ("COMMAND_REJECTION", "MIGRATE"),
    ]


def test_a_new_boundary_message_is_subscribed_when_the_correlation_key_evaluates(engine: Engine) -> None:
    _deploy(engine, V1)
    pi = engine.create_instance("p", {"orderId": "o-9"}).key
    catch = (
        '<bpmn:boundaryEvent id="paid" attachedToRef="a">'
        '<bpmn:messageEventDefinition messageRef="msg"/></bpmn:boundaryEvent>'
        '<bpmn:endEvent id="cancelled"/><bpmn:sequenceFlow id="c" sourceRef="paid" targetRef="cancelled"/>'
    )
    v2 = _deploy(engine, V1 + catch, MESSAGE)

    engine.migrate_instance(pi, v2, [("a", "a")])

    engine.publish_message("paid", "o-9")
    assert engine.instance(pi).state == "COMPLETED"
    assert engine.jobs("work") == []


def test_an_event_sub_process_start_of_the_process_follows_the_mapping(engine: Engine) -> None:
    def esp(start_id: str) -> str:
        return (
            '<bpmn:subProcess id="handler" triggeredByEvent="true">'
            f'<bpmn:startEvent id="{start_id}">'
            '<bpmn:messageEventDefinition messageRef="msg"/></bpmn:startEvent>'
            '<bpmn:endEvent id="handled"/>'
            f'<bpmn:sequenceFlow id="h" sourceRef="{start_id}" targetRef="handled"/></bpmn:subProcess>'
        )

    _deploy(engine, V1 + esp("s1"), MESSAGE)
    pi = engine.create_instance("p", {"orderId": "o-3"}).key
    v2 = _deploy(engine, V1 + esp("s2"), MESSAGE)
    start = len(engine.records)

    engine.migrate_instance(pi, v2, [("a", "a"), ("s1", "s2")])

    intents = [(r.value_type, r.intent) for r in engine.records[start:] if "SUBSCRIPTION" in r.value_type]
    assert intents == [("PROCESS_MESSAGE_SUBSCRIPTION", "MIGRATED"), ("MESSAGE_SUBSCRIPTION", "MIGRATED")]
    engine.publish_message("paid", "o-3")
    assert engine.instance(pi).state == "COMPLETED"


def test_a_message_started_instance_cannot_join_another_process_with_its_correlation_key(
    engine: Engine,
) -> None:
    """ProcessInstanceMigrationPreconditions.requireNoStartEventInstanceForTargetProcess."""

    def started_by_message(process_id: str) -> bytes:
        start = (
            '<bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="msg"/></bpmn:startEvent>'
        )
        body = start + service("a", "work") + END + chain("start", "a", "end")
        return bpmn(body, process_id=process_id, extra='<bpmn:message id="msg" name="order-received"/>')

    engine.deploy([("intake.bpmn", started_by_message("intake"))])
    target = engine.deploy([("review.bpmn", started_by_message("review"))]).processes[0]
    engine.publish_message("order-received", "o-5")
    [intake] = [j["processInstanceKey"] for j in engine.jobs("work") if j["bpmnProcessId"] == "intake"]

    with pytest.raises(FailedPrecondition) as raised:
        engine.migrate_instance(intake, target.process_definition_key, [("a", "a")])
    assert str(raised.value) == (
        f"Expected to migrate process instance '{intake}' but target process definition "
        f"'{target.process_definition_key}' has an active instance triggered by a message start event with "
        "correlation key 'o-5'. Only one instance per correlation key is allowed for message start events."
    )


def _multi_instance(task: str, sequential: bool) -> str:
    loop = (
        f'<bpmn:multiInstanceLoopCharacteristics isSequential="{str(sequential).lower()}">'
        '<bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/>'
        "</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>"
    )
    return service(task, "work").replace("</bpmn:serviceTask>", loop + "</bpmn:serviceTask>")


def test_a_multi_instance_body_and_its_inner_instances_move_together(engine: Engine) -> None:
    _deploy(engine, START + _multi_instance("a", False) + END + chain("start", "a", "end"))
    pi = engine.create_instance("p", {"items": [1, 2]}).key
    v2 = _deploy(engine, START + _multi_instance("a2", False) + END + chain("start", "a2", "end"))

    engine.migrate_instance(pi, v2, [("a", "a2")])

    active = engine.instance(pi).active_elements
    assert [(e.element_id, e.element_type) for e in active] == [
        ("a2", "MULTI_INSTANCE_BODY"),
        ("a2", "SERVICE_TASK"),
        ("a2", "SERVICE_TASK"),
    ]
    for job in engine.activate_jobs("work"):
        engine.complete_job(job.key)
    assert engine.instance(pi).state == "COMPLETED"


def test_changing_parallel_into_sequential_is_rejected(engine: Engine) -> None:
    _deploy(engine, START + _multi_instance("a", False) + END + chain("start", "a", "end"))
    pi = engine.create_instance("p", {"items": [1, 2]}).key
    v2 = _deploy(engine, START + _multi_instance("a", True) + END + chain("start", "a", "end"))
    with pytest.raises(FailedPrecondition) as raised:
        engine.migrate_instance(pi, v2, [("a", "a")])
    assert str(raised.value) == (
        f"Expected to migrate process instance '{pi}' but active element with id 'a' has a different loop "
        "characteristics than the target element with id 'a'. Both elements must have either sequential or "
        "parallel loop characteristics."
    )


def test_a_migrated_instance_survives_a_restart(tmp_path: Path, clock: ControlledClock) -> None:
    with Engine.open(tmp_path, clock=clock) as engine:
        _deploy(engine, V1)
        pi = engine.create_instance("p").key
        v2 = _deploy(engine, V2)
        engine.migrate_instance(pi, v2, [("a", "a2")])
    with Engine.open(tmp_path, clock=clock) as engine:
        assert [e.element_id for e in engine.instance(pi).active_elements] == ["a2"]
        engine.complete_job(engine.activate_jobs("work")[0].key)
        assert [t.element_id for t in engine.user_tasks(pi)] == ["review"]


def test_the_testing_assertions_read_a_migrated_instance(engine: Engine) -> None:
    """engine.testing reads the log: a migrated element, incident and subscription stay open."""
    wait = (
        '<bpmn:boundaryEvent id="{}" attachedToRef="a" cancelActivity="false">'
        '<bpmn:messageEventDefinition messageRef="msg"/></bpmn:boundaryEvent>'
    )
    _deploy(engine, V1 + wait.format("paid"), MESSAGE)
    pi = engine.create_instance("p", {"orderId": "o-2"}).key
    [job] = engine.activate_jobs("work")
    engine.fail_job(job.key, retries=0, error_message="down")
    v2 = _deploy(engine, V2 + wait.format("paid2").replace('"a"', '"a2"'), MESSAGE)

    engine.migrate_instance(pi, v2, [("a", "a2"), ("paid", "paid2")])

    assert_that(engine, pi).is_waiting_at("a2").has_incident("JOB_NO_RETRIES", "a2").is_waiting_for_message(
        "paid", "o-2"
    )


def _booking(task: str, boundary: str, handler: str, handler_type: str, then: str = "wait") -> bytes:
    builder = (
        process("p")
        .start_event("s")
        .service_task(task, job_type="book")
        .boundary_event(boundary, compensation(), attached_to=task)
        .compensation_handler(handler, job_type=handler_type)
        .move_to(task)
        .service_task(then, job_type="wait")
    )
    xml: bytes = builder.end_event("compensate_end", compensation()).to_xml()
    return xml


def test_a_compensation_subscription_follows_its_mapped_boundary_event(engine: Engine) -> None:
    """Completed work keeps its compensation: the subscription moves to the activity the mapped
    compensation boundary is attached to, with that boundary's handler (COMPENSATION_SUBSCRIPTION
    MIGRATED, ProcessInstanceMigrationCatchEventBehaviour.handleCompensationCatchEvents)."""
    engine.deploy([("v1.bpmn", _booking("book", "undo_event", "undo", "undo-v1"))])
    pi = engine.create_instance("p").key
    engine.complete_job(engine.activate_jobs("book")[0].key)
    v2 = engine.deploy([("v2.bpmn", _booking("reserve", "cancel_event", "cancel", "undo-v2"))])

    engine.migrate_instance(
        pi, v2.processes[0].process_definition_key, [("wait", "wait"), ("undo_event", "cancel_event")]
    )

    [migrated] = [
        r for r in engine.records if r.value_type == "COMPENSATION_SUBSCRIPTION" and r.intent == "MIGRATED"
    ]
    assert (migrated.value["compensableActivityId"], migrated.value["compensationHandlerId"]) == (
        "reserve",
        "cancel",
    )
    engine.complete_job(engine.activate_jobs("wait")[0].key)
    assert [j["elementId"] for j in engine.jobs("undo-v2")] == ["cancel"]


def test_an_unmapped_compensation_subscription_is_deleted(engine: Engine) -> None:
    engine.deploy([("v1.bpmn", _booking("book", "undo_event", "undo", "undo-v1"))])
    pi = engine.create_instance("p").key
    engine.complete_job(engine.activate_jobs("book")[0].key)
    v2 = engine.deploy([("v2.bpmn", _booking("reserve", "cancel_event", "cancel", "undo-v2"))])

    engine.migrate_instance(pi, v2.processes[0].process_definition_key, [("wait", "wait")])

    assert any(r.value_type == "COMPENSATION_SUBSCRIPTION" and r.intent == "DELETED" for r in engine.records)
    engine.complete_job(engine.activate_jobs("wait")[0].key)
    assert engine.jobs("undo-v2") == [] and engine.instance(pi).state == "COMPLETED"


def _parallel(join: str, extra_branch: bool = False) -> str:
    body = (
        START
        + '<bpmn:parallelGateway id="fork"/>'
        + service("a", "work")
        + _user_task("b")
        + f'<bpmn:parallelGateway id="{join}"/>'
        + END
        + chain("start", "fork")
        + '<bpmn:sequenceFlow id="to_a" sourceRef="fork" targetRef="a"/>'
        + '<bpmn:sequenceFlow id="to_b" sourceRef="fork" targetRef="b"/>'
        + f'<bpmn:sequenceFlow id="a_done" sourceRef="a" targetRef="{join}"/>'
        + f'<bpmn:sequenceFlow id="b_done" sourceRef="b" targetRef="{join}"/>'
        + f'<bpmn:sequenceFlow id="joined" sourceRef="{join}" targetRef="end"/>'
    )
    if extra_branch:
        body += service("c", "other") + '<bpmn:sequenceFlow id="to_c" sourceRef="fork" targetRef="c"/>'
        body += f'<bpmn:sequenceFlow id="c_done" sourceRef="c" targetRef="{join}"/>'
    return body


def test_a_token_waiting_at_a_joining_gateway_moves_with_its_mapping(engine: Engine) -> None:
    """Taken sequence flows to a joining gateway are migrated (ELEMENT_MIGRATED of the flow,
    ProcessInstanceMigrationMigrateProcessor.getSequenceFlowsToMigrate)."""
    _deploy(engine, _parallel("join"))
    pi = engine.create_instance("p").key
    engine.complete_job(engine.activate_jobs("work")[0].key)
    v2 = _deploy(engine, _parallel("merge"))
    start = len(engine.records)

    engine.migrate_instance(pi, v2, [("b", "b"), ("join", "merge")])

    flows = [r for r in engine.records[start:] if r.value.get("bpmnElementType") == "SEQUENCE_FLOW"]
    assert [(r.intent, r.value["elementId"], r.value["flowScopeKey"]) for r in flows] == [
        ("ELEMENT_MIGRATED", "a_done", pi)
    ]
    engine.complete_user_task(engine.user_tasks(pi)[0].key)
    assert engine.instance(pi).state == "COMPLETED"
    assert_that(engine, pi).has_passed_in_order("merge", "end")


def test_a_joining_gateway_with_waiting_tokens_must_be_mapped_alike(engine: Engine) -> None:
    _deploy(engine, _parallel("join"))
    pi = engine.create_instance("p").key
    engine.complete_job(engine.activate_jobs("work")[0].key)
    unmapped = _deploy(engine, _parallel("join"))
    with pytest.raises(FailedPrecondition, match="and no mapping instruction"):
        engine.migrate_instance(pi, unmapped, [("b", "b")])
    wider = _deploy(engine, _parallel("join", extra_branch=True))
    with pytest.raises(FailedPrecondition, match="with 3 incoming sequence flows instead of 2"):
        engine.migrate_instance(pi, wider, [("b", "b"), ("join", "join")])
    assert_that(engine, pi).is_waiting_at("b")
