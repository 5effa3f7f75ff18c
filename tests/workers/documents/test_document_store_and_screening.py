from pathlib import Path

import pytest
from document_builders import build_docx, build_pdf, build_xlsx, build_zip, docx_bomb

from workers.documents.screening import FileKind, RejectedUpload, screen
from workers.documents.settings import DocumentSettings, SettingsError
from workers.documents.store import (
    DocumentNotFoundError,
    DocumentStoreUnavailableError,
    InvalidDocumentIdError,
    LocalDocumentStore,
)


def test_local_store_reads_by_document_id(tmp_path: Path) -> None:
    (tmp_path / "doc-1").write_bytes(b"hello")
    store = LocalDocumentStore(tmp_path)
    assert store.size("doc-1") == 5
    assert store.read("doc-1") == b"hello"


def test_local_store_unknown_id(tmp_path: Path) -> None:
    with pytest.raises(DocumentNotFoundError, match="doc-2"):
        LocalDocumentStore(tmp_path).read("doc-2")


@pytest.mark.parametrize("document_id", ["../secret", "a/b", "", ".hidden", "x" * 201])
def test_local_store_refuses_ids_that_could_leave_the_directory(tmp_path: Path, document_id: str) -> None:
    with pytest.raises(InvalidDocumentIdError):
        LocalDocumentStore(tmp_path).read(document_id)


def test_local_store_without_directory_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(DocumentStoreUnavailableError, match="absent"):
        LocalDocumentStore(tmp_path / "absent").size("doc-1")


def test_settings_from_environment(tmp_path: Path) -> None:
    settings = DocumentSettings.from_env(
        {"GOVIT_DOCUMENT_DIR": str(tmp_path), "GOVIT_DOCUMENT_MAX_BYTES": "1000"}
    )
    assert settings.document_dir == tmp_path
    assert settings.max_bytes == 1000
    with pytest.raises(SettingsError, match="GOVIT_DOCUMENT_MAX_BYTES"):
        DocumentSettings.from_env({"GOVIT_DOCUMENT_MAX_BYTES": "lots"})


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.docx", build_docx(paragraphs=["内容"]), FileKind.DOCX),
        ("a.XLSX", build_xlsx({"Sheet": [["a"]]}), FileKind.XLSX),
        ("a.pdf", build_pdf([["内容"]]), FileKind.PDF),
    ],
)
def test_real_type_is_recognised(name: str, data: bytes, kind: FileKind) -> None:
    assert screen(name, data, DocumentSettings()).kind is kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("可研报告.docx", build_pdf([["内容"]]), "扩展名为 .docx，但内容是 PDF"),
        ("报价.pdf", build_xlsx({"Sheet": [["a"]]}), "扩展名为 .pdf，但内容是 Excel"),
        ("说明", build_docx(paragraphs=["x"]), "扩展名为 .（无）"),
        ("图片.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "不是 PDF、Word"),
        ("旧版.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100, "旧版 Office"),
        ("压缩包.docx", build_zip({"readme.txt": b"hi"}), "不是 Word"),
        ("电子公文.pdf", build_zip({"OFD.xml": b"<ofd:OFD/>"}), "OFD 版式文件"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_wrong_or_unknown_types_are_rejected_naming_the_file(name: str, data: bytes, message: str) -> None:
    with pytest.raises(RejectedUpload, match=message) as caught:
        screen(name, data, DocumentSettings())
    assert name in str(caught.value)


def test_zip_bomb_by_compression_ratio_is_rejected_before_opening() -> None:
    with pytest.raises(RejectedUpload, match=r"压缩比.*压缩炸弹"):
        screen("bomb.docx", docx_bomb(8 * 1024 * 1024), DocumentSettings())


def test_zip_bomb_by_declared_total_size_is_rejected() -> None:
    settings = DocumentSettings(max_uncompressed_bytes=1024 * 1024, max_compression_ratio=1e9)
    with pytest.raises(RejectedUpload, match="解压后声明大小"):
        screen("bomb.docx", docx_bomb(2 * 1024 * 1024), settings)


def test_zip_with_too_many_members_is_rejected() -> None:
    members = {f"word/part{n}.xml": b"x" for n in range(30)} | {"word/document.xml": b"<w/>"}
    with pytest.raises(RejectedUpload, match="31 个压缩成员"):
        screen("many.docx", build_zip(members), DocumentSettings(max_zip_entries=20))


def test_truncated_docx_is_rejected() -> None:
    data = build_docx(paragraphs=["内容"] * 50)
    with pytest.raises(RejectedUpload, match="损坏或不完整"):
        screen("截断.docx", data[: len(data) // 2], DocumentSettings())


def test_truncated_pdf_is_rejected() -> None:
    data = build_pdf([["第一章 概述"]] * 3)
    with pytest.raises(RejectedUpload, match="不完整的 PDF"):
        screen("截断.pdf", data[: len(data) * 2 // 3], DocumentSettings())


def test_oversized_upload_is_rejected() -> None:
    with pytest.raises(RejectedUpload, match="超过上限 100 字节"):
        screen("大.pdf", build_pdf([["内容"]]), DocumentSettings(max_bytes=100))
