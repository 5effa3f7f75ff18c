"""A job variable refused by its model is named in the incident as the business fact it holds."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import pytest
from pydantic import BaseModel, Field

from workers.errors import PermanentJobError
from workers.job_variables import Expects, FactName, read_job_variables


class Kind(StrEnum):
    CONTRACT = "CONTRACT"
    PROJECT = "PROJECT"


class Filing(BaseModel):
    project_id: str = Field(alias="projectId", title="项目编号")
    kind: Kind = Field(title="备案类别")
    filed_on: Annotated[date, Expects("日期 YYYY-MM-DD")] = Field(alias="filedOn", title="备案日期")
    due_on: date | None = Field(default=None, alias="dueOn", title="备案期限")
    note: str = Field(default="", min_length=2, title="说明")
    amount: int = Field(default=0, ge=0)


def refusal(variables: dict[str, object], named: dict[str, FactName] | None = None) -> str:
    with pytest.raises(PermanentJobError) as caught:
        read_job_variables(Filing, variables, named)
    return str(caught.value)


GOOD = {"projectId": "LG-1", "kind": "CONTRACT", "filedOn": "2026-03-02"}


@pytest.mark.parametrize(
    ("change", "worded"),
    [
        ({"filedOn": None}, "备案日期 (filedOn) 缺失"),
        ({"filedOn": "2026-02-30"}, "备案日期 (filedOn) 应为日期 YYYY-MM-DD，收到 '2026-02-30'"),
        ({"dueOn": "下周一"}, "备案期限 (dueOn) 应为日期 YYYY-MM-DD，收到 '下周一'"),
        ({"kind": "LEASE"}, "备案类别 (kind) 应为以下之一：'CONTRACT' or 'PROJECT'，收到 'LEASE'"),
        ({"note": "短"}, "说明 (note) 应为至少 2 个字的文字，收到 '短'"),
        ({"amount": -1}, "变量 amount 应为 ≥ 0 的数，收到 -1"),
    ],
)
def test_a_refused_variable_is_named_by_its_title_and_what_it_should_be(
    change: dict[str, object], worded: str
) -> None:
    assert refusal({**GOOD, **change}) == worded


def test_every_refused_variable_is_named_once() -> None:
    assert refusal({"kind": "CONTRACT"}) == "项目编号 (projectId) 缺失；备案日期 (filedOn) 缺失"


def test_a_job_may_name_the_business_fact_behind_a_variable_and_where_it_is_recorded() -> None:
    named = {"filedOn": FactName("合同备案日期 (contractFiledOn)", "在“合同备案”中填写")}
    worded = "合同备案日期 (contractFiledOn) 缺失：在“合同备案”中填写"
    assert refusal({**GOOD, "filedOn": None}, named) == worded


def test_variables_the_model_accepts_are_read() -> None:
    assert read_job_variables(Filing, GOOD).filed_on == date(2026, 3, 2)


def test_without_the_model_a_refused_variable_is_named_by_its_variable() -> None:
    from pydantic import ValidationError

    from workers.job_variables import worded

    with pytest.raises(ValidationError) as caught:
        Filing.model_validate({"projectId": "LG-1", "kind": "CONTRACT"})
    assert worded(caught.value) == "变量 filedOn 缺失"
