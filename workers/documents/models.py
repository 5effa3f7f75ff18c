"""Job variables of the documents domain, named as the processes name them (camelCase)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from workers.job_variables import Expects

_RULE_ID_SEPARATORS = re.compile(r"[\s,;，；]+")


def _rule_ids(value: Any) -> Any:
    """DMN gives ``"LG-12-2, LG-12-3"`` or a list; both become a tuple of ids."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part for part in _RULE_ID_SEPARATORS.split(value) if part)
    return value


RuleIds = Annotated[tuple[str, ...], BeforeValidator(_rule_ids)]
Severity = Literal["error", "warning", "info"]


class _Variables(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True, extra="ignore")


class RequiredMaterial(_Variables):
    """One row of the DMN result: a material key of RULES.md §1.2 and the rules requiring it."""

    material: str = Field(min_length=1)
    name: str = ""
    mandatory: bool = True
    rule_ids: RuleIds = ()

    @property
    def label(self) -> str:
        return f"{self.name}（{self.material}）" if self.name else self.material


class SubmittedDocument(_Variables):
    material: str = Field(min_length=1)
    document_id: str = Field(min_length=1)
    file_name: str = Field(min_length=1)


class DocumentCheckInput(_Variables):
    required_materials: list[RequiredMaterial] = Field(title="应交材料清单")
    documents: Annotated[
        list[SubmittedDocument],
        BeforeValidator(lambda value: [] if value is None else value),
        Expects("材料列表 [{material, documentId, fileName}]"),
    ] = Field(default_factory=list, title="提交的材料")


class Finding(_Variables):
    material: str
    rule_ids: str
    severity: Severity
    message: str
    document_id: str | None = None
    file_name: str | None = None


class MissingMaterial(_Variables):
    material: str
    name: str
    rule_ids: str


class DocumentCheck(_Variables):
    """The report the clerk's review form shows; ``complete`` is false on any error finding."""

    complete: bool
    content_checked: bool
    missing: list[MissingMaterial]
    findings: list[Finding]
