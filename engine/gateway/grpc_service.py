"""The Zeebe gateway gRPC service (package ``gateway_protocol``) over the embedded engine.

Each RPC validates its request as the Zeebe gateway does, runs one engine command on the engine
thread, and maps the result to the protocol's response, or a refusal to the status code the
gateway would return.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import grpc
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayServicer

from engine.feel import to_json
from engine.gateway.engine_host import EngineHost
from engine.gateway.status import status_for
from engine.gateway.variables import dump_variables, parse_variables

T = TypeVar("T")

GATEWAY_VERSION = "8.8.0"
DEFAULT_LONG_POLL_MS = 10_000  # the gateway's default long-polling timeout when requestTimeout is 0
STREAM_BATCH = 32


class GatewayService(GatewayServicer):  # type: ignore[misc]
    def __init__(self, host: EngineHost, *, advertised_host: str, advertised_port: int) -> None:
        self._host = host
        self._engine = host.engine
        self._advertised_host = advertised_host
        self._advertised_port = advertised_port

    # -- plumbing -----------------------------------------------------------------------------

    async def _run(self, context: grpc.aio.ServicerContext, command: Callable[[], T]) -> T:
        try:
            return await self._host.call(command)
        except Exception as error:
            code = status_for(error)
            if code is None:
                await context.abort(grpc.StatusCode.INTERNAL, f"{type(error).__name__}: {error}")
            else:
                await context.abort(code, str(error))
            raise  # abort raises; this keeps the type checker informed

    @staticmethod
    async def _invalid(context: grpc.aio.ServicerContext, message: str) -> None:
        await context.abort(grpc.StatusCode.INVALID_ARGUMENT, message)

    async def _variables(self, context: grpc.aio.ServicerContext, document: str) -> dict[str, Any]:
        try:
            return parse_variables(document)
        except ValueError as error:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(error))
            raise

    # -- cluster ------------------------------------------------------------------------------

    async def Topology(
        self, request: pb.TopologyRequest, context: grpc.aio.ServicerContext
    ) -> pb.TopologyResponse:
        partition = pb.Partition(
            partitionId=1,
            role=pb.Partition.PartitionBrokerRole.LEADER,
            health=pb.Partition.PartitionBrokerHealth.HEALTHY,
        )
        broker = pb.BrokerInfo(
            nodeId=0,
            host=self._advertised_host,
            port=self._advertised_port,
            partitions=[partition],
            version=GATEWAY_VERSION,
        )
        return pb.TopologyResponse(
            brokers=[broker],
            clusterSize=1,
            partitionsCount=1,
            replicationFactor=1,
            gatewayVersion=GATEWAY_VERSION,
        )

    # -- resources ----------------------------------------------------------------------------

    async def DeployResource(
        self, request: pb.DeployResourceRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeployResourceResponse:
        if not request.resources:
            await self._invalid(context, "Expected to deploy at least one resource, but none given")
        resources = [(resource.name, bytes(resource.content)) for resource in request.resources]
        deployment = await self._run(context, lambda: self._engine.deploy(resources))
        return pb.DeployResourceResponse(
            key=deployment.key, deployments=_deployments(deployment), tenantId="<default>"
        )

    async def DeployProcess(
        self, request: pb.DeployProcessRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeployProcessResponse:
        resources = [(process.name, bytes(process.definition)) for process in request.processes]
        deployment = await self._run(context, lambda: self._engine.deploy(resources))
        return pb.DeployProcessResponse(
            key=deployment.key, processes=[_process(p) for p in deployment.processes]
        )

    async def DeleteResource(
        self, request: pb.DeleteResourceRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteResourceResponse:
        await self._run(context, lambda: self._engine.delete_resource(request.resourceKey))
        return pb.DeleteResourceResponse()

    # -- process instances --------------------------------------------------------------------

    async def CreateProcessInstance(
        self, request: pb.CreateProcessInstanceRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateProcessInstanceResponse:
        handle = await self._create(request, context)
        return pb.CreateProcessInstanceResponse(
            processDefinitionKey=handle.process_definition_key,
            bpmnProcessId=handle.bpmn_process_id,
            version=handle.version,
            processInstanceKey=handle.key,
            tenantId="<default>",
        )

    async def _create(
        self, request: pb.CreateProcessInstanceRequest, context: grpc.aio.ServicerContext
    ) -> Any:
        variables = await self._variables(context, request.variables)
        if not request.bpmnProcessId and not request.processDefinitionKey:
            await self._invalid(
                context, "Expected either a bpmnProcessId or a processDefinitionKey, but none given"
            )
        start_at = [instruction.elementId for instruction in request.startInstructions]
        version = request.version if request.version > 0 else None
        return await self._run(
            context,
            lambda: self._engine.create_instance(
                request.bpmnProcessId or None,
                variables=variables,
                version=version,
                process_definition_key=request.processDefinitionKey or None,
                start_at=start_at or None,
            ),
        )

    async def CreateProcessInstanceWithResult(
        self, request: pb.CreateProcessInstanceWithResultRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateProcessInstanceWithResultResponse:
        handle = await self._create(request.request, context)
        timeout_s = (request.requestTimeout or DEFAULT_LONG_POLL_MS) / 1000
        fetch = list(request.fetchVariables)
        deadline = time.monotonic() + timeout_s
        while True:
            changed = self._host.changed()
            result = await self._run(context, lambda: self._engine.instance_result(handle.key, fetch or None))
            if result is not None:
                self._host.forget(changed)
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._host.forget(changed)
                await context.abort(
                    grpc.StatusCode.DEADLINE_EXCEEDED,
                    f"Expected the process instance {handle.key} to complete "
                    f"within {timeout_s:g}s, but it did not",
                )
            await _wait(changed, remaining)
        return pb.CreateProcessInstanceWithResultResponse(
            processDefinitionKey=handle.process_definition_key,
            bpmnProcessId=handle.bpmn_process_id,
            version=handle.version,
            processInstanceKey=handle.key,
            variables=dump_variables(result),
            tenantId="<default>",
        )

    async def CancelProcessInstance(
        self, request: pb.CancelProcessInstanceRequest, context: grpc.aio.ServicerContext
    ) -> pb.CancelProcessInstanceResponse:
        await self._run(context, lambda: self._engine.cancel_instance(request.processInstanceKey))
        return pb.CancelProcessInstanceResponse()

    async def SetVariables(
        self, request: pb.SetVariablesRequest, context: grpc.aio.ServicerContext
    ) -> pb.SetVariablesResponse:
        variables = await self._variables(context, request.variables)
        key = await self._run(
            context,
            lambda: self._engine.set_variables(request.elementInstanceKey, variables, local=request.local),
        )
        return pb.SetVariablesResponse(key=key or 0)

    async def ModifyProcessInstance(
        self, request: pb.ModifyProcessInstanceRequest, context: grpc.aio.ServicerContext
    ) -> pb.ModifyProcessInstanceResponse:
        activate = []
        for instruction in request.activateInstructions:
            variables = []
            for variable in instruction.variableInstructions:
                variables.append(
                    (variable.scopeId or None, await self._variables(context, variable.variables))
                )
            activate.append(
                (instruction.elementId, instruction.ancestorElementInstanceKey or None, variables)
            )
        terminate = [instruction.elementInstanceKey for instruction in request.terminateInstructions]
        await self._run(
            context,
            lambda: self._engine.modify_instance(
                request.processInstanceKey, activate=activate, terminate=terminate
            ),
        )
        return pb.ModifyProcessInstanceResponse()

    async def MigrateProcessInstance(
        self, request: pb.MigrateProcessInstanceRequest, context: grpc.aio.ServicerContext
    ) -> pb.MigrateProcessInstanceResponse:
        await context.abort(
            grpc.StatusCode.UNIMPLEMENTED,
            "process instance migration is not available on the embedded engine",
        )
        raise AssertionError("unreachable")

    async def ResolveIncident(
        self, request: pb.ResolveIncidentRequest, context: grpc.aio.ServicerContext
    ) -> pb.ResolveIncidentResponse:
        await self._run(context, lambda: self._engine.resolve_incident(request.incidentKey))
        return pb.ResolveIncidentResponse()

    # -- jobs ---------------------------------------------------------------------------------

    async def _validate_activation(
        self, context: grpc.aio.ServicerContext, job_type: str, timeout: int
    ) -> None:
        if not job_type.strip():
            await self._invalid(context, "Expected to activate jobs of a type, but the type is blank")
        if timeout < 1:
            await self._invalid(context, f"Expected a job timeout of at least 1 ms, but got {timeout}")

    async def ActivateJobs(
        self, request: pb.ActivateJobsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.ActivateJobsResponse]:
        await self._validate_activation(context, request.type, request.timeout)
        if request.maxJobsToActivate < 1:
            await self._invalid(
                context,
                f"Expected to activate at least 1 job, but maxJobsToActivate is {request.maxJobsToActivate}",
            )
        long_poll_ms = request.requestTimeout or DEFAULT_LONG_POLL_MS
        deadline = time.monotonic() + max(long_poll_ms, 0) / 1000
        fetch = list(request.fetchVariable) or None
        while True:
            changed = self._host.changed()
            jobs = await self._run(
                context,
                lambda: self._engine.activate_jobs(
                    request.type,
                    worker=request.worker,
                    timeout_ms=request.timeout,
                    max_jobs=request.maxJobsToActivate,
                    fetch_variables=fetch,
                ),
            )
            remaining = deadline - time.monotonic()
            if jobs or request.requestTimeout < 0 or remaining <= 0:
                self._host.forget(changed)
                yield pb.ActivateJobsResponse(jobs=[_activated_job(job) for job in jobs])
                return
            await _wait(changed, remaining)

    async def StreamActivatedJobs(
        self, request: pb.StreamActivatedJobsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.ActivatedJob]:
        await self._validate_activation(context, request.type, request.timeout)
        fetch = list(request.fetchVariable) or None
        while not context.done():
            changed = self._host.changed()
            jobs = await self._run(
                context,
                lambda: self._engine.activate_jobs(
                    request.type,
                    worker=request.worker,
                    timeout_ms=request.timeout,
                    max_jobs=STREAM_BATCH,
                    fetch_variables=fetch,
                ),
            )
            for job in jobs:
                yield _activated_job(job)
            if not jobs:
                await changed.wait()
            else:
                self._host.forget(changed)

    async def CompleteJob(
        self, request: pb.CompleteJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.CompleteJobResponse:
        variables = await self._variables(context, request.variables)
        await self._run(context, lambda: self._engine.complete_job(request.jobKey, variables=variables))
        return pb.CompleteJobResponse()

    async def FailJob(
        self, request: pb.FailJobRequest, context: grpc.aio.ServicerContext
    ) -> pb.FailJobResponse:
        variables = await self._variables(context, request.variables)
        await self._run(
            context,
            lambda: self._engine.fail_job(
                request.jobKey,
                retries=request.retries,
                error_message=request.errorMessage,
                retry_backoff_ms=request.retryBackOff,
                variables=variables or None,
            ),
        )
        return pb.FailJobResponse()

    async def ThrowError(
        self, request: pb.ThrowErrorRequest, context: grpc.aio.ServicerContext
    ) -> pb.ThrowErrorResponse:
        if not request.errorCode.strip():
            await self._invalid(context, "Expected to throw an error with a code, but the errorCode is blank")
        variables = await self._variables(context, request.variables)
        await self._run(
            context,
            lambda: self._engine.throw_error(
                request.jobKey,
                error_code=request.errorCode,
                error_message=request.errorMessage,
                variables=variables or None,
            ),
        )
        return pb.ThrowErrorResponse()

    async def UpdateJobRetries(
        self, request: pb.UpdateJobRetriesRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateJobRetriesResponse:
        if request.retries < 1:
            await self._invalid(context, f"Expected retries to be at least 1, but got {request.retries}")
        await self._run(context, lambda: self._engine.update_job_retries(request.jobKey, request.retries))
        return pb.UpdateJobRetriesResponse()

    async def UpdateJobTimeout(
        self, request: pb.UpdateJobTimeoutRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateJobTimeoutResponse:
        await self._run(context, lambda: self._engine.update_job_timeout(request.jobKey, request.timeout))
        return pb.UpdateJobTimeoutResponse()

    # -- messages, signals, decisions ----------------------------------------------------------

    async def PublishMessage(
        self, request: pb.PublishMessageRequest, context: grpc.aio.ServicerContext
    ) -> pb.PublishMessageResponse:
        if not request.name.strip():
            await self._invalid(context, "Expected to publish a message with a name, but the name is blank")
        variables = await self._variables(context, request.variables)
        key = await self._run(
            context,
            lambda: self._engine.publish_message(
                request.name,
                request.correlationKey,
                variables=variables,
                time_to_live_ms=request.timeToLive,
                message_id=request.messageId or None,
            ),
        )
        return pb.PublishMessageResponse(key=key, tenantId="<default>")

    async def BroadcastSignal(
        self, request: pb.BroadcastSignalRequest, context: grpc.aio.ServicerContext
    ) -> pb.BroadcastSignalResponse:
        if not request.signalName.strip():
            await self._invalid(context, "Expected to broadcast a signal with a name, but the name is blank")
        variables = await self._variables(context, request.variables)
        key = await self._run(
            context, lambda: self._engine.broadcast_signal(request.signalName, variables=variables)
        )
        return pb.BroadcastSignalResponse(key=key, tenantId="<default>")

    async def EvaluateDecision(
        self, request: pb.EvaluateDecisionRequest, context: grpc.aio.ServicerContext
    ) -> pb.EvaluateDecisionResponse:
        if not request.decisionId and not request.decisionKey:
            await self._invalid(context, "Expected either a decisionId or a decisionKey, but none given")
        variables = await self._variables(context, request.variables)
        evaluation = await self._run(
            context,
            lambda: self._engine.evaluate_decision(
                decision_id=request.decisionId or None,
                decision_key=request.decisionKey or None,
                variables=variables,
            ),
        )
        return _decision_response(evaluation)


async def _wait(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout=seconds)


def _json(value: Any) -> str:
    return json.dumps(to_json(value), ensure_ascii=False, separators=(",", ":"))


def _process(process: Any) -> pb.ProcessMetadata:
    return pb.ProcessMetadata(
        bpmnProcessId=process.bpmn_process_id,
        version=process.version,
        processDefinitionKey=process.process_definition_key,
        resourceName=process.resource_name,
        tenantId="<default>",
    )


def _deployments(deployment: Any) -> list[pb.Deployment]:
    items = [pb.Deployment(process=_process(process)) for process in deployment.processes]
    items += [
        pb.Deployment(
            decision=pb.DecisionMetadata(
                dmnDecisionId=decision.decision_id,
                dmnDecisionName=decision.decision_name,
                version=decision.version,
                decisionKey=decision.decision_key,
                dmnDecisionRequirementsId=decision.dmn_decision_requirements_id,
                decisionRequirementsKey=decision.decision_requirements_key,
                tenantId="<default>",
            )
        )
        for decision in deployment.decisions
    ]
    items += [
        pb.Deployment(
            decisionRequirements=pb.DecisionRequirementsMetadata(
                dmnDecisionRequirementsId=drg.dmn_decision_requirements_id,
                dmnDecisionRequirementsName=drg.dmn_decision_requirements_name,
                version=drg.version,
                decisionRequirementsKey=drg.decision_requirements_key,
                resourceName=drg.resource_name,
                tenantId="<default>",
            )
        )
        for drg in deployment.decision_requirements
    ]
    items += [
        pb.Deployment(
            form=pb.FormMetadata(
                formId=form.form_id,
                version=form.version,
                formKey=form.form_key,
                resourceName=form.resource_name,
                tenantId="<default>",
            )
        )
        for form in deployment.forms
    ]
    return items


def _activated_job(job: Any) -> pb.ActivatedJob:
    return pb.ActivatedJob(
        key=job.key,
        type=job.type,
        processInstanceKey=job.process_instance_key,
        bpmnProcessId=job.bpmn_process_id,
        processDefinitionVersion=job.process_definition_version,
        processDefinitionKey=job.process_definition_key,
        elementId=job.element_id,
        elementInstanceKey=job.element_instance_key,
        customHeaders=dump_variables(job.custom_headers),
        worker=job.worker,
        retries=job.retries,
        deadline=job.deadline_ms,
        variables=dump_variables(job.variables),
        tenantId="<default>",
    )


def _decision_response(evaluation: Any) -> pb.EvaluateDecisionResponse:
    decisions = [
        pb.EvaluatedDecision(
            decisionKey=decision.decision_key,
            decisionId=decision.decision_id,
            decisionName=decision.decision_name,
            decisionVersion=decision.decision_version,
            decisionType=decision.decision_type,
            decisionOutput=_json(decision.output),
            matchedRules=[
                pb.MatchedDecisionRule(
                    ruleId=rule.rule_id,
                    ruleIndex=rule.rule_index,
                    evaluatedOutputs=[
                        pb.EvaluatedDecisionOutput(
                            outputId=output.output_id,
                            outputName=output.output_name,
                            outputValue=_json(output.value),
                        )
                        for output in rule.outputs
                    ],
                )
                for rule in decision.matched_rules
            ],
            evaluatedInputs=[
                pb.EvaluatedDecisionInput(
                    inputId=item.input_id, inputName=item.input_name, inputValue=_json(item.value)
                )
                for item in decision.inputs
            ],
            tenantId="<default>",
        )
        for decision in evaluation.evaluated_decisions
    ]
    return pb.EvaluateDecisionResponse(
        decisionKey=evaluation.decision_key,
        decisionId=evaluation.decision_id,
        decisionName=evaluation.decision_name,
        decisionVersion=evaluation.decision_version,
        decisionRequirementsId=evaluation.decision_requirements_id,
        decisionRequirementsKey=evaluation.decision_requirements_key,
        decisionOutput=_json(evaluation.output),
        evaluatedDecisions=decisions,
        failedDecisionId=evaluation.failed_decision_id or "",
        failureMessage=evaluation.failure_message or "",
        tenantId="<default>",
        decisionInstanceKey=evaluation.decision_instance_key,
    )
