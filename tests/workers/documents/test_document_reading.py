import pytest
from document_builders import build_docx, build_pdf, build_xlsx, build_zip, encrypt_pdf

from workers.documents.reading import NoTextLayer, UnreadableDocument, read_content
from workers.documents.screening import screen
from workers.documents.settings import DocumentSettings

SETTINGS = DocumentSettings()


def read(name: str, data: bytes) -> object:
    return read_content(name, screen(name, data, SETTINGS), SETTINGS)


def test_docx_headings_from_heading_styles_and_numbering() -> None:
    data = build_docx(
        headings=["第一章 项目概述"],
        paragraphs=["正文不是标题，哪怕它提到信息安全。", "五、信息安全"],
        tables=[[["供应商", "金额"], ["甲公司", "100"]]],
    )
    content = read_content("a.docx", screen("a.docx", data, SETTINGS), SETTINGS)
    assert "第一章 项目概述" in content.headings
    assert "五、信息安全" in content.headings
    assert "正文不是标题，哪怕它提到信息安全。" not in content.headings
    assert content.tables == ((("供应商", "金额"), ("甲公司", "100")),)


def test_pdf_lines_and_numbered_headings() -> None:
    content = read_content(
        "a.pdf", screen("a.pdf", build_pdf([["第五章 信息资源共享分析", "共享内容说明"]]), SETTINGS), SETTINGS
    )
    assert content.headings == ("第五章 信息资源共享分析",)
    assert "共享内容说明" in content.lines


def test_xlsx_sheets_become_tables() -> None:
    data = build_xlsx({"报价": [["供应商", "单价"], ["甲公司", 12.0], ["乙公司", None]]})
    content = read_content("a.xlsx", screen("a.xlsx", data, SETTINGS), SETTINGS)
    assert content.headings == ("报价",)
    assert content.tables == ((("供应商", "单价"), ("甲公司", "12"), ("乙公司", "")),)


# Word, WPS and Acrobat encrypt with AES; before AES could be opened, such a PDF read as damaged.
ENCRYPTIONS = ["RC4-128", "AES-128", "AES-256"]


@pytest.mark.parametrize("algorithm", ENCRYPTIONS)
def test_encrypted_pdf_is_unreadable_naming_the_file(algorithm: str) -> None:
    data = encrypt_pdf(build_pdf([["第一章 概述"]]), user_password="secret", algorithm=algorithm)
    with pytest.raises(UnreadableDocument, match=r"“可研\.pdf”是加密的 PDF"):
        read("可研.pdf", data)


@pytest.mark.parametrize("algorithm", ENCRYPTIONS)
def test_pdf_with_owner_password_only_is_read(algorithm: str) -> None:
    data = encrypt_pdf(build_pdf([["第一章 概述"]]), user_password="", algorithm=algorithm)
    content = read_content("a.pdf", screen("a.pdf", data, SETTINGS), SETTINGS)
    assert content.headings == ("第一章 概述",)


def test_pdf_whose_security_handler_cannot_be_opened_is_encrypted_not_damaged() -> None:
    data = encrypt_pdf(build_pdf([["第一章 概述"]]), user_password="secret")
    # certificate (public-key) encryption: a handler pypdf does not implement
    handler = data.replace(b"/Filter /Standard", b"/Filter /Adobe.PubSec", 1)
    assert handler != data
    with pytest.raises(UnreadableDocument, match="是加密的 PDF"):
        read("证书加密.pdf", handler)


def test_pdf_without_text_is_flagged_for_manual_review() -> None:
    with pytest.raises(NoTextLayer, match="扫描件"):
        read("扫描.pdf", build_pdf([[]]))


def test_docx_with_broken_document_part_is_unreadable() -> None:
    data = build_zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document><not-closed>",
        }
    )
    with pytest.raises(UnreadableDocument, match=r"“坏\.docx”已损坏"):
        read("坏.docx", data)


def test_pdf_with_garbage_body_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match=r"“坏\.pdf”"):
        read("坏.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")
