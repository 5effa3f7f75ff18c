"""The dossier's HTML page and archive PDF: Chinese text, articles, rule ids, embedded fonts, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.workers.dossier.test_assembly_records import build
from workers.dossier.html import render_html
from workers.dossier.model import Dossier
from workers.dossier.pdf import render_pdf

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils, installed by make) is missing"
)


@pytest.fixture(scope="module")
def dossier(shared_dir: Path) -> Dossier:
    return build(shared_dir)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "dossier.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_two_generations_are_byte_identical(dossier: Dossier) -> None:
    assert render_pdf(dossier) == render_pdf(dossier)


@needs_pdftotext
def test_another_generation_time_changes_only_the_recorded_time(dossier: Dossier, tmp_path: Path) -> None:
    later = dossier.model_copy(update={"generated_at": dt.datetime(2027, 3, 1, 8, 30, tzinfo=dt.UTC)})
    first_pdf, later_pdf = render_pdf(dossier), render_pdf(later)
    assert first_pdf.count(b"D:20270201090000") == 2 and later_pdf.count(b"D:20270301083000") == 2
    first, second = pdf_text(first_pdf, tmp_path), pdf_text(later_pdf, tmp_path)
    assert first != second
    assert first.replace("2027-02-01T09:00:00+00:00", "T") == second.replace("2027-03-01T08:30:00+00:00", "T")


def test_the_pdf_opens_with_pages_a_toc_and_embedded_chinese_fonts(dossier: Dossier) -> None:
    reader = PdfReader(io.BytesIO(render_pdf(dossier)))
    assert len(reader.pages) >= 4
    assert reader.metadata is not None and reader.metadata.title == "政务信息化项目档案：亭湖区数据共享平台"
    embedded = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for reference in fonts.values():
            font = reference.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]))
    assert any("WenQuanYiZenHei" in name for name in embedded)


@needs_pdftotext
def test_pdf_text_has_the_articles_rule_ids_and_page_numbers_in_chinese(
    dossier: Dossier, tmp_path: Path
) -> None:
    text = pdf_text(render_pdf(dossier), tmp_path)
    flat = re.sub(r"\s+", "", text)
    assert "政务信息化项目档案" in flat and "目录" in flat
    assert "TH-11-2" in text and "第十一条" in flat and "第四十条" in flat
    assert "《盐城市亭湖区政务信息化项目建设管理办法（试行）》" in flat
    assert "本办法自印发之日起施行。" in flat  # the article's own text
    assert "第1页" in flat and "第3页" in flat
    toc = flat[flat.index("目录") : flat.index("目录") + 400]
    assert re.search(r"一、项目基本信息\.+\d+二、申请日适用的办法\.+\d+", toc)
    assert "暂定" in flat and "档案不完整" in flat  # the provisional deadline and the open incident


def test_html_is_offline_chinese_and_escaped(dossier: Dossier) -> None:
    page = render_html(dossier)
    assert '<html lang="zh-CN">' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "<script" not in page
    for title in ("决策记录", "用户任务", "办理时限", "引用条文", "未能确认的事项"):
        assert title in page
    assert "TH-11-2" in page and "第十一条(二)" in page
    assert "本办法自印发之日起施行。" in page


def test_html_escapes_what_the_records_hold(dossier: Dossier) -> None:
    project = dossier.project.model_copy(update={"name": "<script>alert(1)</script>"})
    page = render_html(dossier.model_copy(update={"project": project}))
    assert "<script>" not in page and "&lt;script&gt;" in page
