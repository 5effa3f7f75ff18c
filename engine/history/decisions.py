"""Decision definitions, decision requirements and decision instances, followed from the DECISION,
DECISION_REQUIREMENTS and DECISION_EVALUATION records into the history (a deleted definition is no
longer listed),
in the shapes of 8.8's ``/v2/decision-definitions``, ``/v2/decision-requirements`` and
``/v2/decision-instances``.

Every decision an evaluation evaluated (the called one and the decisions it requires) is one
decision instance, with its evaluated inputs and matched rules. Camunda's exporter names them
``<evaluation key>-<n>``; the 8.8 specification declares ``decisionEvaluationInstanceKey`` a numeric
key (and the official clients check it), so here the n-th instance of evaluation K has the key
``K * 1000 + n``: numeric, unique, within a Java long for every key the engine hands out
(partition 1's keys stay below 2^52), and read back to its evaluation without a lookup."""

from __future__ import annotations

from typing import Any

import structlog

from engine.history.jobs import TENANT, instant
from engine.history.table import HistoryTable
from engine.runtime.records import Record

INSTANCES_PER_EVALUATION = 1000
"""Room for the instances of one evaluation in its instance keys; a DRG that evaluates more
decisions at once lists its first 999 (and says so in the log)."""
log = structlog.get_logger("engine.history")
_TYPES = frozenset({"DECISION_TABLE", "LITERAL_EXPRESSION"})


def instance_key(evaluation_key: int, index: int) -> str:
    return str(evaluation_key * INSTANCES_PER_EVALUATION + index)


def _decision_type(kind: str) -> str:
    """8.8's decision types: a decision table or a literal expression; other logic is UNKNOWN."""
    return kind if kind in _TYPES else "UNKNOWN"


def key_text(value: Any) -> str | None:
    """A record's key as the API's string key; None for Zeebe's "no key" (-1, 0) or nothing."""
    return None if value in (None, -1, 0, "") else str(value)


class DecisionExport:
    """Applies the decision records to the history's decision tables."""

    def __init__(
        self,
        definitions: HistoryTable,
        requirements: HistoryTable,
        instances: HistoryTable,
        by_id: HistoryTable,
    ) -> None:
        self.definitions = definitions
        self.requirements = requirements
        self.instances = instances
        """Decision instances by key (text), each with its evaluated inputs and matched rules."""
        self._by_id = by_id
        """Each decision's definition key by (requirements key, decision id); kept after a deletion."""

    def on_requirements(self, record: Record) -> None:
        if record.intent == "DELETED":
            self.requirements.pop(record.key)
            return
        if record.intent != "CREATED":
            return
        value = record.value
        self.requirements[record.key] = {
            "decisionRequirementsKey": str(record.key),
            "decisionRequirementsId": value["decisionRequirementsId"],
            "decisionRequirementsName": value["decisionRequirementsName"],
            "version": value["decisionRequirementsVersion"],
            "resourceName": value["resourceName"],
            "tenantId": value.get("tenantId") or TENANT,
        }

    def on_decision(self, record: Record) -> None:
        value = record.value
        if record.intent == "DELETED":
            self.definitions.pop(record.key)
            return
        if record.intent != "CREATED":
            return
        self.definitions[record.key] = {
            "decisionDefinitionKey": str(record.key),
            "decisionDefinitionId": value["decisionId"],
            "name": value["decisionName"],
            "version": value["version"],
            "decisionRequirementsKey": str(value["decisionRequirementsKey"]),
            "decisionRequirementsId": value["decisionRequirementsId"],
            "tenantId": value.get("tenantId") or TENANT,
        }
        self._by_id[(value["decisionRequirementsKey"], value["decisionId"])] = {"key": record.key}

    def on_evaluation(self, record: Record) -> None:
        value = record.value
        drg_key = value["decisionRequirementsKey"]
        failed_id = value.get("failedDecisionId") or ""
        evaluated = list(value.get("evaluatedDecisions") or [])
        if record.intent == "FAILED" and failed_id and all(d["decisionId"] != failed_id for d in evaluated):
            evaluated.append({"decisionId": failed_id, "decisionName": failed_id, "decisionType": "UNKNOWN"})
        if len(evaluated) >= INSTANCES_PER_EVALUATION:
            log.warning(
                "decision evaluation lists only its first decision instances",
                evaluation_key=record.key,
                evaluated=len(evaluated),
                listed=INSTANCES_PER_EVALUATION - 1,
            )
            evaluated = evaluated[: INSTANCES_PER_EVALUATION - 1]
        for index, decision in enumerate(evaluated, start=1):
            found = self._by_id.get((drg_key, decision["decisionId"]))
            definition_key = found["key"] if found is not None else None
            definition = self.definitions.get(definition_key) if definition_key is not None else None
            failed = record.intent == "FAILED" and decision["decisionId"] == failed_id
            key = instance_key(record.key, index)
            self.instances[key] = {
                "decisionEvaluationInstanceKey": key,
                "decisionEvaluationKey": str(record.key),
                "state": "FAILED" if failed else "EVALUATED",
                "evaluationDate": instant(record.timestamp),
                "evaluationFailure": value.get("failureMessage") if failed else None,
                "decisionDefinitionId": decision["decisionId"],
                "decisionDefinitionName": decision.get("decisionName") or decision["decisionId"],
                "decisionDefinitionVersion": definition["version"] if definition else None,
                "decisionDefinitionKey": key_text(definition_key),
                "decisionDefinitionType": _decision_type(decision.get("decisionType", "UNKNOWN")),
                "result": decision.get("decisionOutput"),
                "tenantId": value.get("tenantId") or TENANT,
                "processDefinitionKey": key_text(value.get("processDefinitionKey")),
                "processInstanceKey": key_text(value.get("processInstanceKey")),
                "elementInstanceKey": key_text(value.get("elementInstanceKey")),
                "evaluatedInputs": [
                    {"inputId": i["inputId"], "inputName": i["inputName"], "inputValue": i["inputValue"]}
                    for i in decision.get("evaluatedInputs", [])
                ],
                "matchedRules": [
                    {
                        "ruleId": rule["ruleId"],
                        "ruleIndex": rule["ruleIndex"],
                        "evaluatedOutputs": [
                            {
                                "outputId": o["outputId"],
                                "outputName": o["outputName"],
                                "outputValue": o["outputValue"],
                            }
                            for o in rule["evaluatedOutputs"]
                        ],
                    }
                    for rule in decision.get("matchedRules", [])
                ],
            }
