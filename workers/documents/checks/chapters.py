"""Required chapters and required contents of a report (LG-10-6, LG-11-1, LG-12-2, TH-15-1, YB-6-2).

A chapter is required as a heading: the rules name chapters (章节, 篇（章）), and a heading is
unambiguous, so a missing one is an error. Required contents are phrased many ways, so a missing
phrase is a warning the clerk weighs, not a blocking error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workers.documents.checks.base import Issue, Submission, cites, file_list, single_document
from workers.documents.models import RequiredMaterial, Severity


@dataclass(frozen=True)
class Mention:
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ChapterCheck:
    rule_id: str
    chapters: tuple[str, ...]
    mentions: tuple[Mention, ...] = ()
    materials: tuple[str, ...] = ()
    chapter_severity: Severity = "error"

    def applies_to(self, material: RequiredMaterial) -> bool:
        return material.material in self.materials or cites(material, self.rule_id)

    def check(self, material: RequiredMaterial, submissions: Sequence[Submission]) -> list[Issue]:
        headings = ["".join(heading.split()) for s in submissions for heading in s.content.headings]
        # Extracted PDF text often spaces CJK characters apart; phrases are matched without spaces.
        text = "".join("".join(s.content.text.split()) for s in submissions)
        document = single_document(submissions)
        issues = [
            Issue(
                self.rule_id,
                self.chapter_severity,
                f"{material.label} {file_list(submissions)} 缺少“{chapter}”章节（{self.rule_id}）",
                document,
            )
            for chapter in self.chapters
            if not any(chapter in heading for heading in headings)
        ]
        issues.extend(
            Issue(
                self.rule_id,
                "warning",
                f"{material.label} {file_list(submissions)} 未见“{mention.label}”的内容，"
                f"请核对（{self.rule_id}）",
                document,
            )
            for mention in self.mentions
            if not mention.pattern.search(text)
        )
        return issues


def _mention(label: str, pattern: str) -> Mention:
    return Mention(label, re.compile(pattern))


# 立项申请报告 / 项目建议书 must explain twelve matters (LG-10-6); no chapter names are prescribed.
LG_10_6 = ChapterCheck(
    "LG-10-6",
    chapters=(),
    mentions=(
        _mention("信息化现状和存在的问题", r"信息化现状|现状(和|及|与)?存在的?问题"),
        _mention("项目建设的必要性和依据", r"必要性"),
        _mention("经济效益和社会效益", r"经济效益|社会效益"),
        _mention("建设目标", r"建设目标"),
        _mention("主要建设内容", r"建设内容"),
        _mention("政务信息系统整合共享计划", r"整合共享"),
        _mention("拟建地点", r"建设地点|拟建地点"),
        _mention("拟建规模", r"建设规模|拟建规模"),
        _mention("建设时序", r"建设时序|建设周期|进度安排"),
        _mention("投资匡算", r"投资匡算|投资估算"),
        _mention("资金使用", r"资金使用|资金来源"),
        _mention("运营（运维）方案", r"运营|运维"),
    ),
)

LG_11_1 = ChapterCheck("LG-11-1", chapters=("信息资源共享分析", "信息安全"))

LG_12_2 = ChapterCheck(
    "LG-12-2",
    chapters=("信息资源共享分析", "信息安全"),
    mentions=(
        _mention("项目验收的方式和内容", r"验收的?(方式|内容|标准)"),
        _mention("技术人员构成", r"技术人员|人员构成|人员配置"),
        _mention("工作时间", r"工作时间|工时|人月|人天|人日|工期"),
        _mention("详细实施计划", r"实施计划|进度计划|实施进度"),
    ),
)

TH_15_1 = ChapterCheck(
    "TH-15-1",
    chapters=("数据资源共享分析",),
    mentions=(
        _mention("数据资源目录", r"数据资源目录"),
        _mention("数据共享类型", r"共享类型|共享属性"),
        _mention("共享要求", r"共享(要求|条件)"),
        _mention("共享途径", r"共享(途径|方式|渠道)"),
        _mention("数据共享长效机制", r"长效机制"),
        _mention("共享数据使用情况反馈机制", r"反馈机制"),
    ),
)

# YB 附件2 is an outline "可根据项目的具体情况做适当调整", so a missing chapter is for the reviewer
# to weigh (YB-6-2(1)); the crypto plan belongs in 3.7 安全需求分析 (YB-6-2(4)).
YB_6_2 = ChapterCheck(
    "YB-6-2",
    chapters=(
        "项目概述",
        "单位现状",
        "需求分析",
        "建设方案",
        "项目实施进度和组织安排",
        "项目风险及控制措施",
        "总投资详细估算和资金来源",
        "经济和社会效益",
    ),
    mentions=(_mention("商用密码应用建设方案", r"商用密码|密码应用"),),
    materials=("yb_demand_spec",),
    chapter_severity="warning",
)
