"""Deployments: parse and validate every resource, then version what changed.

A resource that is byte-for-byte the latest version's resource is not deployed again (Zeebe's
duplicate check); anything else gets the next version of its BPMN process id, decision id,
decision requirements id or form id. Deploying the latest version of a process (re)opens its start
event subscriptions: message and signal start events, timer start events.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lxml import etree

from engine.bpmn import model as m
from engine.bpmn.parser import BpmnParseError, parse_bpmn
from engine.dmn import DmnModel, DmnParseError, parse_dmn
from engine.feel.budget import BudgetExceeded
from engine.json_documents import InvalidDocument, load_document
from engine.runtime import expressions as ex
from engine.runtime import timers
from engine.runtime.attachments import close_subscription, open_signal_subscription, start_subscription_value
from engine.runtime.errors import DeploymentRejected
from engine.runtime.processing import StepFailure
from engine.runtime.views import (
    DecisionMetadata,
    DecisionRequirementsMetadata,
    Deployment,
    FormMetadata,
    ProcessMetadata,
)

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row

_PREFIX = "Expected to deploy new resources, but encountered the following errors:\n"


def _checksum(content: bytes) -> str:
    return hashlib.md5(content, usedforsecurity=False).hexdigest()


def parse_resources(resources: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes, str, Any]]:
    """Parse all resources; raise DeploymentRejected listing every invalid one."""
    if not resources:
        raise DeploymentRejected("Expected to deploy at least one resource, but none given")
    parsed: list[tuple[str, bytes, str, Any]] = []
    problems: list[str] = []
    for name, content in resources:
        lower = name.lower()
        try:
            if lower.endswith((".bpmn", ".bpmn20.xml")):
                parsed.append((name, content, "bpmn", parse_bpmn(content, name)))
            elif lower.endswith(".dmn"):
                parsed.append((name, content, "dmn", parse_dmn(content, name)))
            elif lower.endswith(".form"):
                parsed.append((name, content, "form", _parse_form(content, name)))
            else:
                problems.append(f"'{name}': unknown resource type, expected a .bpmn, .dmn or .form file")
        except (BpmnParseError, DmnParseError, FormParseError) as exc:
            text = str(exc)
            problems.append(text if text.startswith(f"'{name}'") else f"'{name}': {text}")
    if problems:
        raise DeploymentRejected(_PREFIX + "\n".join(problems))
    seen: dict[str, str] = {}
    for name, _, kind, value in parsed:
        if kind == "bpmn":
            for process in value:
                if process.id in seen:
                    raise DeploymentRejected(
                        _PREFIX + "Expected the resource ids to be unique within a deployment but found a "
                        f"duplicated id '{process.id}' in the resources '{seen[process.id]}' and '{name}'."
                    )
                seen[process.id] = name
    return parsed


class FormParseError(ValueError):
    """A .form resource that is not a Camunda form (JSON with an ``id``)."""


def _form_version_tag(content: bytes) -> str | None:
    tag = json.loads(content).get("versionTag")
    return tag if isinstance(tag, str) and tag else None


def _parse_form(content: bytes, name: str) -> str:
    try:
        # checked as a request's documents are: a form nested 100,000 deep would otherwise fail
        # only later, in the encoder that writes the deployment record
        form = load_document(content, "form")
    except InvalidDocument as exc:
        raise FormParseError(f"'{name}': {exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormParseError(f"'{name}': is not valid JSON: {exc}") from exc
    form_id = form.get("id") if isinstance(form, dict) else None
    if not isinstance(form_id, str) or not form_id:
        raise FormParseError(f"'{name}': Expected the form to have an 'id', but it has none")
    return form_id


def deploy(p: Processing, resources: Sequence[tuple[str, bytes]]) -> Deployment:
    key = p.new_key()
    names = [{"resourceName": n} for n, _ in resources]
    p.write("DEPLOYMENT", "CREATE", key, {"resources": names}, record_type="COMMAND")
    try:
        parsed = parse_resources(resources)
    except DeploymentRejected as exc:
        p.write(
            "DEPLOYMENT",
            "CREATE",
            key,
            {"resources": names},
            record_type="COMMAND_REJECTION",
            rejection=("INVALID_ARGUMENT", str(exc)),
        )
        raise
    processes: list[ProcessMetadata] = []
    decisions: list[DecisionMetadata] = []
    drgs: list[DecisionRequirementsMetadata] = []
    forms: list[FormMetadata] = []
    for name, content, kind, value in parsed:
        checksum = _checksum(content)
        if kind == "bpmn":
            for process in value:
                processes.append(
                    _deploy_process(p, key, name, content=content, checksum=checksum, process=process)
                )
        elif kind == "dmn":
            drg, decided = _deploy_dmn(p, key, name, content=content, checksum=checksum, model=value)
            drgs.append(drg)
            decisions.extend(decided)
        else:
            form = _deploy_form(p, key, name, content=content, checksum=checksum, form_id=value)
            forms.append(form)
    deployment = Deployment(key, processes, decisions, drgs, forms)
    p.write(
        "DEPLOYMENT",
        "CREATED",
        key,
        {
            "resources": names,
            "processesMetadata": [
                {
                    "bpmnProcessId": x.bpmn_process_id,
                    "version": x.version,
                    "processDefinitionKey": x.process_definition_key,
                    "resourceName": x.resource_name,
                    "duplicate": x.duplicate,
                }
                for x in processes
            ],
            "decisionsMetadata": [
                {"decisionId": d.decision_id, "version": d.version, "decisionKey": d.decision_key}
                for d in decisions
            ],
            "formMetadata": [
                {"formId": f.form_id, "version": f.version, "formKey": f.form_key} for f in forms
            ],
            "tenantId": "<default>",
        },
    )
    return deployment


def _deploy_process(
    p: Processing, deployment_key: int, name: str, *, content: bytes, checksum: str, process: m.Process
) -> ProcessMetadata:
    latest_key = p.state.latest_process.get(process.id)
    latest = p.state.get("processes", latest_key) if latest_key is not None else None
    if latest is not None and latest["checksum"] == checksum:
        return ProcessMetadata(
            process.id, latest["version"], latest["key"], latest["resourceName"], process.version_tag, True
        )
    key = p.new_key()
    version = _next_version(p, "process", process.id, latest)
    row: Row = {
        "key": key,
        "bpmnProcessId": process.id,
        "version": version,
        "resourceName": name,
        "checksum": checksum,
        "deploymentKey": deployment_key,
        "resource": content.decode("utf-8"),
        "versionTag": process.version_tag,
    }
    p.registry.processes[key] = process
    p.state.put("processes", key, row)
    p.write(
        "PROCESS",
        "CREATED",
        key,
        {
            "bpmnProcessId": process.id,
            "version": row["version"],
            "processDefinitionKey": key,
            "resourceName": name,
            "checksum": checksum,
            "versionTag": process.version_tag or "",
            "deploymentKey": deployment_key,
            "tenantId": "<default>",
        },
    )
    if latest is not None:
        close_start_subscriptions(p, latest)
    open_start_subscriptions(p, row, process)
    return ProcessMetadata(process.id, row["version"], key, name, process.version_tag)


def _next_version(p: Processing, kind: str, resource_id: str, latest: Row | None) -> int:
    """Versions are never reused, not even after the latest version was deleted."""
    counter = f"version:{kind}:{resource_id}"
    version = int(max(p.state.tables["meta"].get(counter, 0), latest["version"] if latest else 0)) + 1
    p.state.put("meta", counter, version)
    return version


def open_start_subscriptions(p: Processing, definition: Row, process: m.Process) -> None:
    for start_id in process.message_starts:
        start = process.elements[start_id]
        assert start.message is not None
        sub_key = p.new_key()
        name = ex.string(start.message.name, {})
        sub = {
            "key": sub_key,
            "kind": "message_start",
            "index": f"ms:{name}",
            "name": name,
            "elementInstanceKey": -1,
            "processInstanceKey": -1,
            "bpmnProcessId": definition["bpmnProcessId"],
            "processDefinitionKey": definition["key"],
            "targetElementId": start_id,
            "interrupting": True,
        }
        p.state.put("subscriptions", sub_key, sub)
        p.write("MESSAGE_START_EVENT_SUBSCRIPTION", "CREATED", sub_key, start_subscription_value(sub))
    for start_id in process.signal_starts:
        start = process.elements[start_id]
        assert start.signal_name is not None
        open_signal_subscription(p, None, start, ex.string(start.signal_name, {}), definition)
    for start_id in process.timer_starts:
        start = process.elements[start_id]
        assert start.timer is not None
        try:
            due, repetitions = timers.first_due(p, start.timer, {})
        except StepFailure as failure:
            raise DeploymentRejected(
                _PREFIX + f"'{definition['resourceName']}': Element: {start_id}: {failure.message}"
            ) from failure
        except BudgetExceeded as exceeded:
            raise DeploymentRejected(
                _PREFIX + f"'{definition['resourceName']}': Element: {start_id}: {exceeded}"
            ) from exceeded
        timers.create_timer(p, None, start, due, repetitions=repetitions, definition=definition)


def close_start_subscriptions(p: Processing, definition: Row) -> None:
    for sub in p.state.rows("subscriptions"):
        if sub["processDefinitionKey"] == definition["key"] and sub["elementInstanceKey"] < 0:
            close_subscription(p, sub["key"])
    for timer in p.state.rows("timers"):
        if timer["processDefinitionKey"] == definition["key"] and timer["elementInstanceKey"] < 0:
            timers.cancel(p, timer["key"])


def _deploy_dmn(
    p: Processing, deployment_key: int, name: str, *, content: bytes, checksum: str, model: DmnModel
) -> tuple[DecisionRequirementsMetadata, list[DecisionMetadata]]:
    drg_id = _drg_id(content, model)
    latest = None
    for row in p.state.tables["decisions"].values():
        if (
            row.get("kind") == "drg"
            and row["decisionRequirementsId"] == drg_id
            and (latest is None or row["version"] > latest["version"])
        ):
            latest = row
    if latest is not None and latest["checksum"] == checksum:
        decided = [
            _decision_metadata(d)
            for d in p.registry.decisions.values()
            if d["decisionRequirementsKey"] == latest["key"]
        ]
        return _drg_metadata(latest), decided
    drg_key = p.new_key()
    drg: Row = {
        "key": drg_key,
        "kind": "drg",
        "decisionRequirementsId": drg_id,
        "decisionRequirementsName": model.name,
        "version": _next_version(p, "drg", drg_id, latest),
        "resourceName": name,
        "checksum": checksum,
        "resource": content.decode("utf-8"),
        "deploymentKey": deployment_key,
    }
    p.state.put("decisions", drg_key, drg)
    p.registry.drgs[drg_key] = model
    p.write(
        "DECISION_REQUIREMENTS",
        "CREATED",
        drg_key,
        {
            "decisionRequirementsId": drg_id,
            "decisionRequirementsName": model.name,
            "decisionRequirementsVersion": drg["version"],
            "decisionRequirementsKey": drg_key,
            "namespace": model.namespace,
            "resourceName": name,
            "checksum": checksum,
            "tenantId": "<default>",
        },
    )
    decided = []
    version_tags = _decision_version_tags(content)
    for decision in model.decisions.values():
        previous = p.registry.latest_decision(decision.id)
        key = p.new_key()
        decision_row: Row = {
            "key": key,
            "kind": "decision",
            "decisionId": decision.id,
            "decisionName": decision.name or decision.id,
            "version": _next_version(p, "decision", decision.id, previous),
            "decisionRequirementsKey": drg_key,
            "decisionRequirementsId": drg_id,
            "deploymentKey": deployment_key,
            "versionTag": version_tags.get(decision.id),
        }
        p.state.put("decisions", key, decision_row)
        p.registry.add_decision(decision_row)
        p.write(
            "DECISION",
            "CREATED",
            key,
            {
                "decisionId": decision.id,
                "decisionName": decision_row["decisionName"],
                "version": decision_row["version"],
                "decisionKey": key,
                "decisionRequirementsId": drg_id,
                "decisionRequirementsKey": drg_key,
                "tenantId": "<default>",
            },
        )
        decided.append(_decision_metadata(decision_row))
    return _drg_metadata(drg), decided


def _decision_version_tags(content: bytes) -> dict[str, str]:
    """``zeebe:versionTag`` of each decision (for the versionTag resource binding)."""
    root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    tags: dict[str, str] = {}
    for element in root.iter("{*}decision"):
        tag = element.find("{*}extensionElements/{http://camunda.org/schema/zeebe/1.0}versionTag")
        if tag is not None and tag.get("value"):
            tags[str(element.get("id"))] = str(tag.get("value"))
    return tags


def _drg_id(content: bytes, model: DmnModel) -> str:
    """The DMN definitions' id, as Zeebe names a decision requirements graph."""
    root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    return str(root.get("id") or model.name)


