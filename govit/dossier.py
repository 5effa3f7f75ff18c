"""``govit dossier PROJECT --pdf FILE --html FILE``: a project's dossier from the cluster and the registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console

from govit.rest import _ClientCredentials, bearer_headers
from govit.settings import ClusterSettings, SettingsError
from workers.dossier.assembly import UnknownProjectError
from workers.dossier.html import render_html
from workers.dossier.overview import overview_tables, to_csv, to_xlsx
from workers.dossier.pdf import FontMissingError, render_pdf
from workers.dossier.service import build_dossier, project_ids, sources_from_settings
from workers.dossier.source import SourceError

console = Console(stderr=True)


def _generation_time(at: str | None) -> dt.datetime | None:
    if at is None:
        return None
    try:
        generated_at = dt.datetime.fromisoformat(at)
    except ValueError:
        console.print(f"[red]--at {at!r} 不是 ISO 8601 时间（如 2026-07-01T09:00:00+08:00）[/red]")
        raise typer.Exit(2) from None
    if generated_at.tzinfo is None:
        console.print(f"[red]--at {at!r} 须带时区（如 +08:00）[/red]")
        raise typer.Exit(2)
    return generated_at


def dossier(
    project_id: Annotated[str, typer.Argument(help="the registry's project id (projectId)")],
    pdf: Annotated[Path | None, typer.Option(help="write the archive PDF here")] = None,
    html: Annotated[Path | None, typer.Option(help="write the HTML page here")] = None,
    at: Annotated[
        str | None, typer.Option(help="generation time recorded in the dossier (ISO 8601); default now")
    ] = None,
    models: Annotated[Path, typer.Option(help="folder holding the deployed decisions/ and bpmn/")] = Path(),
) -> None:
    """Assemble a project's dossier: decisions with their articles, tasks, deadlines, filings, documents."""
    if pdf is None and html is None:
        console.print("[red]请用 --pdf FILE 或 --html FILE 指定输出文件[/red]")
        raise typer.Exit(2)
    generated_at = _generation_time(at)
    try:
        settings = ClusterSettings.from_env()
    except SettingsError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    auth = _ClientCredentials(settings.oauth) if settings.oauth else None
    with httpx.Client(
        base_url=f"{settings.rest_address}/v2", auth=auth, headers=bearer_headers(settings), timeout=30
    ) as client:
        try:
            record = build_dossier(project_id, sources_from_settings(client, models), generated_at)
        except UnknownProjectError as error:
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from None
        except SourceError as error:
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from None
    try:
        if html is not None:
            html.write_text(render_html(record), encoding="utf-8")
            console.print(f"HTML：{html}")
        if pdf is not None:
            pdf.write_bytes(render_pdf(record))
            console.print(f"PDF：{pdf}")
    except FontMissingError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    for gap in record.gaps:
        console.print(f"[yellow]未能确认（{gap.section}）：{gap.message}[/yellow]")


def overview(
    jurisdiction: Annotated[str, typer.Argument(help="LG, HY, LZ, TH or YB")],
    csv_file: Annotated[Path | None, typer.Option("--csv", help="write the tables as CSV here")] = None,
    xlsx: Annotated[Path | None, typer.Option(help="write the tables as an XLSX workbook here")] = None,
    at: Annotated[str | None, typer.Option(help="generation time (ISO 8601); default now")] = None,
    models: Annotated[Path, typer.Option(help="folder holding the deployed decisions/ and bpmn/")] = Path(),
) -> None:
    """The authority's overview over all its registered projects: phases, deadlines, working days."""
    if csv_file is None and xlsx is None:
        console.print("[red]请用 --csv FILE 或 --xlsx FILE 指定输出文件[/red]")
        raise typer.Exit(2)
    generated_at = _generation_time(at) or dt.datetime.now(dt.UTC).replace(microsecond=0)
    settings = ClusterSettings.from_env()
    auth = _ClientCredentials(settings.oauth) if settings.oauth else None
    with httpx.Client(
        base_url=f"{settings.rest_address}/v2", auth=auth, headers=bearer_headers(settings), timeout=30
    ) as client:
        sources = sources_from_settings(client, models)
        ids = project_ids(sources, jurisdiction.upper())
        if not ids:
            console.print(f"[red]登记库中没有管辖区 {jurisdiction} 的项目[/red]")
            raise typer.Exit(1)
        try:
            dossiers = [build_dossier(project_id, sources, generated_at) for project_id in ids]
        except SourceError as error:
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from None
    tables = overview_tables(dossiers)
    if csv_file is not None:
        csv_file.write_text(to_csv(tables), encoding="utf-8")
        console.print(f"CSV：{csv_file}")
    if xlsx is not None:
        xlsx.write_bytes(to_xlsx(tables, generated_at))
        console.print(f"XLSX：{xlsx}")
