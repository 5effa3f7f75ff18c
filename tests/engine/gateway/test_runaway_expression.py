"""One client's runaway expression becomes an incident within its budget while another client's
commands keep completing (issue #18, item 4).

Before, the single writer evaluated ``for i in 1..20000, j in 1..20000 return …`` for 90 s and
5.5 GB until the request timed out, and every other client waited with it.
"""

from __future__ import annotations

import threading
from typing import Any

from pyzeebe.proto import gateway_pb2 as pb

from tests.engine.gateway import diagrams
from tests.engine.gateway.conftest import Served
from tests.engine.runtime.conftest import END, START, bpmn, chain

RUNAWAY = (
    '<bpmn:scriptTask id="product"><bpmn:extensionElements>'
    '<zeebe:script expression="=for i in 1..20000, j in 1..20000 return i * j" resultVariable="r"/>'
    "</bpmn:extensionElements></bpmn:scriptTask>"
)


def test_a_runaway_script_becomes_an_incident_while_another_client_works_its_jobs(gateway: Served) -> None:
    runaway_channel, runaway_stub = gateway.stub()
    channel, stub = gateway.stub()
    try:
        stub.DeployResource(
            pb.DeployResourceRequest(
                resources=[
                    pb.Resource(
                        name="runaway.bpmn",
                        content=bpmn(START + RUNAWAY + END + chain("start", "product", "end"), "runaway"),
                    ),
                    pb.Resource(name="one.bpmn", content=diagrams.one_task()),
                ]
            ),
            timeout=10,
        )
        created: list[Any] = []

        def start_runaway() -> None:
            request = pb.CreateProcessInstanceRequest(bpmnProcessId="runaway")
            created.append(runaway_stub.CreateProcessInstance(request, timeout=60))

        runaway = threading.Thread(target=start_runaway)
        runaway.start()
        completed = []
        for _ in range(5):
            instance = stub.CreateProcessInstance(
                pb.CreateProcessInstanceRequest(bpmnProcessId="one_task"), timeout=30
            )
            activation = pb.ActivateJobsRequest(
                type="work", worker="other", timeout=60_000, maxJobsToActivate=1, requestTimeout=5_000
            )
            [job] = [job for response in stub.ActivateJobs(activation, timeout=30) for job in response.jobs]
            stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key), timeout=30)
            completed.append(instance.processInstanceKey)
        runaway.join(timeout=60)
    finally:
        runaway_channel.close()
        channel.close()
    assert all(gateway.engine.instance(key).state == "COMPLETED" for key in completed)
    [instance] = created
    [incident] = gateway.engine.incidents(instance.processInstanceKey)
    assert incident.element_id == "product"
    assert "预算" in incident.error_message
