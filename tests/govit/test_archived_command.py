"""``govit archived``: the registry's archived dossiers of a project, and the newest one written out
only while its SHA-256 still matches what the archive recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govit import cli
from workers.registry.database import open_registry
from workers.registry.tables import ArchivedDossier

PDF = b"%PDF-1.4 archived dossier of LG-2026-001"


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A registry with two archives of one project (a first acceptance failed, the second passed)."""
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    documents = tmp_path / "documents"
    documents.mkdir()
    monkeypatch.setenv("GOVIT_REGISTRY_URL", url)
    monkeypatch.setenv("GOVIT_DOCUMENT_DIR", str(documents))
    sessions = open_registry(url)
    with sessions.begin() as session:
        for number, content in ((1, b"%PDF-1.4 first"), (2, PDF)):
            document_id = f"dossier-LG-2026-001-{number}.pdf"
            (documents / document_id).write_bytes(content)
            digest = hashlib.sha256(content).hexdigest()
            session.add(
                ArchivedDossier(
                    project_id="LG-2026-001",
                    jurisdiction="LG",
                    process_instance_key=100 + number,
                    source_key=number,
                    store="govit-local",
                    document_id=document_id,
                    document_reference=json.dumps({"documentId": document_id, "contentHash": digest}),
                    sha256=digest,
                    size_bytes=len(content),
                    page_count=5,
                    generated_at=dt.datetime(2026, 9, number, 1, 0),
                    gaps="异常：流程实例 7 在环节 send_reminder 有未解决的异常" if number == 2 else "",
                )
            )
    return documents


def test_the_archives_are_listed_and_the_newest_is_written_with_its_digest_checked(
    archive: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli.app, ["archived", "LG-2026-001", "--pdf", str(target)])
    assert result.exit_code == 0, result.output
    assert "dossier-LG-2026-001-1.pdf" in result.output and "dossier-LG-2026-001-2.pdf" in result.output
    assert hashlib.sha256(PDF).hexdigest() in result.output
    assert target.read_bytes() == PDF
    assert "与登记库一致" in result.output


def test_a_file_changed_after_archiving_is_not_written(archive: Path, tmp_path: Path) -> None:
    (archive / "dossier-LG-2026-001-2.pdf").write_bytes(b"%PDF-1.4 edited later")
    target = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli.app, ["archived", "LG-2026-001", "--pdf", str(target)])
    assert result.exit_code == 1
    assert "与登记库记录的" in result.output and "文件在归档后被改动过，未写出" in result.output
    assert not target.exists()


def test_a_project_without_an_archive_is_named(archive: Path) -> None:
    result = CliRunner().invoke(cli.app, ["archived", "LG-2099-404"])
    assert result.exit_code == 1
    assert "登记库中没有项目 LG-2099-404 的归档档案" in result.output
