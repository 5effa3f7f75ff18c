"""Every operation of Camunda 8.8's REST API is either served by the embedded engine or listed as out of
scope with its reason; a served operation that stops answering (its route gone, or refusing its
method) fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from starlette.routing import Route

from engine.gateway.rest.app import build_app
from engine.gateway.rest.operations import EXTENSIONS, OUT_OF_SCOPE
from tests.engine.gateway.conftest import Served
from tests.engine.gateway.rest_spec import Operation, spec
from tests.engine.identity.conftest import SERVICE, Guarded, guarded_gateway


def _template(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


@pytest.fixture(scope="module")
def guarded() -> Iterator[Guarded]:
    """The engine with its directory: the identity operations are served only with one."""
    with guarded_gateway() as running:
        yield running


def _routed(served: Guarded) -> set[tuple[str, str]]:
    app = build_app(served.running.host, identity=served.services)
    return {
        (method, _template(route.path))
        for route in app.routes
        if isinstance(route, Route)
        for method in (route.methods or ())
        if method != "HEAD"
    }


def _served(operation: Operation, routed: set[tuple[str, str]]) -> bool:
    return (operation.method, _template("/v2" + operation.path)) in routed


def test_every_operation_is_served_or_out_of_scope_with_a_reason(guarded: Guarded) -> None:
    routed = _routed(guarded)
    operations = spec().operations
    assert len(operations) == 146, "the 8.8 specification has 146 operations"
    neither = [
        op.operation_id
        for op in operations
        if not _served(op, routed) and op.operation_id not in OUT_OF_SCOPE
    ]
    both = [op.operation_id for op in operations if _served(op, routed) and op.operation_id in OUT_OF_SCOPE]
    unknown = sorted(set(OUT_OF_SCOPE) - {op.operation_id for op in operations})
    assert not neither, f"neither served nor out of scope: {neither}"
    assert not both, f"served yet listed as out of scope: {both}"
    assert not unknown, f"out of scope but not in the 8.8 specification: {unknown}"
    assert all(reason.strip() for reason in OUT_OF_SCOPE.values())


def test_no_route_outside_the_specification(guarded: Guarded) -> None:
    spec_routes = {(op.method, _template("/v2" + op.path)) for op in spec().operations}
    extensions = {(method, _template(path)) for method, path in EXTENSIONS}
    extra = sorted(route for route in _routed(guarded) if route not in spec_routes | extensions)
    assert not extra, f"routes the 8.8 specification does not define: {extra}"


@pytest.mark.parametrize("operation", spec().operations, ids=lambda op: op.operation_id)
def test_a_served_operation_answers(guarded: Guarded, operation: Operation) -> None:
    if operation.operation_id in OUT_OF_SCOPE:
        pytest.skip(f"out of scope: {OUT_OF_SCOPE[operation.operation_id]}")
    path = "/v2" + re.sub(r"\{[^}]+\}", "1", operation.path)
    body = {} if operation.method in {"POST", "PUT", "PATCH"} else None
    response = httpx.request(
        operation.method, guarded.rest_url + path, json=body, headers=SERVICE, timeout=10
    )
    assert response.status_code != 405, f"{operation.operation_id}: {operation.method} {path} refused"
    if response.status_code == 404:
        assert "no such endpoint" not in response.json().get("detail", ""), (
            f"{operation.operation_id}: {operation.method} {path} has no route"
        )


def test_unknown_paths_and_wrong_methods_answer_problem_details(gateway: Served) -> None:
    unknown = httpx.get(gateway.rest_url + "/v2/no-such-resource", timeout=10)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert unknown.json()["status"] == 404
    wrong_method = httpx.delete(gateway.rest_url + "/v2/topology", timeout=10)
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"].startswith("application/problem+json")
    assert wrong_method.json()["title"] == "METHOD_NOT_ALLOWED"
