"""Jobs as ``POST /v2/jobs/search`` returns them, exported from the JOB and JOB_BATCH records.

A job keeps the state of its last job event, as Camunda's job exporter writes it: an activation
(a JOB_BATCH event) sets the worker and the deadline but leaves the state, a timeout update moves
the deadline. Ended jobs (completed, canceled, error thrown) stay visible with their end time."""

from __future__ import annotations

import datetime as dt

from engine.history.table import HistoryTable
from engine.runtime.records import Record

TENANT = "<default>"

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


def instant(epoch_ms: int | None) -> str | None:
    """Epoch milliseconds as the API's ISO 8601 date-time in UTC; None (or Zeebe's -1) stays unset."""
    if epoch_ms is None or epoch_ms < 0:
        return None
    moment = dt.datetime.fromtimestamp(epoch_ms / 1000, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JobExport:
    """Applies the job records to the jobs' history table."""

    def __init__(self, jobs: HistoryTable) -> None:
        self.jobs = jobs

    def on_job(self, record: Record) -> None:
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

    def on_job_batch(self, record: Record) -> None:
        if record.intent != "ACTIVATED":
            return
        for key, activated in zip(record.value["jobKeys"], record.value["jobs"], strict=True):
            job = self.jobs.get(key)
            if job is not None:
                job.update(worker=activated["worker"], deadline=instant(activated["deadline"]))
