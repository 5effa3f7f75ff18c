"""Builders for small DMN models written inline in the tests."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"

Rule = tuple[str, Sequence[str], Sequence[str]] | tuple[str, Sequence[str], Sequence[str], str]


def definitions(body: str, namespace: str = DMN13, model_namespace: str = "http://govit.test/dmn") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="{namespace}" id="defs" '
        f'name="test" namespace="{model_namespace}">{body}</definitions>'
    )


def decision_table(
    hit_policy: str,
    inputs: Sequence[str],
    outputs: Sequence[str],
    rules: Sequence[Rule],
    *,
    decision_id: str = "d",
    aggregation: str | None = None,
    output_values: Sequence[str | None] = (),
    extra: str = "",
) -> str:
    """A decision ``decision_id`` holding one table; input ids are i1.., output ids o1.. (prefixed with
    ``decision_id`` unless it is the default ``d``), names as given."""
    prefix = "" if decision_id == "d" else f"{decision_id}_"
    aggregation_attr = f' aggregation="{aggregation}"' if aggregation else ""
    parts = [f'<decision id="{decision_id}" name="{decision_id}">{extra}']
    parts.append(f'<decisionTable id="{decision_id}_table" hitPolicy="{hit_policy}"{aggregation_attr}>')
    for n, text in enumerate(inputs, start=1):
        parts.append(
            f'<input id="{prefix}i{n}" label="{escape(text)}"><inputExpression><text>{escape(text)}</text>'
            "</inputExpression></input>"
        )
    for n, name in enumerate(outputs, start=1):
        values = output_values[n - 1] if n - 1 < len(output_values) else None
        values_xml = f"<outputValues><text>{escape(values)}</text></outputValues>" if values else ""
        parts.append(f'<output id="{prefix}o{n}" name="{name}">{values_xml}</output>')
    for rule in rules:
        rule_id, entries, results = rule[0], rule[1], rule[2]
        parts.append(f'<rule id="{rule_id}">')
        parts.extend(f"<inputEntry><text>{escape(e)}</text></inputEntry>" for e in entries)
        parts.extend(f"<outputEntry><text>{escape(r)}</text></outputEntry>" for r in results)
        if len(rule) == 4:
            parts.append(f"<annotationEntry><text>{escape(rule[3])}</text></annotationEntry>")
        parts.append("</rule>")
    parts.append("</decisionTable></decision>")
    return "".join(parts)
