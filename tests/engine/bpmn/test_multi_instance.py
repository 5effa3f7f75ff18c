"""Multi-instance activities: parallel and sequential, input/output collections, loopCounter,
completion condition. https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/"""

from __future__ import annotations

from typing import Any

from engine.testing import (
    MultiInstance,
    RecordStream,
    assert_that,
    complete_jobs,
    deploy_and_start,
    deploy_resources,
    process,
)


def _mi(mi: MultiInstance, **task: Any) -> Any:
    return (
        process("p")
        .start_event("s")
        .service_task("task", job_type="work", multi_instance=mi, **task)
        .end_event("e")
    )


def _activate_all(engine: Any) -> list[Any]:
    return list(engine.activate_jobs("work", worker="w", timeout_ms=60_000, max_jobs=100))


def test_parallel_creates_one_instance_per_item(engine: Any) -> None:
    """A parallel multi-instance activity creates one instance per input collection item at once.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#defining-the-collection-to-iterate-over"""
    deploy_and_start(engine, _mi(MultiInstance("= items", "item")), {"items": ["a", "b", "c"]})
    assert len(_activate_all(engine)) == 3


def test_multi_instance_body_wraps_instances(engine: Any) -> None:
    """The instances live inside a MULTI_INSTANCE_BODY element with the activity's id.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/"""
    pi = deploy_and_start(engine, _mi(MultiInstance("= items", "item")), {"items": [1, 2]})
    records = (
        RecordStream.of(engine)
        .events()
        .process_instance(pi.key)
        .where(elementId="task")
        .with_intent("ELEMENT_ACTIVATED")
    )
    types = records.values("bpmnElementType")
    assert types == ["MULTI_INSTANCE_BODY", "SERVICE_TASK", "SERVICE_TASK"]
    body_key = records.first().key
    assert all(r.value["flowScopeKey"] == body_key for r in list(records)[1:])


def test_input_element_is_local_to_each_instance(engine: Any) -> None:
    """Each instance gets the current item as a local variable named by inputElement.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#defining-the-collection-to-iterate-over"""
    pi = deploy_and_start(engine, _mi(MultiInstance("= items", "item")), {"items": ["a", "b", "c"]})
    assert sorted(job.variables["item"] for job in _activate_all(engine)) == ["a", "b", "c"]
    assert_that(engine, pi).has_no_variable("item")


def test_loop_counter_is_one_based(engine: Any) -> None:
    """Each instance has a local loopCounter: 1 for the first item, 2 for the second ...
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#loopcounter"""
    deploy_and_start(engine, _mi(MultiInstance("= items", "item")), {"items": ["a", "b", "c"]})
    pairs = sorted((job.variables["loopCounter"], job.variables["item"]) for job in _activate_all(engine))
    assert pairs == [(1, "a"), (2, "b"), (3, "c")]


def test_parallel_completes_after_all_instances(engine: Any) -> None:
    """The multi-instance activity completes when all instances completed.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/"""
    pi = deploy_and_start(engine, _mi(MultiInstance("= items", "item")), {"items": [1, 2, 3]})
    jobs = _activate_all(engine)
    for job in jobs[:2]:
        engine.complete_job(job.key, variables={})
    assert_that(engine, pi).is_waiting_at("task")
    engine.complete_job(jobs[2].key, variables={})
    assert_that(engine, pi).is_completed().has_passed("e", times=1)


def test_sequential_runs_one_instance_at_a_time(engine: Any) -> None:
    """A sequential multi-instance activity runs its instances one after another, in order.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/"""
    pi = deploy_and_start(
        engine, _mi(MultiInstance("= items", "item", sequential=True)), {"items": ["a", "b"]}
    )
    first = _activate_all(engine)
    assert [j.variables["item"] for j in first] == ["a"]
    engine.complete_job(first[0].key, variables={})
    second = _activate_all(engine)
    assert [j.variables["item"] for j in second] == ["b"]
    engine.complete_job(second[0].key, variables={})
    assert_that(engine, pi).is_completed()


