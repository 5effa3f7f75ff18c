"""Scenario harness: the project's processes, decisions and forms deployed to an engine, the real
workers connected to it, and synchronous test code driving both through the public APIs.

    with ProcessApp.running(tmp_path, backend=scenario_backend, start="2026-03-02T09:00:00+08:00") as app:
        instance = app.start("shared-sla-review", {...})
        app.advance_to(app.variables(instance)["reviewDueDate"])   # reminder and escalation fire
        app.complete("review", decision="APPROVED", opinion="同意")
        app.instance(instance).is_completed()

The backend is the embedded engine (always) or a real Camunda 8.8 in Docker (where one runs).
See tests/scenarios/README.md for the whole API.
"""

from harness.app import ProcessApp, ScenarioTimeout, UserTask, region
from harness.backends import Backend, EmbeddedBackend, Endpoints
from harness.documents import DocumentFactory
from harness.instance import InstanceAssert

__all__ = [
    "Backend",
    "DocumentFactory",
    "EmbeddedBackend",
    "Endpoints",
    "InstanceAssert",
    "ProcessApp",
    "ScenarioTimeout",
    "UserTask",
    "region",
]
