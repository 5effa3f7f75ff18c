"""Jobs: the work items of service-like tasks, activated and completed by workers.

A job is created when its task activates and lives until completed, canceled (the task ended) or
its error is caught. Failing with retries left makes it activatable again (after the back-off);
failing with none left raises a JOB_NO_RETRIES incident; an activation that is not completed in time
makes it activatable again (TIMED_OUT).
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from engine.runtime import variables as var
from engine.runtime.errors import FailedPrecondition, InvalidArgument, NotFound
from engine.runtime.incidents import create_incident
from engine.runtime.instants import require_before_the_end
from engine.runtime.processing import ACTIVATED, StepFailure

if TYPE_CHECKING:
    from engine.runtime.processing import Processing
    from engine.runtime.state import Row

ACTIVATABLE = "ACTIVATABLE"
_NO_RETRIES = {
    "EXECUTION_LISTENER": "EXECUTION_LISTENER_NO_RETRIES",
    "TASK_LISTENER": "TASK_LISTENER_NO_RETRIES",
}
JOB_ACTIVATED = "ACTIVATED"
FAILED = "FAILED"
ERROR_THROWN = "ERROR_THROWN"

MAX_BATCH_BYTES = 4 * 1024 * 1024
"""What one activation may hand out: the gateway's maximum message size (Zeebe's default 4 MiB).
Jobs beyond it stay activatable for the next activation; a job too large alone raises a
MESSAGE_SIZE_EXCEEDED incident, as Zeebe's JobBatchActivateProcessor does, instead of being
activated into a response that can never be sent."""
_JOB_OVERHEAD_BYTES = 512  # keys, type, worker, element id and the message framing of one job


def value(job: Row, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": job["type"],
        "worker": job["worker"],
        "retries": job["retries"],
        "deadline": job["deadline"],
        "timeout": job["timeout"],
        "errorMessage": job["errorMessage"],
        "errorCode": job["errorCode"],
        "customHeaders": job["customHeaders"],
        "variables": dict(variables) if variables else {},
        "elementId": job["elementId"],
        "elementInstanceKey": job["elementInstanceKey"],
        "processInstanceKey": job["processInstanceKey"],
        "bpmnProcessId": job["bpmnProcessId"],
        "processDefinitionVersion": job["processDefinitionVersion"],
        "processDefinitionKey": job["processDefinitionKey"],
        "retryBackoff": job["retryBackoff"],
        "recurringTime": job["recurAt"] or -1,
        "jobKind": job.get("jobKind", "BPMN_ELEMENT"),
        "jobListenerEventType": job.get("jobListenerEventType", "UNSPECIFIED"),
        "tenantId": "<default>",
    }


def create_job(
    p: Processing,
    inst: Row,
    job_type: str,
    retries: int,
    headers: Mapping[str, str],
    *,
    kind: str = "BPMN_ELEMENT",
    listener_event: str = "UNSPECIFIED",
) -> Row:
    key = p.new_key()
    v = inst["v"]
    job: Row = {
        "key": key,
        "type": job_type,
        "state": ACTIVATABLE,
        "activatable": True,
        "worker": "",
        "retries": retries,
        "deadline": -1,
        "timeout": -1,
        "errorMessage": "",
        "errorCode": "",
        "customHeaders": dict(headers),
        "elementId": inst["elementId"],
        "elementInstanceKey": inst["key"],
        "processInstanceKey": inst["processInstanceKey"],
        "bpmnProcessId": v["bpmnProcessId"],
        "processDefinitionVersion": v["version"],
        "processDefinitionKey": v["processDefinitionKey"],
        "retryBackoff": 0,
        "recurAt": 0,
        "jobKind": kind,
        "jobListenerEventType": listener_event,
    }
    p.state.put("jobs", key, job)
    inst["jobKey"] = key
    p.save(inst)
    p.write("JOB", "CREATED", key, value(job))
    return job


def get(p: Processing, key: int) -> Row:
    job: Row | None = p.state.get("jobs", key)
    if job is None:
        raise NotFound(f"Expected to find job with key '{key}', but no such job was found")
    return job


def activate(
    p: Processing,
    job_type: str,
    worker: str,
    timeout_ms: int,
    max_jobs: int,
    *,
    fetch: Collection[str] | None = None,
    max_bytes: int = MAX_BATCH_BYTES,
) -> list[tuple[Row, dict[str, Any]]]:
    """Activate up to ``max_jobs`` jobs of ``job_type`` within ``max_bytes``; returns each job with
    its variables (only those named in ``fetch``, when given)."""
    require_before_the_end(p, timeout_ms, "a job timeout")
    bucket = p.state.activatable.get(job_type)
    if not bucket or max_jobs <= 0:
        return []
    out: list[tuple[Row, dict[str, Any]]] = []
    size = 0
    # oldest job first, as Zeebe hands them out in key order (a timed-out job keeps its place)
    for key in heapq.nsmallest(max_jobs, bucket):
        job = p.state.tables["jobs"][key]
        inst = p.instance(job["elementInstanceKey"])
        visible = dict(var.visible(p, inst)) if inst is not None else {}
        variables = visible if fetch is None else {k: v for k, v in visible.items() if k in fetch}
        job_size = _size_of(job, variables)
        if size + job_size > max_bytes:
            if not out and inst is not None:
                _too_large(p, job, inst, job_size)
            break  # the rest wait for the next activation, as Zeebe truncates a batch
        size += job_size
        job["state"] = JOB_ACTIVATED
        job["activatable"] = False
        job["worker"] = worker
        job["timeout"] = timeout_ms
        job["deadline"] = p.now + timeout_ms
        p.state.put("jobs", key, job)
        out.append((job, variables))
    # Zeebe records an activation as one JOB_BATCH event, not as events of each job
    p.write(
        "JOB_BATCH",
        "ACTIVATED",
        p.new_key(),
        {
            "type": job_type,
            "worker": worker,
            "timeout": timeout_ms,
            "maxJobsToActivate": max_jobs,
            "jobKeys": [job["key"] for job, _ in out],
            "jobs": [value(job, variables) for job, variables in out],
            "truncated": False,
            "tenantIds": ["<default>"],
        },
    )
    return out


def _size_of(job: Row, variables: Mapping[str, Any]) -> int:
    documents = json.dumps(variables, ensure_ascii=False) + json.dumps(
        job["customHeaders"], ensure_ascii=False
    )
    return len(documents.encode()) + _JOB_OVERHEAD_BYTES


def _too_large(p: Processing, job: Row, inst: Row, job_size: int) -> None:
    job["state"] = FAILED
    job["activatable"] = False
    p.state.put("jobs", job["key"], job)
    message = (
        f"The job with key '{job['key']}' can not be activated, because with {job_size / 1024 / 1024:.1f} MB "
        f"it is larger than the configured message size (per default is 4 MB). Try to reduce the size by "
        "reducing the number of fetched variables or modifying the variable values."
    )
    create_incident(p, inst, StepFailure("MESSAGE_SIZE_EXCEEDED", message), job_key=job["key"])


def complete(
    p: Processing, key: int, variables: Mapping[str, Any], result: Mapping[str, Any] | None = None
) -> None:
    job = get(p, key)
    if job["jobKind"] == "TASK_LISTENER":
        from engine.runtime.user_tasks import check_result

        check_result(p, job, result)
    if job["state"] != JOB_ACTIVATED and job["state"] != ACTIVATABLE:
        raise FailedPrecondition(
            f"Expected to complete job with key '{key}', but it is in state '{job['state']}'"
        )
    p.write("JOB", "COMPLETE", key, value(job, variables), record_type="COMMAND")
    p.state.delete("jobs", key)
    p.write("JOB", "COMPLETED", key, value(job, variables))
    inst = p.instance(job["elementInstanceKey"])
    if inst is not None and job["jobKind"] == "EXECUTION_LISTENER":
        from engine.runtime.listeners import listener_completed

        listener_completed(p, inst, job, variables)
        return
    if job["jobKind"] == "TASK_LISTENER":
        from engine.runtime import user_tasks

        user_tasks.listener_completed(p, job, result)
        return
    if inst is None or inst["state"] != ACTIVATED:
        return
    inst.pop("jobKey", None)
    inst["result"] = dict(variables)
    p.save(inst)
    p.complete(inst)


def fail(
    p: Processing,
    key: int,
    *,
    retries: int,
    error_message: str,
    backoff_ms: int,
    variables: Mapping[str, Any] | None,
) -> None:
    job = get(p, key)
    # Zeebe's JobFailProcessor accepts an activatable job as well as an activated one (a worker
    # may fail a job whose activation timed out), as completion and throwing an error do
    if job["state"] not in (JOB_ACTIVATED, ACTIVATABLE):
        raise FailedPrecondition(
            f"Expected to fail activated job with key '{key}', but it is in state '{job['state']}'"
        )
    require_before_the_end(p, backoff_ms, "a retry back-off")
    p.write("JOB", "FAIL", key, value(job, variables), record_type="COMMAND")
    job["retries"] = retries
    job["errorMessage"] = error_message
    job["retryBackoff"] = backoff_ms
    job["worker"] = ""
    job["deadline"] = -1
    job["state"] = FAILED
    job["activatable"] = retries > 0 and backoff_ms <= 0
    job["recurAt"] = p.now + backoff_ms if retries > 0 and backoff_ms > 0 else 0
    if job["activatable"]:
        job["state"] = ACTIVATABLE
    p.state.put("jobs", key, job)
    p.write("JOB", "FAILED", key, value(job, variables))
    inst = p.instance(job["elementInstanceKey"])
    if variables and inst is not None:
        var.set_all_local(p, inst, variables)
    if retries <= 0 and inst is not None:
        message = error_message or "No more retries left."
        kind = _NO_RETRIES.get(job["jobKind"], "JOB_NO_RETRIES")
        create_incident(p, inst, StepFailure(kind, message), job_key=key)


def throw_error(
    p: Processing, key: int, error_code: str, error_message: str, variables: Mapping[str, Any] | None
) -> None:
    from engine.runtime.errors_thrown import throw_error as throw

    job = get(p, key)
    if job["state"] not in (JOB_ACTIVATED, ACTIVATABLE):
        raise FailedPrecondition(
            f"Expected to throw an error for job with key '{key}', but it is in state '{job['state']}'"
        )
    if not error_code:
        raise InvalidArgument("Expected an error code, but it was empty")
    p.write("JOB", "THROW_ERROR", key, value(job, variables), record_type="COMMAND")
    job["errorCode"] = error_code
    job["errorMessage"] = error_message
    job["state"] = ERROR_THROWN
    job["activatable"] = False
    job["deadline"] = -1
    p.state.put("jobs", key, job)
    p.write("JOB", "ERROR_THROWN", key, value(job, variables))
    inst = p.instance(job["elementInstanceKey"])
    if inst is None:
        return
    # a caught error consumes the job (no CANCELED record when the task is then terminated)
    inst.pop("jobKey", None)
    p.save(inst)
    p.state.delete("jobs", key)
    caught = throw(p, inst, error_code, error_message, dict(variables or {}))
    if not caught:
        p.state.put("jobs", key, job)
        current = p.instance(inst["key"])
        if current is not None:
            current["jobKey"] = key
            p.save(current)
        message = (
            f"Expected to throw an error event with the code '{error_code}' with message '{error_message}', "
            "but it was not caught. No error events are available in the scope."
        )
        create_incident(p, inst, StepFailure("UNHANDLED_ERROR_EVENT", message), job_key=key)


def update_retries(p: Processing, key: int, retries: int) -> None:
    job = get(p, key)
    if retries < 1:
        raise InvalidArgument(
            f"Expected to update retries of job with key '{key}' to a positive number, but was {retries}"
        )
    job["retries"] = retries
    p.state.put("jobs", key, job)
    p.write("JOB", "RETRIES_UPDATED", key, value(job))


def update_timeout(p: Processing, key: int, timeout_ms: int) -> None:
    job = get(p, key)
    if job["state"] != JOB_ACTIVATED:
        raise FailedPrecondition(
            f"Expected to update the timeout of activated job with key '{key}', but it is not activated"
        )
    require_before_the_end(p, timeout_ms, "a job timeout")
    job["timeout"] = timeout_ms
    job["deadline"] = p.now + timeout_ms
    p.state.put("jobs", key, job)
    p.write("JOB", "TIMEOUT_UPDATED", key, value(job))


def cancel(p: Processing, key: int) -> None:
    job: Row | None = p.state.get("jobs", key)
    if job is None:
        return
    p.state.delete("jobs", key)
    p.write("JOB", "CANCELED", key, value(job))


def time_out(p: Processing, key: int, due: int) -> None:
    job: Row | None = p.state.get("jobs", key)
    if job is None or job["state"] != JOB_ACTIVATED or job["deadline"] != due:
        return
    job["state"] = ACTIVATABLE
    job["activatable"] = True
    job["worker"] = ""
    job["deadline"] = -1
    p.state.put("jobs", key, job)
    p.write("JOB", "TIMED_OUT", key, value(job))


def recur(p: Processing, key: int, due: int) -> None:
    job: Row | None = p.state.get("jobs", key)
    if job is None or job["state"] != FAILED or job["recurAt"] != due:
        return
    job["state"] = ACTIVATABLE
    job["activatable"] = True
    job["recurAt"] = 0
    p.state.put("jobs", key, job)
    p.write("JOB", "RECURRED_AFTER_BACKOFF", key, value(job))


def retry_after_incident(p: Processing, key: int) -> None:
    """After a job incident is resolved the job is activatable again, even with no retries left
    (Zeebe's incident-resolved applier); failing it once more raises a new incident."""
    job: Row | None = p.state.get("jobs", key)
    if job is None:
        return
    job["state"] = ACTIVATABLE
    job["activatable"] = True
    job["errorCode"] = ""
    p.state.put("jobs", key, job)