def test_empty_collection_completes_without_instances(engine: Any) -> None:
    """An empty input collection completes the activity at once, without instances.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#defining-the-collection-to-iterate-over"""
    pi = deploy_and_start(engine, _mi(MultiInstance("= items", "item")), {"items": []})
    assert_that(engine, pi).is_completed()
    assert RecordStream.of(engine).events().of_type("JOB").intents() == []


def test_input_collection_not_a_list_raises_incident(engine: Any) -> None:
    """An input collection that is not an array creates an EXTRACT_VALUE_ERROR incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#defining-the-collection-to-iterate-over"""
    pi = deploy_and_start(engine, _mi(MultiInstance("= items", "item")), {"items": "abc"})
    assert_that(engine, pi).has_incident("EXTRACT_VALUE_ERROR", "task")


def test_input_collection_missing_raises_incident(engine: Any) -> None:
    """A missing input collection variable creates an EXTRACT_VALUE_ERROR incident.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#defining-the-collection-to-iterate-over"""
    pi = deploy_and_start(engine, _mi(MultiInstance("= items", "item")))
    assert_that(engine, pi).has_incident("EXTRACT_VALUE_ERROR", "task")


def test_input_collection_literal_expression(engine: Any) -> None:
    """The input collection may be any FEEL expression giving a list.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#defining-the-collection-to-iterate-over"""
    deploy_and_start(engine, _mi(MultiInstance("= for i in 1..4 return i * 10", "n")))
    assert sorted(j.variables["n"] for j in _activate_all(engine)) == [10, 20, 30, 40]


def test_output_collection_collects_in_input_order(engine: Any) -> None:
    """outputCollection collects each instance's outputElement, in the order of the input collection.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#collecting-the-output"""
    mi = MultiInstance("= items", "item", output_collection="results", output_element="= result")
    pi = deploy_and_start(engine, _mi(mi), {"items": ["a", "b", "c"]})
    jobs = sorted(_activate_all(engine), key=lambda j: j.variables["loopCounter"], reverse=True)
    for job in jobs:  # complete in reverse order: the collection still follows the input order
        engine.complete_job(job.key, variables={"result": job.variables["item"].upper()})
    assert_that(engine, pi).is_completed().has_variable("results", ["A", "B", "C"])


def test_output_collection_of_empty_input_is_empty_list(engine: Any) -> None:
    """With an empty input collection the output collection is an empty list.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#collecting-the-output"""
    mi = MultiInstance("= items", "item", output_collection="results", output_element="= result")
    pi = deploy_and_start(engine, _mi(mi), {"items": []})
    assert_that(engine, pi).is_completed().has_variable("results", [])


def test_output_element_expression_uses_instance_variables(engine: Any) -> None:
    """The outputElement expression is evaluated in the instance's scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#collecting-the-output"""
    mi = MultiInstance("= items", "item", output_collection="doubled", output_element="= item * 2")
    builder = process("p").start_event("s").manual_task("task", multi_instance=mi).end_event("e")
    pi = deploy_and_start(engine, builder, {"items": [1, 2, 3]})
    assert_that(engine, pi).is_completed().has_variable("doubled", [2, 4, 6])


def test_output_collection_initialised_with_nulls(engine: Any) -> None:
    """Before instances complete, the output collection holds null for each item.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#collecting-the-output"""
    mi = MultiInstance("= items", "item", output_collection="results", output_element="= result")
    pi = deploy_and_start(engine, _mi(mi), {"items": [1, 2]})
    assert_that(engine, pi).has_local_variable("task", "results", [None, None])


def test_completion_condition_ends_early(engine: Any) -> None:
    """When the completion condition holds after an instance completes, the others are terminated.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#completion-condition"""
    mi = MultiInstance("= reviewers", "reviewer", completion_condition="= numberOfCompletedInstances >= 2")
    pi = deploy_and_start(engine, _mi(mi), {"reviewers": ["a", "b", "c"]})
    jobs = _activate_all(engine)
    engine.complete_job(jobs[0].key, variables={})
    assert_that(engine, pi).is_waiting_at("task")
    engine.complete_job(jobs[1].key, variables={})
    assert_that(engine, pi).is_completed().has_terminated("task", times=1)


