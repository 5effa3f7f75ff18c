"""The Zeebe gateway gRPC service (package ``gateway_protocol``) over the embedded engine.

Each RPC validates its request as the Zeebe gateway does, runs one engine command on the engine
thread, and maps the result to the protocol's response, or a refusal to the status code the
gateway would return.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import grpc
import structlog
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayServicer

from engine.dmn import DecisionEvaluationError
from engine.gateway.activation_variables import activation_variables
from engine.gateway.engine_host import EngineHost
from engine.gateway.instance_result import await_instance_result
from engine.gateway.status import status_for
from engine.gateway.variables import dump_variables, parse_variables
from engine.runtime.errors import EngineError
from engine.runtime.migration import MappingInstruction
from engine.runtime.modification import ActivateInstruction

T = TypeVar("T")
log = structlog.get_logger("engine.gateway")
if TYPE_CHECKING:  # the stubs make it generic; the runtime class is not subscriptable
    Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]

GATEWAY_VERSION = "8.8.0"
DEFAULT_LONG_POLL_MS = 10_000  # the gateway's default long-polling timeout when requestTimeout is 0


class GatewayService(GatewayServicer):
    def __init__(self, host: EngineHost, *, advertised_host: str, advertised_port: int) -> None:
        self._host = host
        self._engine = host.engine
        self._advertised_host = advertised_host
        self._advertised_port = advertised_port

    # -- plumbing -----------------------------------------------------------------------------

    async def _run(self, context: Context, command: Callable[[], T]) -> T:
        try:
            return await self._host.call(command)
        except Exception as error:
            code = status_for(error)
            if code is None:
                log.exception("command failed", rpc=type(error).__name__)
                await context.abort(grpc.StatusCode.INTERNAL, f"{type(error).__name__}: {error}")
            else:
                await context.abort(code, str(error))
            raise  # abort raises; this keeps the type checker informed

    @staticmethod
    async def _invalid(context: Context, message: str) -> None:
        await context.abort(grpc.StatusCode.INVALID_ARGUMENT, message)

    async def _variables(self, context: Context, document: str) -> dict[str, Any]:
        try:
            return parse_variables(document)
        except ValueError as error:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(error))
            raise

    # -- cluster ------------------------------------------------------------------------------

    async def Topology(self, request: pb.TopologyRequest, context: Context) -> pb.TopologyResponse:
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
        self, request: pb.DeployResourceRequest, context: Context
    ) -> pb.DeployResourceResponse:
        if not request.resources:
            await self._invalid(context, "Expected to deploy at least one resource, but none given")
        resources = [(resource.name, bytes(resource.content)) for resource in request.resources]
        deployment = await self._run(context, lambda: self._engine.deploy(resources))
        return pb.DeployResourceResponse(
            key=deployment.key, deployments=_deployments(deployment), tenantId="<default>"
        )

    async def DeployProcess(
        self, request: pb.DeployProcessRequest, context: Context
    ) -> pb.DeployProcessResponse:
        resources = [(process.name, bytes(process.definition)) for process in request.processes]
        deployment = await self._run(context, lambda: self._engine.deploy(resources))
        return pb.DeployProcessResponse(
            key=deployment.key, processes=[_process(p) for p in deployment.processes]
        )

    async def DeleteResource(
        self, request: pb.DeleteResourceRequest, context: Context
    ) -> pb.DeleteResourceResponse:
        await self._run(context, lambda: self._engine.delete_resource(request.resourceKey))
        return pb.DeleteResourceResponse()

    # -- process instances --------------------------------------------------------------------

    async def CreateProcessInstance(
        self, request: pb.CreateProcessInstanceRequest, context: Context
    ) -> pb.CreateProcessInstanceResponse:
        handle = await self._create(request, context)
        return pb.CreateProcessInstanceResponse(
            processDefinitionKey=handle.process_definition_key,
            bpmnProcessId=handle.bpmn_process_id,
            version=handle.version,
            processInstanceKey=handle.key,
            tenantId="<default>",
        )

    async def _create(self, request: pb.CreateProcessInstanceRequest, context: Context) -> Any:
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
                start_instructions=start_at or None,
            ),
        )

    async def CreateProcessInstanceWithResult(
        self, request: pb.CreateProcessInstanceWithResultRequest, context: Context
    ) -> pb.CreateProcessInstanceWithResultResponse:
        inner = request.request
        variables = await self._variables(context, inner.variables)
        if not inner.bpmnProcessId and not inner.processDefinitionKey:
            await self._invalid(
                context, "Expected either a bpmnProcessId or a processDefinitionKey, but none given"
            )
        fetch = set(request.fetchVariables)
        timeout_ms = request.requestTimeout or DEFAULT_LONG_POLL_MS

        def create() -> tuple[int, Any]:
            position = len(self._engine.records)
            return position, self._engine.create_instance(
                inner.bpmnProcessId or None,
                variables=variables,
                version=inner.version if inner.version > 0 else None,
                process_definition_key=inner.processDefinitionKey or None,
            )

        position, handle = await self._run(context, create)
        try:
            result = await await_instance_result(self._host, handle.key, position, timeout_ms)
        except EngineError as error:
            await context.abort(status_for(error) or grpc.StatusCode.INTERNAL, str(error))
            raise
        if fetch:
            result = {name: value for name, value in result.items() if name in fetch}
        return pb.CreateProcessInstanceWithResultResponse(
            processDefinitionKey=handle.process_definition_key,
            bpmnProcessId=handle.bpmn_process_id,
            version=handle.version,
            processInstanceKey=handle.key,
            variables=dump_variables(result),
            tenantId="<default>",
        )

    async def CancelProcessInstance(
        self, request: pb.CancelProcessInstanceRequest, context: Context
    ) -> pb.CancelProcessInstanceResponse:
        await self._run(context, lambda: self._engine.cancel_instance(request.processInstanceKey))
        return pb.CancelProcessInstanceResponse()

    async def SetVariables(
        self, request: pb.SetVariablesRequest, context: Context
    ) -> pb.SetVariablesResponse:
        variables = await self._variables(context, request.variables)
        key = await self._run(
            context,
            lambda: self._engine.set_variables(request.elementInstanceKey, variables, local=request.local),
        )
        return pb.SetVariablesResponse(key=key or 0)

    async def ModifyProcessInstance(
        self, request: pb.ModifyProcessInstanceRequest, context: Context
    ) -> pb.ModifyProcessInstanceResponse:
        documents = [
            [
                (variable.scopeId, await self._variables(context, variable.variables))
                for variable in instruction.variableInstructions
            ]
            for instruction in request.activateInstructions
        ]

        def modify() -> None:
            key = request.processInstanceKey
            model = self._engine.process_model(self._engine.instance(key).process_definition_key)
            activate = [
                ActivateInstruction(
                    instruction.elementId,
                    instruction.ancestorElementInstanceKey or None,
                    activation_variables(model, instruction.elementId, variables),
                )
                for instruction, variables in zip(request.activateInstructions, documents, strict=True)
            ]
            terminate = [item.elementInstanceKey for item in request.terminateInstructions]
            self._engine.modify_instance(key, activate=activate, terminate=terminate)

        await self._run(context, modify)
        return pb.ModifyProcessInstanceResponse()

    async def MigrateProcessInstance(
        self, request: pb.MigrateProcessInstanceRequest, context: Context
    ) -> pb.MigrateProcessInstanceResponse:
        plan = request.migrationPlan
        mapping = [
            MappingInstruction(item.sourceElementId, item.targetElementId)
            for item in plan.mappingInstructions
        ]
        await self._run(
            context,
            lambda: self._engine.migrate_instance(
                request.processInstanceKey, plan.targetProcessDefinitionKey, mapping
            ),
        )
        return pb.MigrateProcessInstanceResponse()

    async def ResolveIncident(
        self, request: pb.ResolveIncidentRequest, context: Context
    ) -> pb.ResolveIncidentResponse:
        await self._run(context, lambda: self._engine.resolve_incident(request.incidentKey))
        return pb.ResolveIncidentResponse()

    # -- jobs ---------------------------------------------------------------------------------

    async def _validate_activation(self, context: Context, job_type: str, timeout: int) -> None:
        if not job_type.strip():
            await self._invalid(context, "Expected to activate jobs of a type, but the type is blank")
        if timeout < 1:
            await self._invalid(context, f"Expected a job timeout of at least 1 ms, but got {timeout}")

    async def ActivateJobs(
        self, request: pb.ActivateJobsRequest, context: Context
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
            changed = self._host.changed(request.type)
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
            if jobs or request.requestTimeout < 0 or remaining <= 0 or self._host.closing:
                self._host.forget(changed)
                yield pb.ActivateJobsResponse(jobs=[_activated_job(job) for job in jobs])
                return
            await _wait(changed, remaining, self._host)

    async def StreamActivatedJobs(
        self, request: pb.StreamActivatedJobsRequest, context: Context
    ) -> AsyncIterator[pb.ActivatedJob]:
        """Jobs that become activatable while the stream is open are pushed to it; jobs already
        waiting when it opened are left to ActivateJobs (see :mod:`engine.gateway.engine_host`)."""
        await self._validate_activation(context, request.type, request.timeout)
        stream = self._host.open_stream(
            request.type,
            worker=request.worker,
            timeout_ms=request.timeout,
            fetch_variables=list(request.fetchVariable) or None,
        )
        try:
            while (job := await stream.next_job()) is not None:
                yield _activated_job(job)
        finally:
            self._host.close_stream(stream)

    async def CompleteJob(self, request: pb.CompleteJobRequest, context: Context) -> pb.CompleteJobResponse:
        variables = await self._variables(context, request.variables)
        await self._run(context, lambda: self._engine.complete_job(request.jobKey, variables=variables))
        return pb.CompleteJobResponse()

    async def FailJob(self, request: pb.FailJobRequest, context: Context) -> pb.FailJobResponse:
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

    async def ThrowError(self, request: pb.ThrowErrorRequest, context: Context) -> pb.ThrowErrorResponse:
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
        self, request: pb.UpdateJobRetriesRequest, context: Context
    ) -> pb.UpdateJobRetriesResponse:
        if request.retries < 1:
            await self._invalid(context, f"Expected retries to be at least 1, but got {request.retries}")
        await self._run(context, lambda: self._engine.update_job_retries(request.jobKey, request.retries))
        return pb.UpdateJobRetriesResponse()

    async def UpdateJobTimeout(
        self, request: pb.UpdateJobTimeoutRequest, context: Context
    ) -> pb.UpdateJobTimeoutResponse:
        await self._run(context, lambda: self._engine.update_job_timeout(request.jobKey, request.timeout))
        return pb.UpdateJobTimeoutResponse()

    # -- messages, signals, decisions ----------------------------------------------------------

    async def PublishMessage(
        self, request: pb.PublishMessageRequest, context: Context
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
        self, request: pb.BroadcastSignalRequest, context: Context
    ) -> pb.BroadcastSignalResponse:
        if not request.signalName.strip():
            await self._invalid(context, "Expected to broadcast a signal with a name, but the name is blank")
        variables = await self._variables(context, request.variables)
        key = await self._run(
            context, lambda: self._engine.broadcast_signal(request.signalName, variables=variables)
        )
        return pb.BroadcastSignalResponse(key=key, tenantId="<default>")

    async def EvaluateDecision(
        self, request: pb.EvaluateDecisionRequest, context: Context
    ) -> pb.EvaluateDecisionResponse:
        if not request.decisionId and not request.decisionKey:
            await self._invalid(context, "Expected either a decisionId or a decisionKey, but none given")
        variables = await self._variables(context, request.variables)

        def evaluate() -> tuple[int, dict[str, Any], list[dict[str, Any]]]:
            before = len(self._engine.records)
            # Zeebe answers a failed evaluation with failedDecisionId and failureMessage, not an error.
            with contextlib.suppress(DecisionEvaluationError):
                self._engine.evaluate_decision(
                    decision_id=request.decisionId or None,
                    decision_key=request.decisionKey or None,
                    variables=variables,
                )
            for record in self._engine.records.since(before):
                if record.value_type == "DECISION_EVALUATION" and record.record_type == "EVENT":
                    return record.key, record.value, self._engine.decision_definitions()
            raise AssertionError("the engine evaluated a decision without recording it")

        instance_key, value, definitions = await self._run(context, evaluate)
        return _decision_response(instance_key, value, definitions)


async def _wait(event: asyncio.Event, seconds: float | None, host: EngineHost) -> None:
    """Wait for ``event`` (at most ``seconds``); a caller that hung up meanwhile stops waiting."""
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=seconds)
    finally:
        if not event.is_set():
            host.forget(event)


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


def _json_text(value: Any) -> str:
    """A value of a DECISION_EVALUATION record as the protocol's JSON text: the record already
    holds JSON text (as Zeebe's records do); a failed evaluation has no output (null)."""
    return value if isinstance(value, str) and value else dump_variables(None if value == "" else value)


def _decision_response(
    instance_key: int, value: dict[str, Any], definitions: list[dict[str, Any]]
) -> pb.EvaluateDecisionResponse:
    """Build the response from the DECISION_EVALUATION record, as Zeebe's gateway does."""
    graph = value["decisionRequirementsKey"]
    in_graph = {row["decisionId"]: row for row in definitions if row["decisionRequirementsKey"] == graph}

    def evaluated(decision: dict[str, Any]) -> pb.EvaluatedDecision:
        row = in_graph.get(decision["decisionId"], {})
        return pb.EvaluatedDecision(
            decisionKey=row.get("key", 0),
            decisionId=decision["decisionId"],
            decisionName=decision["decisionName"],
            decisionVersion=row.get("version", 0),
            decisionType=decision["decisionType"],
            decisionOutput=_json_text(decision["decisionOutput"]),
            matchedRules=[
                pb.MatchedDecisionRule(
                    ruleId=rule["ruleId"],
                    ruleIndex=rule["ruleIndex"],
                    evaluatedOutputs=[
                        pb.EvaluatedDecisionOutput(
                            outputId=output["outputId"],
                            outputName=output["outputName"],
                            outputValue=_json_text(output["outputValue"]),
                        )
                        for output in rule["evaluatedOutputs"]
                    ],
                )
                for rule in decision["matchedRules"]
            ],
            evaluatedInputs=[
                pb.EvaluatedDecisionInput(
                    inputId=item["inputId"],
                    inputName=item["inputName"],
                    inputValue=_json_text(item["inputValue"]),
                )
                for item in decision["evaluatedInputs"]
            ],
            tenantId="<default>",
        )

    return pb.EvaluateDecisionResponse(
        decisionKey=value["decisionKey"],
        decisionId=value["decisionId"],
        decisionName=value["decisionName"],
        decisionVersion=value["decisionVersion"],
        decisionRequirementsId=value["decisionRequirementsId"],
        decisionRequirementsKey=graph,
        decisionOutput=_json_text(value.get("decisionOutput")),
        evaluatedDecisions=[evaluated(decision) for decision in value.get("evaluatedDecisions", [])],
        failedDecisionId=value.get("failedDecisionId", ""),
        failureMessage=value.get("failureMessage", ""),
        tenantId="<default>",
        decisionInstanceKey=instance_key,
    )
