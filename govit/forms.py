"""Submitted task fields checked against the task's Camunda Form, as Tasklist checks them.

Values typed on the command line arrive as text; each is turned into the type its form field
holds (number, boolean, list) and then checked as form-js's Validator checks it: required (an
unticked required checkbox and an empty list count as missing), min/max, minLength/maxLength of
the trimmed text, a pattern found anywhere in the text (JavaScript's ``RegExp.test``), the offered
values of radios, selects and checklists (fixed, or taken from the variable their ``valuesKey``
names) and, row by row, the fields of a dynamic list. Every problem names the field's key and label.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

_TEXT = frozenset({"textfield", "textarea", "datetime", "radio", "select"})
_LISTS = frozenset({"checklist", "taglist", "dynamiclist", "filepicker"})
_VALUED = _TEXT | _LISTS | {"number", "checkbox"}


class FormError(ValueError):
    """Submitted values a form does not accept; ``problems`` holds one line per field."""

    def __init__(self, form_id: str, problems: list[str]) -> None:
        super().__init__(f"form '{form_id}': " + "; ".join(problems))
        self.form_id = form_id
        self.problems = problems


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str
    validate: Mapping[str, Any]
    options: tuple[Any, ...] | None
    hidden_when: tuple[str, ...] = ()  # FEEL conditions of the field and its groups
    option_labels: tuple[str, ...] = ()  # the words a clerk sees, one per option
    subtype: str | None = None  # a datetime field's "date", "time" or "datetime"
    values_key: str | None = None  # the variable holding the options, instead of fixed values
    row_fields: tuple[Field, ...] = ()  # a dynamic list's fields, checked in every row

    def option_for(self, text: str) -> Any:
        """The option's value for its value or its label as typed (通过 → APPROVED)."""
        if self.options is None or text in self.options:
            return text
        matches = [
            v for v, label in zip(self.options, self.option_labels, strict=False) if label == text.strip()
        ]
        return matches[0] if len(matches) == 1 else text

    def offered(self) -> str:
        """The options as ``VALUE (label)``, so a refusal says what to type in either words."""
        labels = self.option_labels or ("",) * len(self.options or ())
        return ", ".join(
            f"{value} ({label})" if label and label != value else str(value)
            for value, label in zip(self.options or (), labels, strict=False)
        )

    @property
    def required(self) -> bool:
        return bool(self.validate.get("required"))

    def name(self) -> str:
        return f"'{self.key}' ({self.label})" if self.label and self.label != self.key else f"'{self.key}'"


def fields(schema: Mapping[str, Any]) -> list[Field]:
    """The fields of a form that carry a value, with group and dynamic-list paths joined to their keys."""
    return list(_walk(schema.get("components") or [], prefix="", hides=()))


def _hide_condition(component: Mapping[str, Any]) -> tuple[str, ...]:
    hide = (component.get("conditional") or {}).get("hide")
    return (str(hide).removeprefix("="),) if hide else ()


def _walk(components: list[Any], prefix: str, hides: tuple[str, ...]) -> Iterator[Field]:
    for component in components:
        kind = str(component.get("type"))
        own_hides = hides + _hide_condition(component)
        if kind == "group" and component.get("components"):
            path = component.get("path")
            yield from _walk(component["components"], f"{prefix}{path}." if path else prefix, own_hides)
        elif (kind in _VALUED and component.get("key")) or (kind == "dynamiclist" and component.get("path")):
            values = component.get("values")
            options = tuple(v.get("value") for v in values) if isinstance(values, list) else None
            labels = tuple(str(v.get("label") or "") for v in values) if isinstance(values, list) else ()
            rows = tuple(_walk(component.get("components") or [], "", ())) if kind == "dynamiclist" else ()
            yield Field(
                key=prefix + str(component.get("key") or component.get("path")),
                label=str(component.get("label") or component.get("dateLabel") or ""),
                type=kind,
                validate=component.get("validate") or {},
                options=options,
                hidden_when=own_hides,
                option_labels=labels,
                subtype=component.get("subtype"),
                values_key=str(component["valuesKey"]) if component.get("valuesKey") else None,
                row_fields=rows,
            )


def _number(text: str) -> int | float:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"expected a number, got {text!r}") from None
    return int(value) if value == value.to_integral_value() and "." not in text else float(value)


def coerce(field: Field, text: str) -> Any:
    """A command-line value as the type its form field holds."""
    if field.type == "number":
        return _number(text)
    if field.type == "checkbox":
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "1", "是"):
            return True
        if lowered in ("false", "no", "0", "否"):
            return False
        raise ValueError(f"expected true or false, got {text!r}")
    if field.type in _LISTS:
        if text.strip().startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"not a JSON list: {error.msg}") from None
        return [field.option_for(part.strip()) for part in text.split(",") if part.strip()]
    if field.type in ("radio", "select"):
        return field.option_for(text)
    return text


def _iso_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _missing(field: Field, value: Any) -> bool:
    # form-js: unset, empty text, an empty list and, for a checkbox, an unticked box
    return value is None or value in ("", []) or (field.type == "checkbox" and value is False)


def _offered(field: Field, context: Mapping[str, Any]) -> tuple[tuple[Any, ...], tuple[str, ...]] | None:
    """The values the field offers and their labels: fixed, or read from its ``valuesKey`` variable."""
    if field.values_key is None:
        return (field.options, field.option_labels) if field.options is not None else None
    source = _lookup(context, field.values_key)
    if not isinstance(source, list):
        return None  # nothing to choose from: form-js shows an empty list, the required check decides
    values = tuple(v.get("value") if isinstance(v, Mapping) else v for v in source)
    labels = tuple(str(v.get("label") or "") if isinstance(v, Mapping) else str(v) for v in source)
    return values, labels


