"""Every filter and sort the history tables index, answered as SQL, gives exactly the page the
in-memory search gives over the same items (issue #18, 1): the same comparisons (keys as text,
numbers compared as their digits), absent values last (first when descending), ties in the
order the items were first written, the same totals and cursors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from engine.clock import ControlledClock
from engine.gateway.rest.decisions import INSTANCE_FILTERS as DECISION_INSTANCE_FILTERS
from engine.gateway.rest.element_instances import ELEMENT_INSTANCE_FILTERS
from engine.gateway.rest.history_search import candidates, sql_search
from engine.gateway.rest.incidents import INCIDENT_FILTERS
from engine.gateway.rest.jobs import JOB_FILTERS
from engine.gateway.rest.messages import CORRELATION_FILTERS, SUBSCRIPTION_FILTERS
from engine.gateway.rest.process_instance_filters import PROCESS_INSTANCE_FIELDS
from engine.gateway.rest.search import search
from engine.gateway.rest.user_tasks import USER_TASK_FILTERS
from engine.gateway.rest.variables import VARIABLE_FILTERS
from engine.history.projection import Projection
from engine.history.table import HistoryTable
from engine.runtime import Engine
from tests.engine.gateway import diagrams

ALIASES = {"candidateGroup": "candidateGroups", "candidateUser": "candidateUsers"}


@pytest.fixture(scope="module")
def history() -> Iterator[Projection]:
    engine = Engine.in_memory(clock=ControlledClock(start="2026-09-30T09:00:00+08:00"))
    engine.deploy([("review.bpmn", diagrams.user_task())])
    engine.deploy([("checks.bpmn", diagrams.one_task("checks", "check"))])
    engine.deploy([("checks.bpmn", diagrams.one_task("checks", "check").replace(b'"end"', b'"done"'))])
    for index in range(9):
        engine.create_instance("review", {"amount": index * 1_000_000, "unit": f"区{index % 3}"})
        engine.create_instance("checks", {"amount": index}, tags=["urgent"] if index % 2 else [])
        engine.clock.advance("PT7M")  # type: ignore[attr-defined]
    for index, task in enumerate(engine.user_tasks()):
        if index % 3 == 0:
            engine.assign_user_task(task.key, "alice" if index % 2 else "bob")
        if index % 4 == 1:
            changes = {"priority": 5 + 20 * index, "dueDate": f"2026-10-{10 + index}"}
            engine.update_user_task(task.key, changes)
        if index % 5 == 2:
            engine.complete_user_task(task.key)
    for index, job in enumerate(engine.activate_jobs("check", "w", max_jobs=20)):
        if index % 3 == 0:
            engine.fail_job(job.key, retries=0, error_message=f"材料缺失 {index}")
        elif index % 3 == 1:
            engine.complete_job(job.key)
    engine.deploy([("payment.bpmn", diagrams.message_catch())])
    for index in range(6):
        engine.create_instance("awaits_payment", {"orderId": f"o{index}"})
        if index % 2:
            engine.publish_message("payment-received", f"o{index}")
    engine.deploy([("routing.dmn", diagrams.ROUTING_DMN)])
    for amount in (100, 6_000_000, 200, 7_000_000):
        engine.evaluate_decision(decision_id="route", variables={"amount": amount})
    engine.cancel_instance(engine.user_tasks()[-1].process_instance_key)
    engine.resolve_incident(engine.incidents()[0].key)
    yield engine.history.projection
    engine.close()


KINDS = {
    "process_instances": PROCESS_INSTANCE_FIELDS,
    "user_tasks": USER_TASK_FILTERS,
    "incidents": INCIDENT_FILTERS,
    "element_instances": ELEMENT_INSTANCE_FILTERS,
    "variables": VARIABLE_FILTERS,
    "jobs": JOB_FILTERS,
    "message_subscriptions": SUBSCRIPTION_FILTERS,
    "correlations": CORRELATION_FILTERS,
    "decision_instances": DECISION_INSTANCE_FILTERS,
}


def _bodies(table: HistoryTable, filterable: frozenset[str]) -> Iterator[dict[str, Any]]:
    """Requests on each indexed field, with values taken from the items themselves."""
    items = list(table.values())
    fields = sorted(f for f in filterable if ALIASES.get(f, f) in table.by_field)
    second = next(f for f in fields if f not in ALIASES and table.by_field[f].kind != "list")
    for field in sorted(fields):
        values = [item.get(ALIASES.get(field, field)) for item in items]
        present = [v for v in values if v is not None and not isinstance(v, list)]
        is_list = table.by_field[ALIASES.get(field, field)].kind == "list"
        listed = [x for v in values if isinstance(v, list) for x in v] or ["nobody"]
        kind = table.by_field[ALIASES.get(field, field)].kind
        pool = listed if is_list else present or [True if kind == "bool" else "nothing"]
        sample, other = pool[len(pool) // 2], pool[0]
        yield {"filter": {field: sample}}
        yield {"filter": {field: {"$exists": True}}}
        yield {"filter": {field: {"$exists": False}}}
        if not is_list:
            yield {"filter": {field: {"$neq": sample}}}
            yield {"filter": {field: {"$in": [sample, other]}}}
            yield {"filter": {field: {"$notIn": [sample]}}}
            if not isinstance(sample, bool):
                yield {"filter": {field: {"$gte": sample}}}
                yield {"filter": {field: {"$lt": str(sample)}}}
                yield {"filter": {field: {"$gt": other, "$lte": sample}}}
            if isinstance(sample, str):
                yield {"filter": {field: {"$like": sample[: max(1, len(sample) // 2)] + "*"}}}
                yield {"filter": {field: {"$like": "?" + sample[1:]}}}
            yield {"filter": {"$or": [{field: sample}, {field: other}]}}
        if not is_list and ALIASES.get(field, field) == field:
            for order in ("ASC", "DESC"):
                yield {"sort": [{"field": field, "order": order}], "page": {"from": 2, "limit": 5}}
                yield {"sort": [{"field": field, "order": order}, {"field": second}]}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_indexed_filter_and_sort_gives_the_in_memory_searchs_page(
    history: Projection, kind: str
) -> None:
    table: HistoryTable = getattr(history, kind)
    filterable = KINDS[kind]
    bodies = list(_bodies(table, filterable))
    assert len(bodies) > 40
    for body in bodies:
        found = sql_search(table, body, filterable=filterable, aliases=ALIASES)
        assert found is not None, body
        expected = search(list(table.values()), body, filterable=filterable, aliases=ALIASES)
        assert found == expected, body


def test_a_request_sql_would_compare_otherwise_is_left_to_the_items(history: Projection) -> None:
    table = history.process_instances
    for body in (
        {"filter": {"processDefinitionVersion": {"$gt": True}}},
        {"filter": {"state": {"$like": "[AC]*"}}},
        {"filter": {"state": {"$in": "ACTIVE"}}},
        {"filter": {"state": {"$unknown": 1}}},
        {"filter": {"hasIncident": 1}},
        {"sort": [{"field": "tags"}]},
        {"sort": [{"field": "noSuchField"}]},
    ):
        assert sql_search(table, body, filterable=PROCESS_INSTANCE_FIELDS) is None, body


def test_paging_past_the_end_and_cursors_match(history: Projection) -> None:
    table = history.element_instances
    first = sql_search(table, {"page": {"limit": 4}}, filterable=ELEMENT_INSTANCE_FILTERS)
    assert first is not None
    after = {"page": {"limit": 4, "after": first["page"]["endCursor"]}}
    before = {"page": {"limit": 3, "before": first["page"]["endCursor"]}}
    for body in (after, {"page": {"from": 10_000}}, before):
        found = sql_search(table, body, filterable=ELEMENT_INSTANCE_FILTERS)
        assert found == search(list(table.values()), body, filterable=ELEMENT_INSTANCE_FILTERS), body


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_indexed_column_is_searched_through_its_index(history: Projection, kind: str) -> None:
    table: HistoryTable = getattr(history, kind)
    for column in table.columns:
        if not column.indexed:
            continue
        plan = " ".join(
            str(row[-1])
            for row in table.db.execute(
                f"EXPLAIN QUERY PLAN SELECT doc FROM {table.name} WHERE {column.column} = ? "
                f"ORDER BY ({column.column} IS NULL), {column.column}, seq",
                ("x",),
            )
        )
        assert f"INDEX {table.name}_{column.column}" in plan, (column, plan)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_candidates_of_a_search_left_to_the_items_give_the_same_page(
    history: Projection, kind: str
) -> None:
    """A caller who sees only some items is searched over the items: narrowed first by SQL to
    those the top-level conditions allow, which changes no page."""
    table: HistoryTable = getattr(history, kind)
    filterable = KINDS[kind]
    everything = list(table.values())
    narrowed = 0
    for body in _bodies(table, filterable):
        conditions = body.get("filter", {})
        alternatives = [{name: value} for name, value in conditions.items() if name != "$or"] or [{}]
        or_variant = {**body, "filter": {**conditions, "$or": alternatives}}
        for variant in (body, or_variant) if "$or" not in conditions else (body,):
            found = candidates(table, variant, aliases=ALIASES)
            narrowed += len(found) < len(everything)
            expected = search(everything, variant, filterable=filterable, aliases=ALIASES)
            assert search(found, variant, filterable=filterable, aliases=ALIASES) == expected, variant
    assert narrowed > 10


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_search_sorted_by_a_date_reads_its_page_in_index_order(history: Projection, kind: str) -> None:
    table: HistoryTable = getattr(history, kind)
    for column in (c for c in table.columns if c.sorted_by):
        for order in ("ASC", "DESC"):
            sql = {"ASC": f"({column.column} IS NULL), {column.column}", "DESC": ""}[order] or (
                f"({column.column} IS NULL) DESC, {column.column} DESC"
            )
            plan = " | ".join(
                str(row[-1])
                for row in table.db.execute(
                    f"EXPLAIN QUERY PLAN SELECT doc FROM {table.name} ORDER BY {sql}, seq LIMIT 10"
                )
            )
            assert f"INDEX {table.name}_{column.column}_order" in plan, (column, plan)
            assert "TEMP B-TREE FOR ORDER BY" not in plan, (column, plan)  # at most the ties sorted
