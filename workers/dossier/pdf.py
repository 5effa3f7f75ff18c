"""The archive PDF: Chinese fonts embedded, a table of contents, page numbers, a fixed layout.

reportlab in invariant mode writes no clock time and no random document id, so the same dossier
gives the same bytes; the generation time the dossier records is printed on the cover. The font
is WenQuanYi Zen Hei (Debian ``fonts-wqy-zenhei``, TrueType outlines that reportlab embeds as a
subset); ``GOVIT_DOSSIER_FONT`` names another TrueType file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from workers.dossier.model import Dossier
from workers.dossier.sections import QUOTE_PREFIX, Document, Section, build_document
from workers.dossier.sections import Table as SectionTable

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)
FONT = "DossierCJK"
MARGIN = 20 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN


class FontMissingError(RuntimeError):
    """No TrueType CJK font is installed; the message says which package provides one."""


@cache
def _register_font() -> str:
    configured = os.environ.get("GOVIT_DOSSIER_FONT")
    candidates = (Path(configured),) if configured else FONT_CANDIDATES
    for path in candidates:
        if path.is_file():
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
            return FONT
    raise FontMissingError(
        "未找到中文 TrueType 字体（" + "、".join(str(p) for p in candidates) + "）："
        "请安装 Debian 软件包 fonts-wqy-zenhei，或以 GOVIT_DOSSIER_FONT 指定字体文件"
    )


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "base": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=11),
        "head": ParagraphStyle("head", parent=base, fontSize=8, leading=11, textColor=colors.white),
        "title": ParagraphStyle("title", parent=base, fontSize=26, leading=36, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=16, leading=24, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", parent=base, fontSize=14, leading=22, spaceBefore=10, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontSize=10.5, leading=15, spaceBefore=6, spaceAfter=3),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#444444")
        ),
        "gap": ParagraphStyle(
            "gap", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#9b1c1c")
        ),
        "toc": ParagraphStyle("toc", parent=base, fontSize=11, leading=20),
        "quote": ParagraphStyle(
            "quote",
            parent=base,
            fontSize=9,
            leading=13.5,
            leftIndent=4 * mm,
            borderPadding=2 * mm,
            backColor=colors.HexColor("#f4f1ea"),
            spaceBefore=2 * mm,
            spaceAfter=2 * mm,
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class _NumberedCanvas(Canvas):
    """Holds each page back until the end, so every footer can say how many pages there are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.drawCentredString(
                A4[0] / 2, MARGIN - 10 * mm, f"第 {self.getPageNumber()} 页  共 {total} 页"
            )
            super().showPage()
        super().save()


class _Heading(Paragraph):
    """A section title the table of contents lists."""


class _Template(BaseDocTemplate):
    def __init__(self, target: io.BytesIO, footer: str, font: str, title: str) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=title,
            author="政务信息化项目管理系统",
            creator="govit dossier",
            subject=footer,
            invariant=1,
            initialFontName=font,
        )
        self._footer = footer
        self._font = font
        frame = Frame(MARGIN, MARGIN, CONTENT_WIDTH, A4[1] - 2 * MARGIN, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(self._font, 8)
        canvas.setStrokeColor(colors.HexColor("#9b1c1c"))
        canvas.line(MARGIN, A4[1] - MARGIN + 6 * mm, A4[0] - MARGIN, A4[1] - MARGIN + 6 * mm)
        canvas.drawString(MARGIN, A4[1] - MARGIN + 7.5 * mm, "政务信息化项目档案")
        canvas.drawRightString(A4[0] - MARGIN, A4[1] - MARGIN + 7.5 * mm, self._footer)
        canvas.line(MARGIN, MARGIN - 6 * mm, A4[0] - MARGIN, MARGIN - 6 * mm)
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, _Heading):
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


def _table(table: SectionTable, styles: dict[str, ParagraphStyle]) -> Table:
    total = sum(table.widths)
    widths = [CONTENT_WIDTH * w / total for w in table.widths]
    data = [[_p(h, styles["head"]) for h in table.header]]
    data += [[_p(cell, styles["cell"]) for cell in row] for row in table.rows]
    result = Table(data, colWidths=widths, repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#7a1f1f")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f2ee")]),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return result


def _section(section: Section, styles: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = [_Heading(escape(section.title), styles["h1"])]
    if section.note:
        story.append(_p(section.note, styles["note"]))
        story.append(Spacer(1, 3))
    for gap in section.gaps:
        story.append(_p(f"未能确认：{gap}", styles["gap"]))
    for table in section.tables:
        story += [_table(table, styles), Spacer(1, 6)]
    for block in section.blocks:
        parts: list[Any] = [_p(block.title, styles["h2"])]
        parts += [
            _p(line, styles["quote"] if line.startswith(QUOTE_PREFIX) else styles["base"])
            for line in block.lines
        ]
        for table in block.tables:
            parts += [Spacer(1, 2), _table(table, styles)]
        story += [KeepTogether(parts[:3]), *parts[3:], Spacer(1, 6)]
    if section.is_empty:
        story.append(_p(section.empty, styles["base"]))
    return story


def render_pdf(dossier: Dossier) -> bytes:
    """The dossier as an archive PDF; the same dossier gives the same bytes."""
    font = _register_font()
    styles = _styles(font)
    document: Document = build_document(dossier)
    target = io.BytesIO()
    template = _Template(target, document.footer, font, f"{document.title}：{document.subtitle}")
    cover: list[Any] = [Spacer(1, 60 * mm), _p(document.title, styles["title"]), Spacer(1, 8 * mm)]
    cover += [_p(document.subtitle, styles["subtitle"]), Spacer(1, 30 * mm)]
    rows = [[_p(k, styles["base"]), _p(v, styles["base"])] for k, v in document.cover]
    cover_table = Table(rows, colWidths=[35 * mm, CONTENT_WIDTH - 55 * mm])
    cover_table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    toc = TableOfContents(levelStyles=[styles["toc"]], dotsMinLevel=0)
    story: list[Any] = [
        *cover,
        cover_table,
        PageBreak(),
        _p("目  录", styles["subtitle"]),
        Spacer(1, 6 * mm),
        toc,
    ]
    story.append(PageBreak())
    for section in document.sections:
        story += _section(section, styles)
    template.multiBuild(story, canvasmaker=_NumberedCanvas)
    return _dated(target.getvalue(), dossier)


_INVARIANT_DATE = b"(D:20000101000000+00'00')"


def _dated(pdf: bytes, dossier: Dossier) -> bytes:
    """Invariant mode dates every PDF 2000-01-01; the archive copy carries the recorded generation
    time instead. The stamp has the same length, so no offset in the cross-reference table moves."""
    instant = dossier.generated_at.astimezone(dt.UTC)
    stamp = instant.strftime("(D:%Y%m%d%H%M%S+00'00')").encode("ascii")
    if len(stamp) != len(_INVARIANT_DATE) or pdf.count(_INVARIANT_DATE) != 2:
        raise RuntimeError("PDF 元数据日期格式与预期不符，无法写入生成时间")
    return pdf.replace(_INVARIANT_DATE, stamp)
