"""Scenario harness: the embedded engine behind the real gateway, the real workers over gRPC, and
the project's processes, decisions and forms deployed, driven from synchronous test code.

    with ProcessApp.running(tmp_path) as app:
        instance = app.start("lg-project-lifecycle", lg_project(totalInvestmentYuan=6_000_000))
        app.complete("review", decision="APPROVED", opinion="同意")
        app.advance("P6D")                       # fires reminder and escalation timers
        assert_that(app.engine, instance).is_completed()

See tests/scenarios/README.md for the whole API.
"""

from harness.app import ProcessApp, ScenarioTimeout
from harness.documents import DocumentFactory

__all__ = ["DocumentFactory", "ProcessApp", "ScenarioTimeout"]