def test_completion_condition_with_instance_variable(engine: Any) -> None:
    """The completion condition can use variables set by the instances (e.g. a rejection).
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#completion-condition"""
    mi = MultiInstance("= reviewers", "reviewer", completion_condition='= decision = "reject"')
    pi = deploy_and_start(engine, _mi(mi), {"reviewers": ["a", "b", "c"], "decision": None})
    jobs = _activate_all(engine)
    engine.complete_job(jobs[0].key, variables={"decision": "reject"})
    assert_that(engine, pi).is_completed().has_terminated("task", times=2)


def test_completion_condition_counters(engine: Any) -> None:
    """numberOfInstances and numberOfActiveInstances are available to the completion condition.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#completion-condition"""
    mi = MultiInstance(
        "= items", "item", completion_condition="= numberOfActiveInstances = numberOfInstances - 1"
    )
    pi = deploy_and_start(engine, _mi(mi), {"items": [1, 2, 3, 4]})
    engine.complete_job(_activate_all(engine)[0].key, variables={})
    assert_that(engine, pi).is_completed().has_terminated("task", times=3)


def test_sequential_completion_condition_stops_before_next(engine: Any) -> None:
    """A sequential activity whose completion condition holds creates no further instances.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#completion-condition"""
    mi = MultiInstance("= items", "item", sequential=True, completion_condition="= found")
    pi = deploy_and_start(engine, _mi(mi), {"items": [1, 2, 3], "found": False})
    complete_jobs(engine, "work", {"found": False})
    complete_jobs(engine, "work", {"found": True})
    assert_that(engine, pi).is_completed()
    assert len(RecordStream.of(engine).events().of_type("JOB").with_intent("CREATED")) == 2


def test_multi_instance_subprocess(engine: Any) -> None:
    """An embedded subprocess can be multi-instance; each instance has its own scope.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/"""
    builder = (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda s: s.start_event("ss").service_task("inner", job_type="work").end_event("se"),
            multi_instance=MultiInstance("= items", "item"),
        )
        .end_event("e")
    )
    pi = deploy_and_start(engine, builder, {"items": [1, 2]})
    jobs = _activate_all(engine)
    assert sorted(j.variables["item"] for j in jobs) == [1, 2]
    for job in jobs:
        engine.complete_job(job.key, variables={})
    assert_that(engine, pi).is_completed().has_passed("inner", times=2)


def test_multi_instance_call_activity(engine: Any) -> None:
    """A call activity can be multi-instance: one child instance per item.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/"""
    child = process("child").start_event("cs").end_event("ce")
    parent = (
        process("parent")
        .start_event("s")
        .call_activity("call", process_id="child", multi_instance=MultiInstance("= items", "item"))
        .end_event("e")
    )
    deploy_resources(engine, child, parent)
    pi = engine.create_instance("parent", variables={"items": ["x", "y", "z"]})
    assert_that(engine, pi).is_completed().has_called_process("child", times=3)


def test_multi_instance_without_input_element(engine: Any) -> None:
    """inputElement is optional: instances are created per item without an item variable.
    https://docs.camunda.io/docs/components/modeler/bpmn/multi-instance/#defining-the-collection-to-iterate-over"""
    pi = deploy_and_start(engine, _mi(MultiInstance("= items")), {"items": [1, 2]})
    jobs = _activate_all(engine)
    assert len(jobs) == 2
    for job in jobs:
        engine.complete_job(job.key, variables={})
    assert_that(engine, pi).is_completed()


def test_local_variables_do_not_leak_between_instances(engine: Any) -> None:
    """A variable set locally on one instance is not visible to its siblings.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-scopes"""
    deploy_and_start(engine, _mi(MultiInstance("= items", "item")), {"items": [1, 2]})
    jobs = sorted(_activate_all(engine), key=lambda j: j.variables["item"])
    engine.set_variables(jobs[0].element_instance_key, {"note": "first only"}, local=True)
    for job in jobs:
        engine.fail_job(job.key, retries=1, error_message="again")
    again = {j.variables["item"]: j.variables for j in _activate_all(engine)}
    assert again[1]["note"] == "first only"
    assert "note" not in again[2]
