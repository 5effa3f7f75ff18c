"""The deadlines a process recorded as missed: the ``slaBreaches`` variable a calling process keeps
when a rule's review deadline passes (A-GEN-3: recorded, never deciding)."""

from __future__ import annotations

from typing import Any

from harness import ProcessApp


def sla_breaches(app: ProcessApp, instance: int) -> list[dict[str, Any]]:
    """The instance's recorded breaches in the order they were recorded; none recorded is empty."""
    return list(app.variables(instance).get("slaBreaches") or [])
