"""Jobs as ``POST /v2/jobs/search`` returns them, followed from the JOB and JOB_BATCH records.

A job keeps the state of its last job event, as Camunda's job exporter writes it: an activation
(a JOB_BATCH event) sets the worker and the deadline but leaves the state, a timeout update moves
the deadline. Ended jobs (completed, canceled, error thrown) stay visible with their end time."""

from __future__ import annotations

from typing import Any, ClassVar

from engine.gateway.rest.projection import TENANT
from engine.gateway.rest.record_view import RecordView, instant
from engine.runtime.records import Record

_STATE_OF_INTENT = {
    "CREATED": "CREATED",
    "COMPLETED": "COMPLETED",
    "FAILED": "FAILED",
    "ERROR_THROWN": "ERROR_THROWN",
    "TIMED_OUT": "TIMED_OUT",
    "CANCELED": "CANCELED",
    "RETRIES_UPDATED": "RETRIES_UPDATED",
    "MIGRATED": "MIGRATED",
}
_ENDED = frozenset({"COMPLETED", "CANCELED", "ERROR_THROWN"})


class JobView(RecordView):
    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[int, dict[str, Any]] = {}

    def _on_job(self, record: Record) -> None:
        value = record.value
        job = self.jobs.get(record.key)
        if job is None:
            if record.intent != "CREATED":
                return
            job = self.jobs[record.key] = {
                "jobKey": str(record.key),
                "type": value["type"],
                "worker": value.get("worker") or "",
                "kind": value.get("jobKind", "BPMN_ELEMENT"),
                "listenerEventType": value.get("jobListenerEventType", "UNSPECIFIED"),
                "customHeaders": dict(value.get("customHeaders") or {}),
                "processInstanceKey": str(value["processInstanceKey"]),
                "processDefinitionId": value["bpmnProcessId"],
                "processDefinitionKey": str(value["processDefinitionKey"]),
                "elementId": value["elementId"],
                "elementInstanceKey": str(value["elementInstanceKey"]),
                "tenantId": value.get("tenantId") or TENANT,
                "isDenied": None,
                "deniedReason": None,
                "endTime": None,
            }
        state = _STATE_OF_INTENT.get(record.intent)
        if state is not None:
            job["state"] = state
        if record.intent == "MIGRATED":
            job.update(
                processDefinitionId=value["bpmnProcessId"],
                processDefinitionKey=str(value["processDefinitionKey"]),
                elementId=value["elementId"],
            )
        job.update(
            retries=value["retries"],
            deadline=instant(value.get("deadline")),
            errorMessage=value.get("errorMessage") or None,
            errorCode=value.get("errorCode") or None,
        )
        job["hasFailedWithRetriesLeft"] = job["state"] == "FAILED" and job["retries"] > 0
        if record.intent in _ENDED:
            job["endTime"] = instant(record.timestamp)

    def _on_job_batch(self, record: Record) -> None:
        if record.intent != "ACTIVATED":
            return
        for key, activated in zip(record.value["jobKeys"], record.value["jobs"], strict=True):
            job = self.jobs.get(key)
            if job is not None:
                job.update(worker=activated["worker"], deadline=instant(activated["deadline"]))

    handlers: ClassVar[dict[str, Any]] = {"JOB": _on_job, "JOB_BATCH": _on_job_batch}
