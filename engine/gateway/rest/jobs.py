"""Jobs: update retries and timeout."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled, json_body, path_key
from engine.gateway.rest.problems import BadRequest


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


def routes(ctx: RestContext) -> list[Route]:
    engine = ctx.engine

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

    return [Route("/v2/jobs/{key}", handled(update_job), methods=["PATCH"])]
