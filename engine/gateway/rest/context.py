"""What every route module of the REST API shares: the engine host, the record-log projection the
searches read, and the request helpers that turn a body or path into checked values."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response

from engine.gateway.engine_host import EngineHost
from engine.gateway.rest.batch_store import BatchStore
from engine.gateway.rest.document_store import DocumentStore, MemoryDocumentStore
from engine.gateway.rest.problems import BadRequest, problem_for
from engine.gateway.rest.projection import Projection
from engine.history.exporter import export_quietly
from engine.runtime import Engine

T = TypeVar("T")
Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass
class RestContext:
    host: EngineHost
    broker_port: int | None = None
    """The port the broker takes commands on (the gRPC gateway's), as the topology reports it."""
    batches: BatchStore = field(init=False, default_factory=BatchStore)
    documents: DocumentStore = field(default_factory=MemoryDocumentStore)
    """Camunda's document store: in memory, or in the engine's data directory when it has one."""

    @property
    def engine(self) -> Engine:
        return self.host.engine

    @property
    def projection(self) -> Projection:
        """The engine's history, which its exporter keeps up with every commit."""
        return self.engine.history.projection

    def element_name(self, process_definition_key: int, element_id: str) -> str | None:
        try:
            element = self.engine.process_model(process_definition_key).elements.get(element_id)
        except KeyError:
            return None
        return getattr(element, "name", None) if element is not None else None

    def version_tag(self, process_definition_key: int) -> str | None:
        try:
            return self.engine.process_model(process_definition_key).version_tag
        except KeyError:
            return None

    async def current(self, view: Callable[[Projection], T]) -> T:
        """``view`` of the history, exported up to the engine's latest record."""
        history = self.engine.history

        def read() -> T:
            export_quietly(history, self.engine.records)  # nothing to do unless an export failed
            return history.read(view)

        return await self.host.call(read)

    def now(self) -> str:
        """The engine clock's instant, as the API writes dates."""
        moment = self.engine.now().astimezone(dt.UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    async def call(self, command: Callable[[], T]) -> T:
        """Run one engine command on the writer."""
        return await self.host.call(command)


def handled(endpoint: Endpoint) -> Endpoint:
    """The endpoint with every error it raises answered as a problem detail."""

    async def wrapper(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Exception as error:
            return problem_for(request, error)

    return wrapper


async def json_body(request: Request, *, required: bool = False) -> Any:
    raw = await request.body()
    if not raw.strip():
        if required:
            raise BadRequest("the request needs a JSON body")
        return {}
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BadRequest(f"the request body is not valid JSON: {error}") from None
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object")
    return body


def path_key(request: Request, name: str) -> int:
    raw = request.path_params[name]
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a numeric key, got {raw!r}") from None


def variables_of(body: dict[str, Any]) -> dict[str, Any]:
    variables = body.get("variables") or {}
    if not isinstance(variables, dict):
        raise BadRequest("variables must be a JSON object")
    return variables


def optional_key(raw: Any) -> int | None:
    """A key given as a number or a numeric string; None for anything else."""
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        return None
    try:
        return int(raw)
    except ValueError:
        return None
