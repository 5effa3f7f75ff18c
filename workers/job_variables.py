"""A job's variables read into its model; a missing or malformed one becomes an incident in words.

A job's variables come through input mappings from facts that a message or a form brought. When
one is missing, the operator who reads the incident and the unit who must supply the fact need
to learn which business fact it is and where a user records it (「合同签订日期 (contractSignedOn)
缺失：记录“合同已签订”时须填写」), not a parser's text about some mapped variable
("`startDate`: None is not an ISO 8601 date").

A model names its fields in Chinese with ``Field(title=...)`` and says what a field expects with
an ``Expects`` marker in the field's ``Annotated`` type; a job may name the business fact behind
one of its variables (``FactName``), which wins over the field's own title.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from workers.errors import PermanentJobError

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Expects:
    """What a field's value must be, in words: ``Annotated[date, ..., Expects("日期 YYYY-MM-DD")]``."""

    words: str


@dataclass(frozen=True)
class FactName:
    """The business fact a job variable holds, e.g. 合同签订日期 (contractSignedOn), and where a
    user records it, e.g. 记录“合同已签订”时须填写."""

    words: str
    recorded: str | None = None


_BY_TYPE: dict[type, str] = {
    date: "日期 YYYY-MM-DD",
    datetime: "日期时间（ISO 8601）",
    bool: "是或否（true/false）",
    int: "整数",
    float: "数值",
    Decimal: "数值",
    str: "文字",
    list: "列表",
    dict: "键值对象",
}


def read_job_variables(
    model: type[ModelT], variables: Mapping[str, Any], named: Mapping[str, FactName] | None = None
) -> ModelT:
    """``variables`` as ``model``; every variable it refuses is named in the incident's text."""
    try:
        return model.model_validate(dict(variables))
    except ValidationError as exc:
        raise PermanentJobError(worded(exc, model, named)) from exc


def worded(
    error: ValidationError,
    model: type[BaseModel] | None = None,
    named: Mapping[str, FactName] | None = None,
) -> str:
    """Every variable ``error`` refused, in words; without the model, by the variables' names."""
    problems = [problem(model, detail, named or {}) for detail in error.errors(include_url=False)]
    return "；".join(dict.fromkeys(problems))


def problem(model: type[BaseModel] | None, error: ErrorDetails, named: Mapping[str, FactName]) -> str:
    """One refused variable, in Chinese: what it is, what is wrong, and where it is recorded."""
    location = [str(part) for part in error["loc"]]
    if not location:  # a check across fields (a model validator) words its own message
        return str(error["msg"]).removeprefix("Value error, ")
    name = location[0]
    field = _field(model, name)
    fact = named.get(name)
    path = ".".join(location)
    if fact is not None:
        what = fact.words if len(location) == 1 else f"{fact.words} 的 {'.'.join(location[1:])}"
    elif field is not None and field.title:
        what = f"{field.title} ({path})"
    else:
        what = f"变量 {path}"
    if error["type"] == "missing" or error.get("input") is None:
        text = f"{what} 缺失"
    else:
        text = f"{what} 应为{_expected(field, error)}，收到 {_shown(error.get('input'))}"
    return f"{text}：{fact.recorded}" if fact is not None and fact.recorded else text


def _field(model: type[BaseModel] | None, name: str) -> FieldInfo | None:
    if model is None:
        return None
    for field_name, field in model.model_fields.items():
        if name in (field.alias, field_name):
            return field
    return None


def _expected(field: FieldInfo | None, error: ErrorDetails) -> str:
    context = error.get("ctx") or {}
    kind = error["type"]
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}
        bound = next(iter(context.values()), "")
        return f" {sign[kind]} {bound} 的数"  # 应为 ≥ 1 的数
    if kind == "string_too_short":
        return f"至少 {context.get('min_length')} 个字的文字"
    if kind == "string_too_long":
        return f"至多 {context.get('max_length')} 个字的文字"
    if kind == "too_short":
        return f"至少 {context.get('min_length')} 项的列表"
    if kind in ("enum", "literal_error"):
        return f"以下之一：{context.get('expected', '')}"
    if field is not None:
        for marker in field.metadata:
            if isinstance(marker, Expects):
                return marker.words
        annotation: Any = field.annotation
        candidates: tuple[Any, ...] = getattr(annotation, "__args__", None) or (annotation,)  # X | None
        for candidate in candidates:
            for marker in getattr(candidate, "__metadata__", ()):  # Annotated[X, Expects(...)]
                if isinstance(marker, Expects):
                    return marker.words
            origin: Any = getattr(candidate, "__origin__", candidate)
            words = _BY_TYPE.get(origin) if isinstance(origin, type) else None
            if words is not None:
                return words
    return "有效的值"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"
