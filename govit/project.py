"""A project file (YAML or JSON) that starts a project's lifecycle, checked before anything is sent.

    jurisdiction: LG
    projectId: LG-2026-0001
    projectName: 龙岗区智慧城管平台
    unit: 龙岗区城市管理和综合执法局
    totalInvestmentYuan: 6000000
    applicationDate: 2026-03-02
    ... further facts of the jurisdiction's start form (booleans, numbers, lists) ...

The named fields are typed; further facts pass through as process variables.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

LIFECYCLES = {
    "LG": "lg-project-lifecycle",
    "HY": "hy-project-lifecycle",
    "YB": "yb-project-lifecycle",
}


class ProjectFileError(ValueError):
    """A project file that cannot start a project; the message names the file and each field."""


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")

    material: str = Field(min_length=1)
    documentId: str = Field(min_length=1)
    fileName: str = Field(min_length=1)


class Project(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    jurisdiction: Literal["LG", "HY", "LZ", "TH", "YB"]
    projectId: str | None = Field(default=None, min_length=1, max_length=64)
    projectName: str = Field(min_length=2)
    unit: str = Field(min_length=2)
    totalInvestmentYuan: int = Field(ge=0)
    applicationDate: dt.date | None = None
    documents: list[Document] = []
    process: str | None = Field(default=None, description="process id to start; default the lifecycle")

    def process_id(self) -> str:
        if self.process:
            return self.process
        if self.jurisdiction not in LIFECYCLES:
            raise ProjectFileError(f"field 'process': no lifecycle process for {self.jurisdiction}; name one")
        return LIFECYCLES[self.jurisdiction]

    def variables(self) -> dict[str, Any]:
        variables = self.model_dump(mode="json", exclude={"process"}, exclude_none=True)
        return variables


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
