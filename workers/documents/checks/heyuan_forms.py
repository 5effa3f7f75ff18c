"""The Heyuan forms filled in: 附表1 and 附表2 of an application (HY-11-5; RULES.md §4.1, §4.2),
附表3 of a change (HY-21-1; RULES.md §4.3).

Fields are found in the form's table by their printed label and read from the cell beside it.
Seals and signatures cannot be judged from text and are left to the clerk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workers.documents.checks.base import Issue, Submission
from workers.documents.checks.tables import field_values, header_columns
from workers.documents.models import RequiredMaterial
from workers.documents.reading import Table

_TEMPLATE_RESIDUE = re.compile(r"[\s年月日万元□☐:：]")
_TICKED = re.compile(r"[☑☒■√✓✔●]")
_EXAMPLE = re.compile(r"[（(]例[）)]|^[.…。]+$|数据名称\s*N", re.IGNORECASE)
_NOT_SHARED = re.compile(r"不予共享|不共享")

FORM_1_FIELDS = (
    "申请单位",
    "项目使用单位",
    "项目名称",
    "项目拟建设地点",
    "建设性质",
    "计划动工时间",
    "计划竣工时间",
    "项目总投资",
    "建设内容",
    "预期经济和社会效益",
    "联系人",
    "办公电话",
    "手机号码",
    "联系地址",
    "邮编",
)
FORM_2_FIELDS = (
    "项目名称",
    "联系人",
    "电话",
    "邮箱",
    "项目简介",
    "系统硬件",
    "系统软件",
    "应用软件开发",
    "立项时间",
    "预计验收时间",
)
FORM_3_FIELDS = ("项目名称", "承建单位", "变更依据", "变更内容", "建设单位意见")
_OTHER_LABELS = frozenset(
    {
        "资金安排计划",
        "资金来源",
        "申请单位意见及盖章",
        "行业主管部门意见及盖章",
        "主要领导签字",
        "项目总投资",
        "本项目数据内容",
        "系统功能",
        "产生数据名称",
        "共享周期",
        "提供方式",
        "分项目名称",
        "项目负责人",
        "日期",
        "监理单位意见",
    }
)
_DATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "产生数据名称": ("产生数据名称",),
    "共享周期": ("共享周期",),
    "提供方式": ("提供方式",),
}


def _filled(field: str, value: str) -> bool:
    if field == "建设性质":
        return bool(_TICKED.search(value)) or ("□" not in value and "☐" not in value and bool(value.strip()))
    return bool(_TEMPLATE_RESIDUE.sub("", value))


@dataclass(frozen=True)
class HeyuanFormCheck:
    material_key: str
    title: str
    fields: tuple[str, ...]
    rule_id: str = "HY-11-5"
    with_data_rows: bool = False

    def applies_to(self, material: RequiredMaterial) -> bool:
        return material.material == self.material_key

    def check(self, material: RequiredMaterial, submissions: Sequence[Submission]) -> list[Issue]:
        issues: list[Issue] = []
        for submission in submissions:
            issues.extend(self._check_one(submission))
        return issues

    def _check_one(self, submission: Submission) -> list[Issue]:
        document = submission.document
        tables = submission.content.tables
        if not tables:
            return [
                Issue(
                    self.rule_id,
                    "warning",
                    f"{self.title}“{document.file_name}”不是表格文件（.docx/.xlsx），无法逐栏核对，请人工核对",
                    document,
                )
            ]
        labels = frozenset(self.fields) | _OTHER_LABELS
        absent: list[str] = []
        empty: list[str] = []
        for field in self.fields:
            values = field_values(tables, field, labels)
            if values is None:
                absent.append(field)
            elif not any(_filled(field, value) for value in values):
                empty.append(field)
        issues: list[Issue] = []
        if absent:
            issues.append(
                Issue(
                    self.rule_id,
                    "error",
                    f"{self.title}“{document.file_name}”缺少栏目：{'、'.join(absent)}；请使用规定的表样",
                    document,
                )
            )
        if empty:
            issues.append(
                Issue(
                    self.rule_id,
                    "error",
                    f"{self.title}“{document.file_name}”未填写：{'、'.join(empty)}",
                    document,
                )
            )
        if self.with_data_rows:
            issues.extend(self._data_rows(submission, tables))
        return issues

    def _data_rows(self, submission: Submission, tables: Sequence[Table]) -> list[Issue]:
        document = submission.document
        for table in tables:
            for row_index in range(len(table)):
                columns = header_columns(table, row_index, _DATA_COLUMNS)
                if len(columns) < len(_DATA_COLUMNS):
                    continue
                rows = [
                    {name: row[index].strip() if index < len(row) else "" for name, index in columns.items()}
                    for row in table[row_index + 1 :]
                ]
                entries = [
                    row for row in rows if row["产生数据名称"] and not _EXAMPLE.search(row["产生数据名称"])
                ]
                issues: list[Issue] = []
                if not entries:
                    issues.append(
                        Issue(
                            self.rule_id,
                            "error",
                            f"{self.title}“{document.file_name}”未填写本项目数据内容",
                            document,
                        )
                    )
                unfinished = [
                    row["产生数据名称"] for row in entries if not (row["共享周期"] and row["提供方式"])
                ]
                if unfinished:
                    issues.append(
                        Issue(
                            self.rule_id,
                            "error",
                            f"{self.title}“{document.file_name}”以下数据未填写共享周期或提供方式："
                            f"{'、'.join(unfinished)}",
                            document,
                        )
                    )
                not_shared = [
                    row["产生数据名称"]
                    for row in entries
                    if _NOT_SHARED.search(row["共享周期"] + row["提供方式"])
                ]
                if not_shared:
                    issues.append(
                        Issue(
                            self.rule_id,
                            "warning",
                            f"{self.title}“{document.file_name}”声明不予共享的数据（{'、'.join(not_shared)}）"
                            "须提供法律、行政法规或党中央、国务院政策依据",
                            document,
                        )
                    )
                return issues
        return [
            Issue(
                self.rule_id,
                "error",
                f"{self.title}“{document.file_name}”缺少“本项目数据内容”表（系统功能、产生数据名称、共享周期、提供方式）",
                document,
            )
        ]


HY_FORM_1 = HeyuanFormCheck("application_form_hy", "项目立项申请表（附表1）", FORM_1_FIELDS)
HY_FORM_2 = HeyuanFormCheck(
    "data_checklist_hy", "项目数据资源管理核查表（附表2）", FORM_2_FIELDS, with_data_rows=True
)
HY_FORM_3 = HeyuanFormCheck("change_form_hy", "项目变更单（附表3）", FORM_3_FIELDS, rule_id="HY-21-1")
