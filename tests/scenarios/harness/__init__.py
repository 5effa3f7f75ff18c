"""Scenario harness: the embedded engine behind the real gateway, the real workers over gRPC, and
the project's processes, decisions and forms deployed, driven from synchronous test code.

    with ProcessApp.running(tmp_path, start="2026-03-02T09:00:00+08:00") as app:
        instance = app.start("shared-sla-review", {...})
        app.advance_to(app.variables(instance)["reviewDueDate"])   # reminder and escalation fire
        app.complete("review", decision="APPROVED", opinion="同意")
        assert_that(app.engine, instance).is_completed()

See tests/scenarios/README.md for the whole API.
"""

from harness.app import ProcessApp, ScenarioTimeout, region
from harness.documents import DocumentFactory

__all__ = ["DocumentFactory", "ProcessApp", "ScenarioTimeout", "region"]
