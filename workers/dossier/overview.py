"""The per-authority overview: the figures an IT authority reports upward, from its projects' dossiers.

Projects by the process they are in now; deadlines met and missed per step and per reviewing body;
average working days from a review task's creation to its completion; SOFT (原则上) deadlines that
were passed, with the justification the reviewer recorded. As tables for a page, CSV and XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from workers.deadlines.arithmetic import DayLookup, working_days_between
from workers.deadlines.holiday_calendar import WorkingDayCalendar
from workers.dossier.model import Dossier, TaskRecord

SHANGHAI = ZoneInfo("Asia/Shanghai")
_JUSTIFICATION_FIELDS = ("reason", "opinion", "overrideJustification", "justification")


@dataclass(frozen=True)
class OverviewTable:
    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _day(instant: str) -> dt.date:
    parsed = dt.datetime.fromisoformat(instant.replace("Z", "+00:00"))
    return (parsed.astimezone(SHANGHAI) if parsed.tzinfo else parsed).date()


def _phase(dossier: Dossier) -> str:
    active = [i for i in dossier.instances if i.state == "ACTIVE"]
    if active:
        return active[-1].name
    return "已办结" if dossier.instances else "仅登记"


def overview_tables(
    dossiers: Iterable[Dossier], calendar: WorkingDayCalendar | None = None
) -> list[OverviewTable]:
    dossiers = list(dossiers)
    lookup = DayLookup(calendar or WorkingDayCalendar.official(), allow_provisional=True)
    phases: dict[str, int] = defaultdict(int)
    by_step: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    durations: dict[str, list[int]] = defaultdict(list)
    soft_rows: list[tuple[str, ...]] = []
    for dossier in dossiers:
        phases[_phase(dossier)] += 1
        tasks = {t.process_instance_key: t for t in dossier.tasks if t.element_id == "review"}
        for deadline in dossier.deadlines:
            task: TaskRecord | None = tasks.get(deadline.process_instance_key)
            body = "、".join(task.candidate_groups) if task and task.candidate_groups else "未记录"
            counts = by_step[(deadline.step, body)]
            if deadline.status == "按期":
                counts[0] += 1
            elif deadline.status in ("逾期", "进行中（已逾期）"):
                counts[1] += 1
            else:
                counts[2] += 1
            if task and task.created and task.completed:
                durations[deadline.step].append(
                    working_days_between(lookup, _day(task.created), _day(task.completed))
                )
            if deadline.force == "SOFT" and deadline.status in ("逾期", "进行中（已逾期）"):
                fields = dict(task.fields) if task else {}
                said = [
                    f"{n}: {fields[n]}"
                    for n in _JUSTIFICATION_FIELDS
                    if fields.get(n) not in (None, "null", "")
                ]
                soft_rows.append(
                    (
                        dossier.project.project_id,
                        dossier.project.name or "未记录",
                        deadline.step,
                        deadline.rule_id or "未记录",
                        deadline.due or "未记录",
                        deadline.completed or "未办结",
                        "；".join(said) or "未记录说明",
                    )
                )
    averages = []
    for step, days in sorted(durations.items()):
        mean = (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        averages.append((step, str(len(days)), str(mean)))
    note = "（含暂定日历年度，按周末推算）" if lookup.provisional else ""
    return [
        OverviewTable(
            "按所处流程的项目数",
            ("所处流程", "项目数"),
            tuple((p, str(n)) for p, n in sorted(phases.items())),
        ),
        OverviewTable(
            "各环节、各审核机构的时限执行",
            ("环节", "审核机构（候选组）", "按期", "逾期", "进行中或未知"),
            tuple(
                (step, body, *(str(n) for n in counts)) for (step, body), counts in sorted(by_step.items())
            ),
        ),
        OverviewTable(
            "各审核环节平均用时（工作日）" + note,
            ("环节", "已办结任务数", "平均工作日"),
            tuple(averages),
        ),
        OverviewTable(
            "已超出的“原则上”时限及说明",
            ("项目编号", "项目名称", "环节", "规则", "到期日", "办结", "说明"),
            tuple(soft_rows),
        ),
    ]


def to_csv(tables: list[OverviewTable]) -> str:
    """One CSV: each row begins with the name of the table it belongs to."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for table in tables:
        writer.writerow(("表", *table.header))
        for row in table.rows:
            writer.writerow((table.name, *row))
    return out.getvalue()


def to_xlsx(tables: list[OverviewTable], generated_at: dt.datetime) -> bytes:
    """One sheet per table; the workbook carries the generation time as its creation time."""
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for index, table in enumerate(tables, start=1):
        sheet = book.create_sheet(title=f"{index}")
        sheet.append([table.name])
        sheet.append(list(table.header))
        for row in table.rows:
            sheet.append(list(row))
    stamp = generated_at.astimezone(dt.UTC).replace(tzinfo=None)
    book.properties.created = stamp
    book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
