"""Document checks parse each upload in a child process under memory and time limits (issue #18).

Before, a few-kB .xlsx whose one cell sits at XFD1048576 made openpyxl grow to 4 GiB inside the
worker, and a slow parse ran past the job timeout, so the job was handed out again and again.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from document_builders import Put, build_docx, build_xlsx

from workers.documents.checking import DocumentChecker
from workers.documents.isolation import LimitExceeded, Limits, run_limited
from workers.documents.models import DocumentCheckInput
from workers.documents.reading import UnreadableDocument
from workers.documents.router import create_router
from workers.documents.settings import DocumentSettings, SettingsError
from workers.documents.store import LocalDocumentStore

MIB = 1024 * 1024


def xlsx_claiming_the_whole_grid() -> bytes:
    """A valid workbook of a few kB whose sheet says it spans A1:XFD1048576, with a cell at the end."""
    data = build_xlsx({"预算表": [("项目", "金额")]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', body)
                last = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
                body = body.replace(b"</sheetData>", last)
            bomb.writestr(item, body)
    return out.getvalue()


# run in the child process: module-level, so that they can be handed to it
def _allocate(size: int) -> int:
    return len(bytearray(size))


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def _refuse(file_name: str) -> None:
    raise UnreadableDocument(f"文件“{file_name}”已损坏，无法读取")


def test_a_result_comes_back_from_the_child() -> None:
    assert run_limited(_allocate, (10 * MIB,), Limits(512 * MIB, 30)) == 10 * MIB


def test_allocating_beyond_the_memory_limit_is_reported_as_memory() -> None:
    with pytest.raises(LimitExceeded, match="内存 256 MiB"):
        run_limited(_allocate, (1024 * MIB,), Limits(256 * MIB, 30))


def test_running_beyond_the_time_limit_is_reported_as_time_and_the_child_is_gone() -> None:
    with pytest.raises(LimitExceeded, match=r"时间 0\.5 秒"):
        run_limited(_sleep, (60,), Limits(512 * MIB, 0.5))


def test_an_exception_of_the_reader_comes_back_as_itself() -> None:
    with pytest.raises(UnreadableDocument, match=r"“a\.docx”已损坏"):
        run_limited(_refuse, ("a.docx",), Limits(512 * MIB, 30))


@pytest.fixture
def limited(tmp_path: Path) -> DocumentSettings:
    directory = tmp_path / "limited"
    directory.mkdir()
    return DocumentSettings(
        document_dir=directory, read_memory_bytes=384 * MIB, read_seconds=20, check_seconds=60
    )


def _put(settings: DocumentSettings) -> Put:
    def put(document_id: str, data: bytes) -> str:
        (settings.document_dir / document_id).write_bytes(data)
        return document_id

    return put


def test_an_xlsx_claiming_the_whole_grid_is_a_finding_not_a_worker_out_of_memory(
    limited: DocumentSettings,
) -> None:
    bomb = xlsx_claiming_the_whole_grid()
    assert len(bomb) < 10_000
    put = _put(limited)
    request = DocumentCheckInput.model_validate(
        {
            "requiredMaterials": [
                {"material": "BUDGET", "name": "预算表", "mandatory": True, "ruleIds": ["LG-14"]}
            ],
            "documents": [
                {"material": "BUDGET", "documentId": put("budget", bomb), "fileName": "预算表.xlsx"}
            ],
        }
    )
    result = DocumentChecker(LocalDocumentStore(limited.document_dir), limited).check(request, content=True)
    assert not result.complete
    [finding] = [f for f in result.findings if f.severity == "error"]
    assert finding.file_name == "预算表.xlsx"
    assert "超出内存 384 MiB 的限制" in finding.message


def test_uploads_left_when_the_checks_time_is_used_up_are_named_unchecked(tmp_path: Path) -> None:
    directory = tmp_path / "slow"
    directory.mkdir()
    settings = DocumentSettings(document_dir=directory, check_seconds=0.000001)
    put = _put(settings)
    docx = build_docx(headings=["第一章 概述"])
    request = DocumentCheckInput.model_validate(
        {
            "requiredMaterials": [{"material": "PLAN", "name": "建设方案", "mandatory": True}],
            "documents": [{"material": "PLAN", "documentId": put("plan", docx), "fileName": "方案.docx"}],
        }
    )
    time.sleep(0.01)
    result = DocumentChecker(LocalDocumentStore(directory), settings).check(request, content=True)
    [finding] = [f for f in result.findings if f.severity == "error"]
    assert "未检查" in finding.message
    assert "方案.docx" in finding.message


def test_a_check_time_not_shorter_than_the_job_timeout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="GOVIT_DOCUMENT_CHECK_SECONDS"):
        create_router(DocumentSettings(document_dir=tmp_path, check_seconds=120))
