"""The data resource catalog (TH-15-1/TH-15-3: 编制数据资源目录，明确数据共享类型、要求和共享途径).

The catalog must be a table with a resource name, its sharing type, sharing requirement and
sharing channel, and at least one resource in it; without it a TH project cannot be approved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workers.documents.checks.base import Issue, Submission, cites, file_list, single_document
from workers.documents.checks.tables import header_columns
from workers.documents.models import RequiredMaterial

COLUMNS: dict[str, tuple[str, ...]] = {
    "资源名称": ("数据资源名称", "信息资源名称", "资源名称", "数据名称", "数据项名称"),
    "共享类型": ("共享类型", "共享属性"),
    "共享要求": ("共享要求", "共享条件"),
    "共享途径": ("共享途径", "共享方式", "共享渠道", "提供方式"),
}


@dataclass(frozen=True)
class CatalogCheck:
    rule_id: str = "TH-15-3"

    def applies_to(self, material: RequiredMaterial) -> bool:
        return material.material == "data_catalog" or cites(material, self.rule_id)

    def check(self, material: RequiredMaterial, submissions: Sequence[Submission]) -> list[Issue]:
        best: dict[str, int] = {}
        for submission in submissions:
            for table in submission.content.tables:
                for row_index in range(len(table)):
                    columns = header_columns(table, row_index, COLUMNS)
                    if len(columns) > len(best):
                        best = columns
                    if len(columns) == len(COLUMNS):
                        return self._rows_issues(material, submission, table[row_index + 1 :], columns)
        missing = "、".join(name for name in COLUMNS if name not in best)
        return [
            Issue(
                self.rule_id,
                "error",
                f"{material.label} {file_list(submissions)} 中未找到数据资源目录表（缺少列：{missing}）；"
                f"数据资源目录是项目审批的必备条件（{self.rule_id}）",
                single_document(submissions),
            )
        ]

    def _rows_issues(
        self,
        material: RequiredMaterial,
        submission: Submission,
        rows: Sequence[Sequence[str]],
        columns: dict[str, int],
    ) -> list[Issue]:
        def cell(row: Sequence[str], name: str) -> str:
            index = columns[name]
            return row[index].strip() if index < len(row) else ""

        entries = [row for row in rows if cell(row, "资源名称")]
        if not entries:
            return [
                Issue(
                    self.rule_id,
                    "error",
                    f"数据资源目录“{submission.document.file_name}”没有填写任何数据资源（{self.rule_id}）",
                    submission.document,
                )
            ]
        incomplete = [
            cell(row, "资源名称")
            for row in entries
            if not all(cell(row, name) for name in ("共享类型", "共享要求", "共享途径"))
        ]
        if not incomplete:
            return []
        return [
            Issue(
                self.rule_id,
                "error",
                f"数据资源目录“{submission.document.file_name}”中以下资源未写明共享类型、要求或途径："
                f"{'、'.join(incomplete)}（{self.rule_id}）",
                submission.document,
            )
        ]


TH_15_3 = CatalogCheck()
