"""The per-authority overview: phases, deadlines per step and body, working days, SOFT overrides."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from workers.dossier.model import (
    DeadlineRecord,
    Dossier,
    ProcessInstanceView,
    ProjectSection,
    TaskRecord,
)
from workers.dossier.overview import overview_tables, to_csv, to_xlsx

AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def review_task(instance: str, group: str, created: str, completed: str | None, **fields: str) -> TaskRecord:
    return TaskRecord(
        key=f"9{instance}",
        name="审核",
        element_id="review",
        process_instance_key=instance,
        state="COMPLETED" if completed else "CREATED",
        candidate_groups=(group,),
        assignee="clerk",
        created=created,
        completed=completed,
        due=None,
        fields=tuple(sorted(fields.items())),
    )


def deadline(instance: str, step: str, force: str, status: str) -> DeadlineRecord:
    return DeadlineRecord(
        step=step,
        process_instance_key=instance,
        rule_id="HY-11-6" if force == "SOFT" else "LG-11-3",
        force=force,
        period="5WD",
        calendar="工作日",
        provisional=False,
        due="2026-10-13T17:30:00+08:00",
        completed=None,
        status=status,
        reminders_sent=1,
        escalations_sent=1 if status == "逾期" else 0,
    )


def dossier(project_id: str, state: str, tasks: list[TaskRecord], deadlines: list[DeadlineRecord]) -> Dossier:
    return Dossier(
        project=ProjectSection(
            project_id=project_id,
            name=f"项目{project_id}",
            unit=None,
            jurisdiction="LG",
            project_code=None,
            total_investment_yuan=None,
            facts=(),
        ),
        measure_in_force=None,
        instances=(
            ProcessInstanceView(
                key="1",
                process_id="lg-project-application",
                name="立项申请与审批",
                version=1,
                state=state,
                start=None,
                end=None,
                parent_key=None,
                has_incident=False,
            ),
        ),
        decisions=(),
        tasks=tuple(tasks),
        deadlines=tuple(deadlines),
        filings=(),
        documents=(),
        incidents=(),
        citations=(),
        ambiguities=(),
        gaps=(),
        generated_at=AT,
    )


DOSSIERS = [
    # 2026-09-30 → 2026-10-13 spans the National Day holiday: 5 working days (the 调休 Saturday counts)
    dossier(
        "A",
        "ACTIVE",
        [review_task("11", "lg-ita-reviewers", "2026-09-30T01:00:00Z", "2026-10-13T08:00:00Z")],
        [deadline("11", "可研审核", "HARD", "按期")],
    ),
    dossier(
        "B",
        "COMPLETED",
        [
            review_task(
                "21",
                "lg-ita-reviewers",
                "2026-09-30T01:00:00Z",
                "2026-10-15T08:00:00Z",
                reason="专家意见待补充，经分管领导同意延后",
            )
        ],
        [deadline("21", "可研审核", "SOFT", "逾期")],
    ),
    dossier(
        "C",
        "COMPLETED",
        [review_task("31", "lg-drc", "2026-10-12T01:00:00Z", None)],
        [deadline("31", "发改审批", "HARD", "进行中")],
    ),
]


def test_overview_counts_phases_deadlines_working_days_and_soft_overrides() -> None:
    phases, steps, averages, soft = overview_tables(DOSSIERS)
    assert dict(phases.rows) == {"立项申请与审批": "1", "已办结": "2"}
    assert steps.rows == (
        ("发改审批", "lg-drc", "0", "0", "1"),
        ("可研审核", "lg-ita-reviewers", "1", "1", "0"),
    )
    assert averages.rows == (("可研审核", "2", "6.0"),)  # 5 and 7 working days
    (row,) = soft.rows
    assert row[0] == "B" and row[3] == "HY-11-6" and "经分管领导同意延后" in row[6]


def test_csv_and_xlsx_carry_every_table() -> None:
    tables = overview_tables(DOSSIERS)
    rows = list(csv.reader(io.StringIO(to_csv(tables))))
    assert rows[0] == ["表", "所处流程", "项目数"]
    assert rows[-1][:5] == ["已超出的“原则上”时限及说明", "B", "项目B", "可研审核", "HY-11-6"]
    book = load_workbook(io.BytesIO(to_xlsx(tables, AT)))
    assert len(book.sheetnames) == 4
    sheet = book[book.sheetnames[2]]
    assert sheet["A1"].value == "各审核环节平均用时（工作日）"
    assert [c.value for c in sheet[3]] == ["可研审核", "2", "6.0"]
    assert book.properties.created == AT.replace(tzinfo=None)
