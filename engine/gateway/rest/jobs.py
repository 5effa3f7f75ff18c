"""Jobs: activation (long polling), search, completion, failure, error and update of retries and timeout."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, path_key, variables_of
from engine.gateway.rest.history_search import candidates, sql_search
from engine.gateway.rest.job_activation import activate_for, activated_job_json, activation_of
from engine.gateway.rest.longs import long_field
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.record_view import present_page
from engine.gateway.rest.search import search
from engine.gateway.rest.visibility import viewer_of, visible
from engine.identity.policy import Listing

JOB_FILTERS = frozenset(
    {
        "deadline",
        "deniedReason",
        "elementId",
        "elementInstanceKey",
        "endTime",
        "errorCode",
        "errorMessage",
        "hasFailedWithRetriesLeft",
        "isDenied",
        "jobKey",
        "kind",
        "listenerEventType",
        "processDefinitionId",
        "processDefinitionKey",
        "processInstanceKey",
        "retries",
        "state",
        "tenantId",
        "type",
        "worker",
    }
)

_CORRECTION_FIELDS = {
    "assignee": "assignee",
    "dueDate": "dueDate",
    "followUpDate": "followUpDate",
    "candidateUsers": "candidateUsersList",
    "candidateGroups": "candidateGroupsList",
    "priority": "priority",
}


def job_changes(body: dict[str, Any]) -> tuple[int | None, int | None]:
    """The retries and timeout a job update asks for; the API's changeset may carry either or both."""
    changeset = body.get("changeset")
    if not isinstance(changeset, dict):
        raise BadRequest("changeset must be a JSON object")
    retries, timeout = changeset.get("retries"), changeset.get("timeout")
    for name, number in (("retries", retries), ("timeout", timeout)):
        if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
            raise BadRequest(f"changeset.{name} must be an integer, got {number!r}")
    if retries is None and timeout is None:
        raise BadRequest("changeset must change retries or timeout")
    if retries is not None and retries < 1:
        raise BadRequest(f"changeset.retries must be positive, got {retries}")
    if timeout is not None and timeout < 1:
        raise BadRequest(f"changeset.timeout must be a positive number of milliseconds, got {timeout}")
    return retries, timeout


def listener_result(body: dict[str, Any]) -> dict[str, Any] | None:
    """A completion's ``result`` in the engine's form (a task listener's answer), or None.

    8.8 defines two results: ``userTask`` (deny the task's transition, correct its attributes) and
    ``adHocSubProcess`` (elements to activate); the engine's job completion takes the first."""
    result = body.get("result")
    if result is None:
        return None
    if not isinstance(result, dict):
        raise BadRequest("result must be a JSON object")
    kind = result.get("type", "userTask")
    if kind != "userTask":
        raise BadRequest(f"result.type {kind!r}: this engine completes jobs with a userTask result only")
    corrections = result.get("corrections") or {}
    if not isinstance(corrections, dict):
        raise BadRequest("result.corrections must be a JSON object")
    unknown = set(corrections) - set(_CORRECTION_FIELDS)
    if unknown:
        raise BadRequest(f"result.corrections has unknown fields: {', '.join(sorted(unknown))}")
    answer: dict[str, Any] = {
        "denied": bool(result.get("denied") or False),
        "deniedReason": result.get("deniedReason") or "",
        "corrections": {
            _CORRECTION_FIELDS[name]: value for name, value in corrections.items() if value is not None
        },
    }
    return answer


def _retries(body: dict[str, Any]) -> int:
    retries = long_field(body, "retries")
    if retries is None:
        raise BadRequest("retries is required (the retries the job has left)")
    return retries


def _backoff(body: dict[str, Any]) -> int:
    backoff = long_field(body, "retryBackOff", default=0) or 0
    if backoff < 0:
        raise BadRequest(f"retryBackOff must be a non-negative number of milliseconds, got {backoff}")
    return backoff