def _drg_metadata(row: Row) -> DecisionRequirementsMetadata:
    return DecisionRequirementsMetadata(
        row["decisionRequirementsId"],
        row["decisionRequirementsName"],
        row["version"],
        row["key"],
        row["resourceName"],
    )


def _decision_metadata(row: Row) -> DecisionMetadata:
    return DecisionMetadata(
        row["decisionId"],
        row["decisionName"],
        row["version"],
        row["key"],
        row["decisionRequirementsId"],
        row["decisionRequirementsKey"],
    )


def _deploy_form(
    p: Processing, deployment_key: int, name: str, *, content: bytes, checksum: str, form_id: str
) -> FormMetadata:
    latest = p.registry.latest_form(form_id)
    if latest is not None and latest["checksum"] == checksum:
        return FormMetadata(form_id, latest["version"], latest["key"], latest["resourceName"])
    key = p.new_key()
    row: Row = {
        "key": key,
        "formId": form_id,
        "version": _next_version(p, "form", form_id, latest),
        "resourceName": name,
        "checksum": checksum,
        "resource": content.decode("utf-8"),
        "deploymentKey": deployment_key,
        "versionTag": _form_version_tag(content),
    }
    p.state.put("forms", key, row)
    p.registry.add_form(row)
    p.write(
        "FORM",
        "CREATED",
        key,
        {
            "formId": form_id,
            "version": row["version"],
            "formKey": key,
            "resourceName": name,
            "checksum": checksum,
            "tenantId": "<default>",
        },
    )
    return FormMetadata(form_id, row["version"], key, name)
