"""The dossier's sections in reading order, shared by the HTML page and the PDF so both say the same.

Each section is a title, an optional note and tables of rows of text; the renderers only lay
them out. Numbers are Chinese (一、二、…), as an archive document numbers its parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workers.dossier.model import Dossier
from workers.dossier.numerals import to_chinese

NOT_RECORDED = "未记录"
QUOTE_PREFIX = "条文原文："
"""The line that quotes a published article starts so; the PDF sets it apart as a quotation."""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    """Relative column widths."""


@dataclass(frozen=True)
class Block:
    """A titled group inside a section: one decision, one citation."""

    title: str
    lines: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    note: str = ""
    tables: tuple[Table, ...] = ()
    blocks: tuple[Block, ...] = ()
    gaps: tuple[str, ...] = ()
    empty: str = "无"

    @property
    def is_empty(self) -> bool:
        return not self.tables and not self.blocks


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    cover: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    footer: str = ""


def _t(value: object) -> str:
    return NOT_RECORDED if value is None or value == "" else str(value)


def _instant(value: str | None) -> str:
    """ISO instants shown as ``2026-03-02 09:00:00Z`` (no milliseconds)."""
    if not value:
        return NOT_RECORDED
    text = value.replace("T", " ")
    if "." in text:
        head, _, tail = text.partition(".")
        zone = "".join(ch for ch in tail if not ch.isdigit())
        text = head + zone
    return text


def build_document(dossier: Dossier) -> Document:
    p = dossier.project
    cover = (
        ("项目名称", _t(p.name)),
        ("项目编号", p.project_id),
        ("建设单位", _t(p.unit)),
        ("管辖区", _t(p.jurisdiction)),
        ("总投资（元）", _t(p.total_investment_yuan)),
        ("适用办法", _t(dossier.measure_in_force.measure if dossier.measure_in_force else None)),
        ("生成时间", dossier.generated_at.isoformat()),
    )
    sections: list[Section] = []

    def add(key: str, title: str, **kwargs: object) -> None:
        number = to_chinese(len(sections) + 1)
        gap_section = kwargs.pop("gap_section", None)
        gaps = tuple(g.message for g in dossier.gaps_in(str(gap_section))) if gap_section else ()
        sections.append(Section(key=key, title=f"{number}、{title}", gaps=gaps, **kwargs))  # type: ignore[arg-type]

    add(
        "project",
        "项目基本信息",
        note="根流程实例的流程级变量：启动时提交的项目事实，以及此后写入的结果。",
        tables=(Table(("变量", "值"), tuple((n, v) for n, v in p.facts), (1, 3)),) if p.facts else (),
        gap_section="项目",
    )
    m = dossier.measure_in_force
    add(
        "measure",
        "申请日适用的办法",
        tables=(
            Table(
                ("项目", "内容"),
                (
                    ("适用办法", _t(m.measure)),
                    ("有效状态", _t(m.status)),
                    ("是否有效", NOT_RECORDED if m.in_force is None else ("有效" if m.in_force else "无效")),
                    ("施行日期", _t(m.valid_from)),
                    ("有效期至", _t(m.valid_until)),
                    ("申请日期", _t(m.application_date)),
                ),
                (1, 3),
            ),
        )
        if m
        else (),
        empty="引擎记录中没有办法有效期（ruleSetValidity）的结果",
    )
    add(
        "instances",
        "流程实例",
        tables=(
            Table(
                ("实例", "流程", "版本", "状态", "开始", "结束", "上级实例"),
                tuple(
                    (
                        i.key,
                        i.name,
                        _t(i.version),
                        i.state,
                        _instant(i.start),
                        _instant(i.end),
                        _t(i.parent_key),
                    )
                    for i in dossier.instances
                ),
                (2.2, 3, 0.8, 1.3, 2.3, 2.3, 2.2),
            ),
        )
        if dossier.instances
        else (),
    )
    add(
        "decisions",
        "决策记录",
        note="每次决策评估：输入、命中的规则行（含其注释中的规则编号与效力）及输出。",
        blocks=tuple(
            Block(
                title=f"{d.name}（{d.decision_id}，第 {_t(d.version)} 版）  {_instant(d.evaluated_at)}",
                lines=(f"状态：{d.state}" + (f"；失败原因：{d.failure}" if d.failure else ""),),
                tables=(
                    Table(("输入", "取值"), d.inputs or (("（无）", ""),), (2, 3)),
                    Table(
                        ("命中规则行", "规则编号", "效力", "注释", "输出"),
                        tuple(
                            (
                                r.row_id,
                                "、".join(r.rule_ids) or NOT_RECORDED,
                                _t(r.force),
                                _t(r.annotation)
                                + (
                                    "（解释口径：" + "、".join(r.ambiguity_ids) + "）"
                                    if r.ambiguity_ids
                                    else ""
                                ),
                                "；".join(f"{n} = {v}" for n, v in r.outputs),
                            )
                            for r in d.matched_rows
                        )
                        or (("（无命中行）", "", "", "", ""),),
                        (2.2, 1.3, 0.8, 4, 2.4),
                    ),
                ),
            )
            for d in dossier.decisions
        ),
        gap_section="决策",
    )
    add(
        "tasks",
        "用户任务",
        note="在 Camunda 8 中用户任务由其办理人完成；办理人未记录表示任务未经认领即被完成。",
        tables=(
            Table(
                ("任务", "候选组", "办理人", "创建", "完成", "到期", "表单意见与决定"),
                tuple(
                    (
                        t.name,
                        "、".join(t.candidate_groups) or NOT_RECORDED,
                        _t(t.assignee),
                        _instant(t.created),
                        _instant(t.completed)
                        if t.completed
                        else ("未完成" if t.state == "CREATED" else t.state),
                        _instant(t.due),
                        "；".join(f"{n}: {v}" for n, v in t.fields) or "（无）",
                    )
                    for t in dossier.tasks
                ),
                (1.6, 1.6, 1, 1.7, 1.7, 1.7, 3.5),
            ),
        )
        if dossier.tasks
        else (),
        gap_section="用户任务",
    )
    add(
        "deadlines",
        "办理时限",
        tables=(
            Table(
                ("环节", "规则", "效力", "期限", "日历", "到期日", "办结", "结果", "提醒/督办"),
                tuple(
                    (
                        d.step,
                        _t(d.rule_id),
                        _t(d.force),
                        _t(d.period),
                        d.calendar + ("（暂定）" if d.provisional else ""),
                        _t(d.due) + ("（暂定）" if d.provisional else ""),
                        _instant(d.completed) if d.completed else "未办结",
                        d.status,
                        f"{d.reminders_sent}/{d.escalations_sent}",
                    )
                    for d in dossier.deadlines
                ),
                (1.4, 1.1, 0.8, 0.8, 2.4, 1.9, 1.7, 1.1, 1),
            ),
        )
        if dossier.deadlines
        else (),
        gap_section="时限",
    )
    add(
        "filings",
        "备案",
        tables=(
            Table(
                ("备案事项", "受理机关", "规则", "应备案日", "备案日", "状态"),
                tuple(
                    (f.kind, f.authority, _t(f.rule_id), _t(f.due), _t(f.filed), f.status)
                    for f in dossier.filings
                ),
                (2, 1.3, 1.2, 1.4, 1.4, 1.2),
            ),
        )
        if dossier.filings
        else (),
        gap_section="备案",
    )
    add(
        "documents",
        "材料",
        tables=(
            Table(
                ("材料", "文件", "SHA-256", "检查发现"),
                tuple(
                    (d.material, _t(d.name), d.sha256 or d.source, "；".join(d.findings) or "无")
                    for d in dossier.documents
                ),
                (1.3, 2, 4.2, 2.5),
            ),
        )
        if dossier.documents
        else (),
        gap_section="材料",
    )
    add(
        "incidents",
        "异常及处理",
        tables=(
            Table(
                ("异常", "环节", "类型", "说明", "状态", "发生时间"),
                tuple(
                    (
                        i.key,
                        _t(i.element_id),
                        _t(i.error_type),
                        _t(i.message),
                        "未解决" if i.state == "ACTIVE" else ("已解决" if i.state == "RESOLVED" else i.state),
                        _instant(i.created),
                    )
                    for i in dossier.incidents
                ),
                (2, 1.5, 1.6, 3, 0.9, 1.9),
            ),
        )
        if dossier.incidents
        else (),
        gap_section="异常",
    )
    add(
        "articles",
        "引用条文",
        note="本档案所引每一规则编号对应的办法、章、条，项目对该规则的表述，以及条文原文（配置办法文本目录时）。",
        blocks=tuple(
            Block(
                title=f"{c.rule_id}  {_t(c.article)}  {_t(c.force)}",
                lines=(
                    f"办法：{_t(c.measure)}",
                    f"章：{_t(c.chapter)}",
                    *(f"本项目表述：{s}" for s in c.statements),
                    *((f"规则目录：{c.catalog_summary}",) if c.catalog_summary else ()),
                    *((f"{QUOTE_PREFIX}{c.article_text}",) if c.article_text else ()),
                    *(f"未能确认：{problem}" for problem in c.problems),
                ),
            )
            for c in dossier.citations
        )
        + tuple(
            Block(title=f"{a.id}（解释口径）", lines=(f"问题：{a.issue}", f"采用的解释：{a.reading}"))
            for a in dossier.ambiguities
        ),
        gap_section="条文",
    )
    add(
        "gaps",
        "未能确认的事项",
        note="以下内容未能从引擎记录或登记库中取得，档案中对应部分不完整。",
        tables=(Table(("部分", "说明"), tuple((g.section, g.message) for g in dossier.gaps), (1, 6)),)
        if dossier.gaps
        else (),
        empty="无：各部分均已取得记录。",
    )
    return Document(
        title="政务信息化项目档案",
        subtitle=_t(p.name),
        cover=cover,
        sections=tuple(sections),
        footer=f"项目编号 {p.project_id}",
    )
