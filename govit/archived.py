"""``govit archived PROJECT [--pdf FILE]``: the dossiers archived at acceptance, checked against the registry.

The registry's ``archived_dossiers`` says where each archive is kept and its SHA-256; the copy read
back from the store is written out only when its digest still matches, so an auditor holds what
was archived, not a file changed since.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console
from sqlalchemy import select

from govit.rest import _ClientCredentials
from govit.settings import ClusterSettings, SettingsError
from workers.documents.settings import DocumentSettings
from workers.dossier.archive_store import (
    ArchiveStore,
    StoredArchive,
    store_named,
)
from workers.dossier.settings import ArchiveSettings
from workers.registry.database import open_registry
from workers.registry.settings import RegistrySettings
from workers.registry.tables import ArchivedDossier

console = Console(stderr=True, soft_wrap=True, highlight=False)


def _store(name: str) -> ArchiveStore:
    """The store an archive row names; the engine's documents through the cluster's login."""

    def engine_client() -> httpx.Client:
        cluster = ClusterSettings.from_env()
        token = ArchiveSettings.from_env().rest_token
        auth = _ClientCredentials(cluster.oauth) if cluster.oauth else None
        headers = {"Authorization": f"Bearer {token}"} if token and auth is None else {}
        return httpx.Client(base_url=f"{cluster.rest_address}/v2", auth=auth, headers=headers, timeout=60)

    return store_named(name, DocumentSettings.from_env(), engine_client)


def archived(
    project_id: Annotated[str, typer.Argument(help="the registry's project id (projectId)")],
    pdf: Annotated[
        Path | None, typer.Option(help="write the newest archived PDF here, its SHA-256 checked")
    ] = None,
) -> None:
    """List a project's dossiers archived at acceptance (归档档案) and fetch the newest one."""
    try:
        sessions = open_registry(RegistrySettings.from_env().url)
        with sessions() as session:
            rows = list(
                session.scalars(
                    select(ArchivedDossier)
                    .where(ArchivedDossier.project_id == project_id)
                    .order_by(ArchivedDossier.generated_at, ArchivedDossier.id)
                )
            )
    except SettingsError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    if not rows:
        console.print(
            f"[red]登记库中没有项目 {project_id} 的归档档案：验收归档环节尚未执行，或项目编号有误[/red]"
        )
        raise typer.Exit(1)
    out = Console(soft_wrap=True, highlight=False)
    for row in rows:
        gaps = len([line for line in row.gaps.splitlines() if line])
        out.print(
            f"{row.generated_at.isoformat()}Z  流程实例 {row.process_instance_key}  {row.document_id}"
            f"（{row.store}）  SHA-256 {row.sha256}  {row.page_count} 页  未能确认事项 {gaps} 项"
        )
    if pdf is None:
        return
    newest = rows[-1]
    stored = StoredArchive(newest.store, newest.document_id, json.loads(newest.document_reference))
    try:
        content = _store(newest.store).get(stored)
    except (LookupError, OSError, RuntimeError, SettingsError) as error:
        console.print(f"[red]读不到归档档案 {newest.document_id}（{newest.store}）：{error}[/red]")
        raise typer.Exit(1) from None
    digest = hashlib.sha256(content).hexdigest()
    if digest != newest.sha256:
        console.print(
            f"[red]归档档案 {newest.document_id} 的 SHA-256 为 {digest}，"
            f"与登记库记录的 {newest.sha256} 不符：文件在归档后被改动过，未写出[/red]"
        )
        raise typer.Exit(1)
    pdf.write_bytes(content)
    console.print(f"PDF：{pdf}（SHA-256 {digest}，与登记库一致）")
