"""Variables: scopes, propagation, local variables, input/output mappings, SetVariables.
https://docs.camunda.io/docs/components/concepts/variables/"""

from __future__ import annotations

from typing import Any

import pytest

from engine.testing import RecordStream, activate_one, assert_that, complete_jobs, deploy_and_start, process


def _task(**task: Any) -> Any:
    return process("p").start_event("s").service_task("task", job_type="work", **task).end_event("e")


def _sub_with_local(name: str) -> Any:
    return (
        process("p")
        .start_event("s")
        .sub_process(
            "sub",
            lambda s: s.start_event("ss").service_task("inner", job_type="work").end_event("se"),
            inputs={name: "= null"},
        )
        .end_event("e")
    )


def _variable_records(engine: Any) -> RecordStream:
    return RecordStream.of(engine).events().of_type("VARIABLE")


def test_propagation_updates_nearest_scope_with_the_variable(engine: Any) -> None:
    """A merged variable updates the nearest scope that already has it, not the root.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-propagation"""
    pi = deploy_and_start(engine, _sub_with_local("x"), {"x": "root"})
    complete_jobs(engine, "work", {"x": "inner"})
    assert_that(engine, pi).has_local_variable("sub", "x", "inner").has_variable("x", "root")


def test_propagation_creates_missing_variable_at_root(engine: Any) -> None:
    """A merged variable that exists in no scope is created in the process instance scope.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-propagation"""
    pi = deploy_and_start(engine, _sub_with_local("x"))
    complete_jobs(engine, "work", {"y": 1})
    assert_that(engine, pi).is_completed().has_variable("y", 1)


def test_local_variable_discarded_with_its_scope(engine: Any) -> None:
    """A local variable of a subprocess is gone when the subprocess completes (no output mapping).
    https://docs.camunda.io/docs/components/concepts/variables/#local-variables"""
    pi = deploy_and_start(engine, _sub_with_local("x"))
    complete_jobs(engine, "work", {"x": 5})
    assert_that(engine, pi).is_completed().has_no_variable("x")


def test_variable_created_then_updated_records(engine: Any) -> None:
    """A new variable is VARIABLE CREATED; a changed value is VARIABLE UPDATED.
    https://docs.camunda.io/docs/components/concepts/variables/"""
    pi = deploy_and_start(engine, _task(), {"status": "new"})
    complete_jobs(engine, "work", {"status": "checked"})
    records = _variable_records(engine).where(name="status", scopeKey=pi.key)
    assert records.intents() == ["CREATED", "UPDATED"]


def test_unchanged_value_writes_no_update(engine: Any) -> None:
    """Merging a variable with its current value writes no VARIABLE UPDATED.
    https://docs.camunda.io/docs/components/concepts/variables/"""
    pi = deploy_and_start(engine, _task(), {"status": "new"})
    complete_jobs(engine, "work", {"status": "new"})
    assert _variable_records(engine).where(name="status", scopeKey=pi.key).intents() == ["CREATED"]


def test_variable_record_carries_json_value_and_scope(engine: Any) -> None:
    """A VARIABLE record carries the name, the JSON value, the scope key and the instance key.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-values"""
    pi = deploy_and_start(engine, _task(), {"order": {"id": "A1", "lines": [1, 2]}})
    record = _variable_records(engine).where(name="order").first()
    assert record.value["scopeKey"] == pi.key
    assert record.value["processInstanceKey"] == pi.key
    assert_that(engine, pi).has_variable("order", {"id": "A1", "lines": [1, 2]})


def test_json_value_types_round_trip(engine: Any) -> None:
    """Strings, numbers, booleans, arrays, objects and null are all kept as given.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-values"""
    values = {"s": "文本", "i": 3, "f": 0.25, "b": False, "a": [1, "x"], "o": {"k": None}, "n": None}
    deploy_and_start(engine, _task(), values)
    assert activate_one(engine, "work").variables == values


def test_input_mapping_creates_local_variable(engine: Any) -> None:
    """An input mapping creates a local variable of the element, not a process variable.
    https://docs.camunda.io/docs/components/concepts/variables/#input-mappings"""
    pi = deploy_and_start(engine, _task(inputs={"amountCny": "= amount * 7"}), {"amount": 2})
    assert_that(engine, pi).has_local_variable("task", "amountCny", 14).has_no_variable("amountCny")


def test_input_mappings_evaluated_in_order(engine: Any) -> None:
    """A later input mapping can use the target of an earlier one.
    https://docs.camunda.io/docs/components/concepts/variables/#input-mappings"""
    pi = deploy_and_start(engine, _task(inputs=[("a", "= 1"), ("b", "= a + 1")]))
    assert_that(engine, pi).has_local_variable("task", "b", 2)


def test_input_mapping_nested_target(engine: Any) -> None:
    """A target with dot notation creates a nested property.
    https://docs.camunda.io/docs/components/concepts/variables/#input-mappings"""
    deploy_and_start(engine, _task(inputs={"order.customer": "= name"}), {"name": "Paul"})
    assert activate_one(engine, "work").variables["order"] == {"customer": "Paul"}


def test_input_mapping_missing_source_gives_null(engine: Any) -> None:
    """A source expression that refers to a missing variable evaluates to null (no incident).
    https://docs.camunda.io/docs/components/concepts/variables/#input-mappings"""
    pi = deploy_and_start(engine, _task(inputs={"copy": "= missing"}))
    assert_that(engine, pi).has_no_incidents().has_local_variable("task", "copy", None)


