"""The REST searches' view of the engine's history (kept in engine/history/, where the exporter
writes it)."""

from engine.history.projection import TENANT, VARIABLE_SIZE_THRESHOLD, Projection

__all__ = ["TENANT", "VARIABLE_SIZE_THRESHOLD", "Projection"]