def _offers(field: Field, context: Mapping[str, Any]) -> Field:
    offered = _offered(field, context)
    if offered is None or field.values_key is None:
        return field
    return replace(field, options=offered[0], option_labels=offered[1])


def _check(field: Field, value: Any, context: Mapping[str, Any]) -> list[str]:
    rules = field.validate
    if _missing(field, value):
        return ["is required"] if field.required else []
    field = _offers(field, context)
    if field.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [f"must be a number, got {value!r}"]
        if "min" in rules and value < rules["min"]:
            return [f"must be at least {rules['min']}, got {value}"]
        if "max" in rules and value > rules["max"]:
            return [f"must be at most {rules['max']}, got {value}"]
    elif field.type == "checkbox":
        if not isinstance(value, bool):
            return [f"must be true or false, got {value!r}"]
    elif field.type == "dynamiclist":
        if not isinstance(value, list):
            return [f"must be a list, got {value!r}"]
        return _check_rows(field, value, context)
    elif field.type in _LISTS:
        if not isinstance(value, list):
            return [f"must be a list, got {value!r}"]
        if field.options is not None and (bad := [v for v in value if v not in field.options]):
            return [f"offers {field.offered()}; not {', '.join(map(str, bad))}"]
    else:
        if not isinstance(value, str):
            return [f"must be text, got {value!r}"]
        if "minLength" in rules and len(value.strip()) < rules["minLength"]:
            return [f"must be at least {rules['minLength']} characters long"]
        if "maxLength" in rules and len(value.strip()) > rules["maxLength"]:
            return [f"must be at most {rules['maxLength']} characters long"]
        pattern = rules.get("pattern")
        if pattern and not re.search(str(pattern), value):
            return [f"must match the pattern {pattern}"]
        if field.type == "datetime" and field.subtype == "date" and not _iso_date(value):
            return [f"must be a date YYYY-MM-DD, got {value!r}"]
        if field.options is not None and value not in field.options:
            return [f"must be one of {field.offered()}, got {value!r}"]
    return []


def _check_rows(field: Field, rows: list[Any], context: Mapping[str, Any]) -> list[str]:
    """Each row of a dynamic list checked against the list's own fields, named by its number."""
    from engine.feel.budget import BudgetExceeded  # FEEL loads only when a form is checked

    problems = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            problems.append(
                f"row {number} must be an object with {', '.join(f.key for f in field.row_fields)}"
            )
            continue
        row_context = _merged(context, row)  # a row's conditions see the row's fields and the task's data
        for child in field.row_fields:
            try:
                if _hidden(child, row_context):
                    continue
            except BudgetExceeded as exceeded:
                problems.append(f"row {number}: field {child.name()}: its hidden condition {exceeded}")
                continue
            problems += [
                f"row {number}: field {child.name()} {p}"
                for p in _check(child, row.get(child.key), row_context)
            ]
    return problems


def _lookup(values: Mapping[str, Any], dotted: str) -> Any:
    current: Any = values
    for part in dotted.split("."):
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


def _hidden(field: Field, context: Mapping[str, Any]) -> bool:
    # Tasklist neither shows nor validates a hidden field; its conditions are FEEL over the task's data
    from engine.feel import compile_expression

    return any(
        compile_expression(condition).evaluate(dict(context)).value is True for condition in field.hidden_when
    )


def _merged(existing: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(existing)
    for key, value in values.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def validate(schema: Mapping[str, Any], values: Mapping[str, Any], existing: Mapping[str, Any]) -> None:
    """Raise FormError naming every field whose value the form refuses.

    A required field may be left out of ``values`` when the task's variables (``existing``)
    already hold it, as Tasklist shows it prefilled.
    """
    from engine.feel.budget import BudgetExceeded

    problems = []
    known = {field.key for field in fields(schema)}
    context = _merged(existing, values)
    for field in fields(schema):
        try:
            hidden = _hidden(field, context)
        except BudgetExceeded as exceeded:  # a condition that runs away cannot decide either way
            problems.append(f"field {field.name()}: its hidden condition {exceeded}")
            continue
        if hidden:
            continue
        problems += [
            f"field {field.name()} {problem}"
            for problem in _check(field, _lookup(context, field.key), context)
        ]
    unknown = sorted(
        key for key in values if key not in known and not any(k.startswith(key + ".") for k in known)
    )
    problems += [f"field '{key}' is not on this form" for key in unknown]
    if problems:
        raise FormError(str(schema.get("id", "?")), problems)


def parse_assignments(schema: Mapping[str, Any], assignments: list[str]) -> dict[str, Any]:
    """``key=value`` pairs from the command line, each value typed by its form field."""
    by_key = {field.key: field for field in fields(schema)}
    values: dict[str, Any] = {}
    problems = []
    for assignment in assignments:
        key, sep, text = assignment.partition("=")
        if not sep:
            problems.append(f"'{assignment}' is not key=value")
            continue
        field = by_key.get(key)
        if field is None:
            problems.append(f"field '{key}' is not on this form")
            continue
        try:
            value = coerce(field, text)
        except ValueError as error:
            problems.append(f"field {field.name()}: {error}")
            continue
        target = values
        *parents, leaf = key.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    if problems:
        raise FormError(str(schema.get("id", "?")), problems)
    return values


def load_forms(folder: Path) -> dict[str, dict[str, Any]]:
    """Every .form under ``folder`` by its form id."""
    forms: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.rglob("*.form")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        forms[str(schema["id"])] = schema
    return forms