def _text(body: dict[str, Any], name: str) -> str:
    text = body.get(name) or ""
    if not isinstance(text, str):
        raise BadRequest(f"{name} must be a string, got {text!r}")
    return text


async def hung_up(request: Request) -> None:
    """Returns when the client disconnects: once the body is read, the server's next message on
    the request is its disconnect."""
    while (await request.receive())["type"] != "http.disconnect":
        await asyncio.sleep(0.05)  # another message is not expected; do not spin on it


def routes(ctx: RestContext) -> list[Route]:
    engine = ctx.engine

    async def activate_jobs(request: Request) -> Response:
        activation = activation_of(await json_body(request, required=True))
        jobs = await activate_for(ctx.host, activation, lambda: hung_up(request))
        kinds = await ctx.current(lambda p: {job.key: p.jobs.get(job.key) for job in jobs})
        return JSONResponse(
            {
                "jobs": [
                    activated_job_json(
                        job,
                        (kinds[job.key] or {}).get("kind", "BPMN_ELEMENT"),
                        (kinds[job.key] or {}).get("listenerEventType", "UNSPECIFIED"),
                    )
                    for job in jobs
                ]
            }
        )

    async def search_jobs(request: Request) -> Response:
        body = await json_body(request)
        viewer = viewer_of(request, Listing.JOB)
        if viewer.sees_everything:
            found = await ctx.current(lambda p: sql_search(p.jobs, body, filterable=JOB_FILTERS))
            if found is not None:
                return JSONResponse(present_page(found))
        items = await ctx.current(lambda p: candidates(p.jobs, body))
        items = await visible(request, Listing.JOB, items)
        return JSONResponse(present_page(search(items, body, filterable=JOB_FILTERS)))

    async def complete_job(request: Request) -> Response:
        job_key = path_key(request, "key")
        body = await json_body(request)
        variables = variables_of(body)
        result = listener_result(body)
        await ctx.call(lambda: engine.complete_job(job_key, variables=variables, result=result))
        return Response(status_code=204)

    async def fail_job(request: Request) -> Response:
        job_key = path_key(request, "key")
        body = await json_body(request, required=True)
        retries, backoff, message = _retries(body), _backoff(body), _text(body, "errorMessage")
        variables = variables_of(body)
        await ctx.call(
            lambda: engine.fail_job(
                job_key,
                retries=retries,
                error_message=message,
                retry_backoff_ms=backoff,
                variables=variables or None,
            )
        )
        return Response(status_code=204)

    async def throw_job_error(request: Request) -> Response:
        job_key = path_key(request, "key")
        body = await json_body(request, required=True)
        code, message = _text(body, "errorCode"), _text(body, "errorMessage")
        if not code:
            raise BadRequest("errorCode must be a non-empty string")
        variables = variables_of(body)
        await ctx.call(lambda: engine.throw_error(job_key, code, message, variables=variables or None))
        return Response(status_code=204)

    async def update_job(request: Request) -> Response:
        job_key = path_key(request, "key")
        retries, timeout = job_changes(await json_body(request, required=True))

        def apply() -> None:
            # The timeout goes first: only it can still be refused (job not activated) once the
            # values are checked, so a refused request changes nothing.
            if timeout is not None:
                engine.update_job_timeout(job_key, timeout)
            if retries is not None:
                engine.update_job_retries(job_key, retries)

        await ctx.call(apply)
        return Response(status_code=204)

    # The literal paths come before /v2/jobs/{key}, which would otherwise capture them.
    return [
        Route("/v2/jobs/activation", handled(activate_jobs), methods=["POST"]),
        Route("/v2/jobs/search", handled(search_jobs), methods=["POST"]),
        Route("/v2/jobs/{key}", handled(update_job), methods=["PATCH"]),
        Route("/v2/jobs/{key}/completion", handled(complete_job), methods=["POST"]),
        Route("/v2/jobs/{key}/failure", handled(fail_job), methods=["POST"]),
        Route("/v2/jobs/{key}/error", handled(throw_job_error), methods=["POST"]),
    ]
