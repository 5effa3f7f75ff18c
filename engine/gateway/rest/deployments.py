"""Deployments: ``POST /v2/deployments``, the resources as multipart files (``resources``), as the
official clients send them."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.rest.context import RestContext, handled
from engine.gateway.rest.problems import BadRequest
from engine.gateway.rest.projection import TENANT
from engine.runtime.views import Deployment


def deployment_view(deployment: Deployment) -> dict[str, Any]:
    """The deployment as 8.8 answers it: one entry per deployed process, decision, graph and form."""
    entries: list[dict[str, Any]] = []
    for process in deployment.processes:
        entries.append(
            {
                "processDefinition": {
                    "processDefinitionId": process.bpmn_process_id,
                    "processDefinitionVersion": process.version,
                    "resourceName": process.resource_name,
                    "tenantId": TENANT,
                    "processDefinitionKey": str(process.process_definition_key),
                }
            }
        )
    for decision in deployment.decisions:
        entries.append(
            {
                "decisionDefinition": {
                    "decisionDefinitionId": decision.decision_id,
                    "version": decision.version,
                    "name": decision.decision_name,
                    "tenantId": TENANT,
                    "decisionRequirementsId": decision.dmn_decision_requirements_id,
                    "decisionDefinitionKey": str(decision.decision_key),
                    "decisionRequirementsKey": str(decision.decision_requirements_key),
                }
            }
        )
    for graph in deployment.decision_requirements:
        entries.append(
            {
                "decisionRequirements": {
                    "decisionRequirementsId": graph.dmn_decision_requirements_id,
                    "version": graph.version,
                    "decisionRequirementsName": graph.dmn_decision_requirements_name,
                    "tenantId": TENANT,
                    "resourceName": graph.resource_name,
                    "decisionRequirementsKey": str(graph.decision_requirements_key),
                }
            }
        )
    for form in deployment.forms:
        entries.append(
            {
                "form": {
                    "formId": form.form_id,
                    "version": form.version,
                    "resourceName": form.resource_name,
                    "tenantId": TENANT,
                    "formKey": str(form.form_key),
                }
            }
        )
    return {"deploymentKey": str(deployment.key), "tenantId": TENANT, "deployments": entries}


def routes(ctx: RestContext) -> list[Route]:
    async def create_deployment(request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise BadRequest("A deployment is sent as multipart/form-data, its files in the 'resources' part")
        async with request.form() as form:
            tenant = form.get("tenantId")
            if isinstance(tenant, str) and tenant not in ("", TENANT):
                raise BadRequest(
                    f"Expected tenant '{TENANT}' (multi-tenancy is disabled), but got '{tenant}'"
                )
            resources: list[tuple[str, bytes]] = []
            for part in form.getlist("resources"):
                if not isinstance(part, UploadFile) or not part.filename:
                    raise BadRequest("each part named 'resources' must be a file with a file name")
                resources.append((part.filename, await part.read()))
        if not resources:
            raise BadRequest("Expected to deploy at least one resource, but none given")
        deployment = await ctx.call(lambda: ctx.engine.deploy(resources))
        return JSONResponse(deployment_view(deployment))

    return [Route("/v2/deployments", handled(create_deployment), methods=["POST"])]
