"""Camunda 8.8's REST API specification, for checking every response a test sees against it.

The operations and their JSON Schemas come from the official client generated from the 8.8 OpenAPI
document (``tools/rest-spec.mjs`` reads them out of the installed
``@camunda8/orchestration-cluster-api`` 8.8). A response fails the check on a missing required
field, a wrong type or enum value, or a field 8.8 does not define; an error must be a problem
detail (RFC 9457) with the status it is sent with.

Use :func:`checked_client` for an ``httpx.Client`` that checks each response as it arrives.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft202012Validator

PROJECT_ROOT = Path(__file__).resolve().parents[3]
CACHE = PROJECT_ROOT / ".cache"

PROBLEM_DETAIL = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail", "instance"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    """The path template under ``/v2``, e.g. ``/jobs/{jobKey}/failure``."""
    request_body: dict[str, Any] | None
    response: dict[str, Any] | None

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", self.path)
        regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
        return re.compile(f"^/v2{regex}$")

    @property
    def literal_segments(self) -> int:
        """How specific the template is: a literal path beats a parameter at the same place
        (``/jobs/search`` over ``/jobs/{jobKey}``)."""
        return sum(1 for segment in self.path.split("/") if segment and not segment.startswith("{"))


class RestSpec:
    def __init__(self, document: dict[str, Any]) -> None:
        self.client_version: str = document["client"]
        self.operations = [
            Operation(
                item["operationId"],
                item["method"],
                item["path"],
                item.get("requestBody"),
                item.get("response"),
            )
            for item in document["operations"]
        ]

    def operation(self, method: str, path: str) -> Operation | None:
        """The operation a request goes to (path with the ``/v2`` prefix), or None."""
        candidates = [op for op in self.operations if op.method == method.upper() and op.pattern.match(path)]
        return max(candidates, key=lambda op: op.literal_segments, default=None)

    def by_id(self, operation_id: str) -> Operation:
        return next(op for op in self.operations if op.operation_id == operation_id)


@functools.cache
def spec() -> RestSpec:
    """The specification, extracted once per installed client (keyed by package-lock.json)."""
    lock = (PROJECT_ROOT / "package-lock.json").read_bytes()
    target = CACHE / f"rest-spec-8.8-{hashlib.sha256(lock).hexdigest()[:16]}.json"
    if not target.exists():
        CACHE.mkdir(exist_ok=True)
        partial = target.with_suffix(".partial")
        subprocess.run(
            ["node", str(PROJECT_ROOT / "tools" / "rest-spec.mjs"), str(partial)],
            check=True,
            capture_output=True,
            cwd=PROJECT_ROOT,
        )
        partial.replace(target)
    return RestSpec(json.loads(target.read_text(encoding="utf-8")))


def merged(schema: Any) -> Any:
    """The schema with each ``allOf`` of object schemas merged into one object schema.

    zod writes an intersection (a search result is its page and its items) as ``allOf``, each part
    closed with ``additionalProperties: false``; read literally, no value could satisfy both parts.
    The specification means one object with the fields of all parts, closed as its parts are."""
    if isinstance(schema, list):
        return [merged(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: merged(value) for key, value in schema.items()}
    parts = schema.get("allOf")
    if isinstance(parts, list) and parts and all(_is_object_schema(part) for part in parts):
        combined: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        closed = False
        for part in parts:
            combined["properties"].update(part.get("properties", {}))
            combined["required"] += [
                name for name in part.get("required", []) if name not in combined["required"]
            ]
            closed = closed or part.get("additionalProperties") is False
        if closed:
            combined["additionalProperties"] = False
        rest = {key: value for key, value in schema.items() if key != "allOf"}
        return {**rest, **combined}
    return schema


def _is_object_schema(part: Any) -> bool:
    return isinstance(part, dict) and part.get("type") == "object" and "allOf" not in part


def _violations(schema: dict[str, Any], value: Any) -> list[str]:
    validator = Draft202012Validator(merged(schema))
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message}"
        for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    ]


def check_response(method: str, path: str, status: int, content_type: str, body: bytes) -> None:
    """Raise AssertionError naming every way the response departs from the 8.8 specification."""
    where = f"{method} {path} → {status}"
    operation = spec().operation(method, path)
    if status >= 400:
        assert content_type.startswith("application/problem+json"), (
            f"{where}: an error must be application/problem+json, got {content_type!r}"
        )
        problem = json.loads(body)
        problems = _violations(PROBLEM_DETAIL, problem)
        assert not problems, f"{where}: not a problem detail: {problems}"
        assert problem["status"] == status, f"{where}: problem status {problem['status']} differs"
        return
    assert operation is not None, f"{where}: the 8.8 API has no such operation"
    if not body:
        return
    if operation.response is not None and operation.response.get("type") == "string":
        # a document answered as itself (a process definition's XML, a resource's or a stored
        # document's content), whatever its type
        return
    assert content_type.startswith("application/json"), (
        f"{where}: a JSON response must be application/json, got {content_type!r}"
    )
    if operation.response is None:
        raise AssertionError(f"{where}: {operation.operation_id} returns no body in 8.8, got {body[:200]!r}")
    problems = _violations(operation.response, _tolerated(operation.operation_id, json.loads(body)))
    assert not problems, f"{where} ({operation.operation_id}) departs from the 8.8 specification:\n  " + (
        "\n  ".join(problems[:20])
    )


_CONTRADICTIONS: dict[tuple[str, str], tuple[Any, Any]] = {
    ("evaluateDecision", "failedDecisionDefinitionId"): ("", "noFailure"),
}
"""Fields where the 8.8 document contradicts itself, with the value Camunda 8.8 sends and a stand-in
the schema accepts. ``failedDecisionDefinitionId`` is required and must be a non-empty id, yet a
successful evaluation has no failed decision: Camunda 8.8 answers "" (its ResponseMapper copies the
broker's empty failedDecisionId), and so does the engine."""


def _tolerated(operation_id: str, value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    out = dict(value)
    for (operation, field), (sent, stand_in) in _CONTRADICTIONS.items():
        if operation == operation_id and out.get(field) == sent:
            out[field] = stand_in
    return out


def _check_hook(response: httpx.Response) -> None:
    response.read()
    request = response.request
    check_response(
        request.method,
        request.url.path,
        response.status_code,
        response.headers.get("content-type", ""),
        response.content,
    )


def checked_client(base_url: str, **kwargs: Any) -> httpx.Client:
    """An httpx client on ``base_url`` whose every response is checked against the 8.8 specification."""
    return httpx.Client(base_url=base_url, event_hooks={"response": [_check_hook]}, **kwargs)
