"""Client commands as the log shows them: the COMMAND record, and a COMMAND_REJECTION when refused;
and the up-front check of the variables a command carries."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.runtime import records as rec
from engine.runtime.errors import EngineError, InvalidArgument

if TYPE_CHECKING:
    from engine.runtime.processing import Processing


@dataclass(frozen=True)
class Command:
    """How a client command appears in the log; ``written`` when its processor writes the COMMAND
    record itself (with its full value)."""

    value_type: str
    intent: str
    key: int
    value: Mapping[str, Any] = field(default_factory=dict)
    written: bool = True


def json_document(variables: Mapping[str, Any] | None) -> dict[str, Any]:
    """Variables as the engine stores them: a JSON object; anything else is refused up front."""
    if variables is None:
        return {}
    if not isinstance(variables, Mapping):
        raise InvalidArgument(
            f"Expected the variables to be a JSON object, but got {type(variables).__name__}"
        )
    document = dict(variables)
    for name, value in document.items():
        if not isinstance(name, str):
            raise InvalidArgument(f"Expected variable names to be strings, but got {name!r}")
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise InvalidArgument(f"Variable '{name}' is not a JSON value: {exc}") from exc
    return document


def log_rejection(p: Processing, label: Command, error: EngineError, since: int = 0) -> None:
    """A refused command is in the log as the command and its COMMAND_REJECTION (once); ``since``:
    where this command's records begin in ``p.written`` (a group holds earlier commands' too)."""
    own = p.written[since:]
    if any(r.record_type == rec.COMMAND_REJECTION for r in own):
        return
    if not any(
        r.record_type == rec.COMMAND and (r.value_type, r.intent) == (label.value_type, label.intent)
        for r in own
    ):
        p.write(label.value_type, label.intent, label.key, dict(label.value), record_type=rec.COMMAND)
    p.write(
        label.value_type,
        label.intent,
        label.key,
        dict(label.value),
        record_type=rec.COMMAND_REJECTION,
        rejection=(error.rejection_type, str(error)),
    )