def test_output_mapping_restricts_propagation(engine: Any) -> None:
    """With output mappings, job variables are local to the task; only mapped values propagate.
    https://docs.camunda.io/docs/components/concepts/variables/#output-mappings"""
    pi = deploy_and_start(engine, _task(outputs={"paymentStatus": "= status"}))
    complete_jobs(engine, "work", {"status": "paid", "trace": "xyz"})
    assert_that(engine, pi).is_completed().has_variable("paymentStatus", "paid")
    assert_that(engine, pi).has_no_variable("status").has_no_variable("trace")


def test_output_mapping_nested_target_merges_into_object(engine: Any) -> None:
    """An output target with dot notation updates a property of an existing object.
    https://docs.camunda.io/docs/components/concepts/variables/#output-mappings"""
    pi = deploy_and_start(engine, _task(outputs={"order.status": "= status"}), {"order": {"id": "A1"}})
    complete_jobs(engine, "work", {"status": "paid"})
    assert_that(engine, pi).has_variable("order", {"id": "A1", "status": "paid"})


def test_output_mapping_on_none_end_event(engine: Any) -> None:
    """Output mappings also apply on events, e.g. a none end event.
    https://docs.camunda.io/docs/components/concepts/variables/#output-mappings"""
    builder = process("p").start_event("s").end_event("e", outputs={"closed": "= true"})
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).is_completed().has_variable("closed", True)


def test_output_mapping_of_start_event(engine: Any) -> None:
    """A none start event may have output mappings that initialise process variables.
    https://docs.camunda.io/docs/components/concepts/variables/#output-mappings"""
    builder = process("p").start_event("s", outputs={"state": '= "draft"'}).end_event("e")
    pi = deploy_and_start(engine, builder)
    assert_that(engine, pi).has_variable("state", "draft")


def test_set_variables_on_process_instance(engine: Any) -> None:
    """SetVariables on the process instance key creates process variables.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#setvariables-rpc"""
    pi = deploy_and_start(engine, _task())
    engine.set_variables(pi.key, {"priority": "high"})
    assert_that(engine, pi).has_variable("priority", "high")


def test_set_variables_local_on_element(engine: Any) -> None:
    """SetVariables with local=true creates the variables in the given element's scope only.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#setvariables-rpc"""
    pi = deploy_and_start(engine, _task())
    job = activate_one(engine, "work")
    engine.set_variables(job.element_instance_key, {"attempt": 2}, local=True)
    assert_that(engine, pi).has_local_variable("task", "attempt", 2).has_no_variable("attempt")


def test_set_variables_non_local_propagates_to_root(engine: Any) -> None:
    """SetVariables with local=false on an element propagates variables that exist nowhere to the root.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#setvariables-rpc"""
    pi = deploy_and_start(engine, _task())
    job = activate_one(engine, "work")
    engine.set_variables(job.element_instance_key, {"note": "x"}, local=False)
    assert_that(engine, pi).has_variable("note", "x")


def test_set_variables_non_local_updates_existing_local(engine: Any) -> None:
    """SetVariables (non-local) updates a variable in the nearest scope that has it.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#setvariables-rpc"""
    pi = deploy_and_start(engine, _sub_with_local("x"), {"x": "root"})
    inner = activate_one(engine, "work")
    engine.set_variables(inner.element_instance_key, {"x": "changed"}, local=False)
    assert_that(engine, pi).has_local_variable("sub", "x", "changed").has_variable("x", "root")


def test_set_variables_unknown_scope_is_not_found(engine: Any, errors: Any) -> None:
    """SetVariables on an unknown element instance is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#setvariables-rpc"""
    with pytest.raises(errors.NotFound):
        engine.set_variables(999999, {"x": 1})


def test_set_variables_on_completed_instance_is_not_found(engine: Any, errors: Any) -> None:
    """A completed instance has no scopes left: SetVariables is NOT_FOUND.
    https://docs.camunda.io/docs/apis-tools/zeebe-api/gateway-service/#setvariables-rpc"""
    pi = deploy_and_start(engine, process("p").start_event("s").end_event("e"))
    with pytest.raises(errors.NotFound):
        engine.set_variables(pi.key, {"x": 1})


def test_variables_query_of_scope(engine: Any) -> None:
    """engine.variables(scope) returns the variables of one scope.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-scopes"""
    pi = deploy_and_start(engine, _task(inputs={"local": "= 1"}), {"a": 1})
    job = activate_one(engine, "work")
    assert engine.variables(pi.key) == {"a": 1}
    assert engine.variables(job.element_instance_key) == {"local": 1}


def test_job_sees_local_shadowing_root(engine: Any) -> None:
    """A local variable shadows a process variable of the same name for the job.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-scopes"""
    deploy_and_start(engine, _task(inputs={"x": '= "local"'}), {"x": "root"})
    assert activate_one(engine, "work").variables["x"] == "local"


def test_variable_names_are_case_sensitive(engine: Any) -> None:
    """Variable names are case-sensitive: Amount and amount are two variables.
    https://docs.camunda.io/docs/components/concepts/variables/#variable-names"""
    pi = deploy_and_start(engine, _task(), {"Amount": 1, "amount": 2})
    assert_that(engine, pi).has_variable("Amount", 1).has_variable("amount", 2)
