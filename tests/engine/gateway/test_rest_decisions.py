"""REST decisions: definitions, requirements (with their XML), evaluation and decision instances
with evaluated inputs, outputs and matched rules, every response checked against the 8.8
specification. The routing table is the shape of the approval routes (e.g. LG-R-12's feasibility
study threshold) with the amount as its one input."""

from __future__ import annotations

import json

from engine.testing.builder import process
from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import checked_client


def test_definitions_and_requirements_are_searched_with_their_xml(gateway: Served) -> None:
    gateway.engine.deploy([("routing.dmn", diagrams.ROUTING_DMN)])
    rest = checked_client(gateway.rest_url)
    [definition] = rest.post(
        "/v2/decision-definitions/search", json={"filter": {"decisionDefinitionId": "route"}}
    ).json()["items"]
    assert (definition["name"], definition["version"], definition["decisionRequirementsId"]) == (
        "Route by amount",
        1,
        "routing_drg",
    )
    key = definition["decisionDefinitionKey"]
    assert rest.get(f"/v2/decision-definitions/{key}").json() == definition
    xml = rest.get(f"/v2/decision-definitions/{key}/xml")
    assert xml.headers["content-type"].startswith("text/xml")
    assert xml.text == diagrams.ROUTING_DMN.decode()
    [requirements] = rest.post("/v2/decision-requirements/search", json={}).json()["items"]
    assert (requirements["decisionRequirementsName"], requirements["resourceName"]) == (
        "Routing",
        "routing.dmn",
    )
    drg_key = requirements["decisionRequirementsKey"]
    assert rest.get(f"/v2/decision-requirements/{drg_key}").json() == requirements
    assert rest.get(f"/v2/decision-requirements/{drg_key}/xml").text == xml.text
    assert rest.get("/v2/decision-definitions/1").status_code == 404


def test_evaluation_answers_with_inputs_matched_rules_and_a_decision_instance(gateway: Served) -> None:
    gateway.engine.deploy([("routing.dmn", diagrams.ROUTING_DMN)])
    rest = checked_client(gateway.rest_url)
    answer = rest.post(
        "/v2/decision-definitions/evaluation",
        json={"decisionDefinitionId": "route", "variables": {"amount": 6_000_000}},
    ).json()
    assert json.loads(answer["output"]) == "feasibility study"
    assert answer["failureMessage"] == ""
    [evaluated] = answer["evaluatedDecisions"]
    assert evaluated["evaluatedInputs"] == [
        {"inputId": "amount_input", "inputName": "Amount", "inputValue": "6000000"}
    ]
    [rule] = evaluated["matchedRules"]
    assert (rule["ruleId"], rule["ruleIndex"]) == ("large", 1)
    assert rule["evaluatedOutputs"][0]["outputValue"] == '"feasibility study"'

    instance_key = answer["decisionInstanceKey"]
    instance = rest.get(f"/v2/decision-instances/{instance_key}").json()
    assert (instance["state"], instance["decisionDefinitionType"]) == ("EVALUATED", "DECISION_TABLE")
    assert instance["matchedRules"] == evaluated["matchedRules"]
    assert instance["decisionEvaluationKey"] == answer["decisionEvaluationKey"]
    [listed] = rest.post(
        "/v2/decision-instances/search",
        json={"filter": {"decisionEvaluationKey": answer["decisionEvaluationKey"]}},
    ).json()["items"]
    assert listed["decisionEvaluationInstanceKey"] == instance_key
    assert "matchedRules" not in listed, "the search lists instances without their rules"


def test_an_evaluation_no_rule_matches_has_a_null_output_and_no_rules(gateway: Served) -> None:
    gateway.engine.deploy([("routing.dmn", diagrams.ROUTING_DMN)])
    rest = checked_client(gateway.rest_url)
    key = rest.post("/v2/decision-definitions/search", json={}).json()["items"][0]["decisionDefinitionKey"]
    answer = rest.post("/v2/decision-definitions/evaluation", json={"decisionDefinitionKey": key}).json()
    assert (answer["output"], answer["failedDecisionDefinitionId"]) == ("null", "")
    [evaluated] = answer["evaluatedDecisions"]
    assert evaluated["matchedRules"] == []
    assert evaluated["evaluatedInputs"][0]["inputValue"] == "null"


def test_evaluation_needs_exactly_one_of_id_and_key(gateway: Served) -> None:
    rest = checked_client(gateway.rest_url)
    neither = rest.post("/v2/decision-definitions/evaluation", json={"variables": {}})
    assert neither.status_code == 400 and "decisionDefinitionId" in neither.json()["detail"]
    unknown = rest.post("/v2/decision-definitions/evaluation", json={"decisionDefinitionId": "nope"})
    assert unknown.status_code == 404


def test_a_business_rule_task_leaves_a_decision_instance_of_its_process(gateway: Served) -> None:
    engine = gateway.engine
    engine.deploy(
        [
            ("routing.dmn", diagrams.ROUTING_DMN),
            (
                "route.bpmn",
                process("routed")
                .start_event("start")
                .business_rule_task("decide", decision_id="route", result_variable="review")
                .end_event("end")
                .to_xml(),
            ),
        ]
    )
    instance = engine.create_instance("routed", {"amount": 7_000_000})
    rest = checked_client(gateway.rest_url)
    [listed] = rest.post(
        "/v2/decision-instances/search", json={"filter": {"processInstanceKey": str(instance.key)}}
    ).json()["items"]
    [decide] = {
        record.key
        for record in engine.records
        if record.value_type == "PROCESS_INSTANCE" and record.value.get("elementId") == "decide"
    }
    assert listed["elementInstanceKey"] == str(decide)
    assert json.loads(listed["result"]) == "feasibility study"
    detail = rest.get(f"/v2/decision-instances/{listed['decisionEvaluationInstanceKey']}").json()
    assert [rule["ruleId"] for rule in detail["matchedRules"]] == ["large"]
