"""At least three quotation lists when equipment is bought (LG-12-3: 不少于3家机构报价清单).

Suppliers are counted across all quotation documents of the application: from a supplier column
of a spreadsheet or Word table, or from "供应商：…" style lines of a quotation letter. The same
supplier twice counts once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workers.documents.checks.base import Issue, Submission, cites, normalize
from workers.documents.checks.tables import find_column
from workers.documents.models import RequiredMaterial

_SUPPLIER_HEADERS = (
    "供应商",
    "报价单位",
    "报价机构",
    "报价方",
    "报价公司",
    "公司名称",
    "单位名称",
    "厂商",
    "询价对象",
)
_SUPPLIER_LINE = re.compile(
    r"(?:供应商|报价单位|报价机构|报价方|报价公司|公司名称)(?:名称)?\s*[:：]\s*([^\s,，。；;]+)"
)
_NOT_A_SUPPLIER = re.compile(r"^(合计|小计|总计|序号|备注|\d+(\.\d+)?)$")


def _supplier_key(name: str) -> str:
    return normalize(name).casefold()


def suppliers_in(submission: Submission) -> set[str]:
    names: set[str] = set()
    column = find_column(submission.content.tables, _SUPPLIER_HEADERS)
    if column is not None:
        names.update(value for value in column.values() if value and not _NOT_A_SUPPLIER.match(value))
    names.update(match.group(1) for match in _SUPPLIER_LINE.finditer(submission.content.text))
    return {name for name in names if _supplier_key(name)}


@dataclass(frozen=True)
class QuotationCheck:
    rule_id: str = "LG-12-3"
    minimum: int = 3

    def applies_to(self, material: RequiredMaterial) -> bool:
        return material.material == "quotations" or cites(material, self.rule_id)

    def check(self, material: RequiredMaterial, submissions: Sequence[Submission]) -> list[Issue]:
        issues: list[Issue] = []
        suppliers: dict[str, str] = {}
        for submission in submissions:
            found = suppliers_in(submission)
            if not found:
                issues.append(
                    Issue(
                        self.rule_id,
                        "warning",
                        f"报价文件“{submission.document.file_name}”中未识别出报价机构名称，请人工核对",
                        submission.document,
                    )
                )
            for name in found:
                suppliers.setdefault(_supplier_key(name), name)
        if len(suppliers) < self.minimum:
            listed = "、".join(sorted(suppliers.values())) or "无"
            issues.append(
                Issue(
                    self.rule_id,
                    "error",
                    f"涉及设备采购须取得不少于{self.minimum}家机构的报价清单，仅识别出 {len(suppliers)} 家"
                    f"（{listed}）（{self.rule_id}）",
                )
            )
        return issues


LG_12_3 = QuotationCheck()
