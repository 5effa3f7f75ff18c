"""JSON logs through structlog, with the job's keys on every line a job writes.

``bind_job`` runs before each job and puts the process instance key, job key, element id, job type
and process id into context variables; every log line in the job's asyncio task (structlog's and
the standard library's, pyzeebe's included) carries them. Synchronous job functions run in a
thread that gets a copy of that context (see ``app.run_in_job_context``).
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

import structlog
from pyzeebe import Job

SHARED_PROCESSORS: list[structlog.types.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send every log record, structlog's or the standard library's, to ``stream`` as one JSON line."""
    structlog.configure(
        processors=[*SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=SHARED_PROCESSORS,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    # alembic announces each of its plugins at INFO on every start; the migrations it runs stay visible
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def job_fields(job: Job) -> dict[str, object]:
    return {
        "process_instance_key": job.process_instance_key,
        "job_key": job.key,
        "element_id": job.element_id,
        "job_type": job.type,
        "bpmn_process_id": job.bpmn_process_id,
    }


async def bind_job(job: Job) -> Job:
    """pyzeebe ``before`` decorator: bind the job's keys for every line logged while it runs."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(**job_fields(job))
    return job
