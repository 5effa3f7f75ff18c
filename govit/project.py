"""A project file (YAML or JSON) that starts a project's lifecycle, checked before anything is sent.

    jurisdiction: LG
    projectId: LG-2026-0001
    projectName: 龙岗区智慧城管平台
    unit: 龙岗区城市管理和综合执法局
    totalInvestmentYuan: 6000000
    applicationDate: 2026-03-02
    ... further facts of the jurisdiction's start form (booleans, numbers, lists) ...

The named fields are typed; further facts (the answers of the jurisdiction's application form)
pass through as process variables. Every region has a sample under ``deploy/samples/``.

Variables a lifecycle reads from its start, beyond the application form:

- ``applicationRef`` (HY, YB): the reference the unit quotes to withdraw the application (message
  ``application-withdrawn`` is correlated on it); left out, one is made from the jurisdiction, the
  application date and a random part, and ``govit start`` prints it.
- ``documents``: the documents already submitted, ``{material, documentId, fileName}``.
- ``expertPool`` (LG): the experts offered when the ITA picks a panel, ``{label, value}``.
- ``experts`` (LG, TH): the expert panel's user ids, when already known.
- ``jointReviewers`` (TH): the candidate groups of the departments' joint review (TH-11-5, A-TH-7).
- ``allowProvisionalCalendar``: accept a due date in a year the official holiday calendar does not
  publish yet (the workers then mark the date provisional).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

LIFECYCLES = {
    "LG": "lg-project-lifecycle",
    "HY": "hy-project-lifecycle",
    "LZ": "lz-project-lifecycle",
    "TH": "th-project-lifecycle",
    "YB": "yb-project-lifecycle",
}
WITHDRAWABLE = frozenset({"HY", "YB"})
"""Jurisdictions whose lifecycle waits for ``application-withdrawn`` on ``applicationRef``."""


class ProjectFileError(ValueError):
    """A project file that cannot start a project; the message names the file and each field."""


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")

    material: str = Field(min_length=1)
    documentId: str = Field(min_length=1)
    fileName: str = Field(min_length=1)


class ExpertOption(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1)
    value: str = Field(min_length=1)


class Project(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    jurisdiction: Literal["LG", "HY", "LZ", "TH", "YB"]
    projectId: str | None = Field(default=None, min_length=1, max_length=64)
    projectName: str = Field(min_length=2)
    unit: str = Field(min_length=2)
    totalInvestmentYuan: int = Field(ge=0)
    applicationDate: dt.date | None = None
    documents: list[Document] = []
    applicationRef: str | None = Field(default=None, min_length=1, max_length=64)
    expertPool: list[ExpertOption] | None = None
    experts: list[str] | None = None
    jointReviewers: list[str] | None = None
    allowProvisionalCalendar: bool | None = None
    process: str | None = Field(default=None, description="process id to start; default the lifecycle")

    def process_id(self) -> str:
        return self.process or LIFECYCLES[self.jurisdiction]

    def application_ref(self) -> str | None:
        """The withdrawal reference the lifecycle correlates on, made up once when the file has none."""
        if self.jurisdiction not in WITHDRAWABLE:
            return self.applicationRef
        if self.applicationRef is None:
            day = self.applicationDate or dt.date.today()
            self.applicationRef = f"{self.jurisdiction}-{day:%Y%m%d}-{secrets.token_hex(3).upper()}"
        return self.applicationRef

    def variables(self) -> dict[str, Any]:
        self.application_ref()
        return self.model_dump(mode="json", exclude={"process"}, exclude_none=True)


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"field '{'.'.join(str(part) for part in e['loc']) or '(file)'}': {e['msg']}" for e in error.errors()
    )


def load_project(path: Path) -> Project:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProjectFileError(f"{path}: {error.strerror}") from error
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise ProjectFileError(f"{path}: not well-formed: {error}") from error
    if not isinstance(data, dict):
        raise ProjectFileError(f"{path}: expected a mapping of fields, got {type(data).__name__}")
    try:
        return Project.model_validate(data)
    except ValidationError as error:
        raise ProjectFileError(f"{path}: {_describe(error)}") from error
