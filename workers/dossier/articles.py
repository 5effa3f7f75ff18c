"""The article behind each rule id: measure, chapter, article, the rule in the project's words, the text.

A rule id ``LG-11-3`` reads as jurisdiction ``LG``, 第十一条, rule 3 (RULES.md §0.2). The packaged
catalog gives the measure, its chapters and the rule's force; the project's own statement of the
rule is the annotation of the decision row or the documentation of the element that cites it.
With a measures folder (``GOVIT_MEASURES_DIR``) the article's published text is added. Nothing is
guessed: an id the catalog does not hold, or an article the text lacks, is reported as a problem
on the citation, in Chinese, and the citation still names what is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workers.dossier.measure_text import MeasureText, MeasureTextError, read_measure
from workers.dossier.numerals import article_label
from workers.dossier.rule_catalog import Ambiguity, Measure, ambiguities, chapters, measures, rules

JURISDICTIONS = ("LG", "HY", "LZ", "TH", "YB")
RULE_ID = re.compile(r"\b(LG|HY|LZ|TH|YB)-(\d{1,3})-(\d{1,3})\b")
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
AMBIGUITY_ID = re.compile(r"\bA-(?:GEN|LG|HY|LZ|TH|YB)-\d{1,3}\b")


def rule_ids_in(text: str) -> list[str]:
    """The rule ids a decision row's annotation or an element's documentation cites, in order, once each."""
    return list(dict.fromkeys(m.group(0) for m in RULE_ID.finditer(text or "")))


def ambiguity_ids_in(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in AMBIGUITY_ID.finditer(text or "")))


@dataclass(frozen=True)
class Citation:
    rule_id: str
    jurisdiction: str | None
    article_number: int | None
    article: str | None
    """``第十一条``."""
    measure: str | None
    """``《龙岗区政务信息化项目管理办法》（深龙政数规〔2021〕1号）``."""
    measure_validity: str | None
    chapter: str | None
    force: str | None
    catalog_summary: str | None
    """The catalog's statement of the rule (condition, threshold, outcome)."""
    statements: tuple[str, ...] = ()
    """The rule in the project's own words: the decision rows' annotations, the elements' documentation."""
    article_text: str | None = None
    """The article as published, when the measures folder holds the measure."""
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def known(self) -> bool:
        return self.force is not None


class ArticleIndex:
    """Resolves rule ids against the packaged catalog and, when given, a folder of published measures."""

    def __init__(self, measures_dir: Path | None = None) -> None:
        self.measures_dir = measures_dir
        self._texts: list[tuple[str, MeasureText]] | None = None
        self.folder_problems: list[str] = []

    def _measure_texts(self) -> list[tuple[str, MeasureText]]:
        if self._texts is None:
            self._texts = []
            if self.measures_dir is not None:
                if not self.measures_dir.is_dir():
                    self.folder_problems.append(f"办法文本目录 {self.measures_dir} 不存在，条文原文无法显示")
                else:
                    for path in sorted(self.measures_dir.iterdir()):
                        code = path.name.split("-", 1)[0]
                        if code not in JURISDICTIONS or path.suffix not in (".md", ".txt"):
                            continue
                        try:
                            self._texts.append((code, read_measure(path)))
                        except MeasureTextError as error:
                            self.folder_problems.append(str(error))
        return self._texts

    def measure_for(self, jurisdiction: str, in_force: str | None = None) -> Measure | None:
        """The jurisdiction's measure; with ``in_force`` (ruleSetValidity's ``measure``), the one it names.

        ``in_force`` reads ``标题（文号）``: the document number decides when it is given (a successor
        usually keeps its predecessor's title), the exact title otherwise.
        """
        candidates = [m for m in measures() if m.jurisdiction == jurisdiction]
        if not in_force:
            return candidates[0] if len(candidates) == 1 else None
        found = DOCUMENT_NUMBER.search(in_force)
        number = found.group(0) if found else None
        title = in_force[: found.start()] if found else in_force
        title = title.strip().strip("《》").rstrip("（(").strip("《》")

        def names(measure_title: str, measure_number: str | None) -> bool:
            return measure_number == number if number else measure_title == title

        for measure in candidates:
            if names(measure.title, measure.document_number):
                return measure
        # a successor measure a district added to the folder but not (yet) to the catalog
        for code, text in self._measure_texts():
            if code == jurisdiction and names(text.title, text.document_number):
                return Measure(jurisdiction, "", text.title, text.document_number, None, None, None, "")
        return None

    def _text_of(self, measure: Measure) -> MeasureText | None:
        for code, text in self._measure_texts():
            same = (
                (text.document_number == measure.document_number)
                if measure.document_number
                else (text.title == measure.title)
            )
            if code == measure.jurisdiction and same:
                return text
        return None

    def cite(self, rule_id: str, statements: Iterable[str] = (), in_force: str | None = None) -> Citation:
        """Everything known of ``rule_id``; what is not known is said in ``problems``."""
        said = tuple(dict.fromkeys(s.strip() for s in statements if s and s.strip()))
        match = RULE_ID.fullmatch(rule_id)
        if match is None:
            return Citation(
                rule_id,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                said,
                problems=(f"规则编号 {rule_id} 格式不符（应为“辖区-条号-序号”，如 LG-11-1）",),
            )
        jurisdiction, number = match.group(1), int(match.group(2))
        problems: list[str] = []
        entry = rules().get(rule_id)
        if entry is None:
            problems.append(f"规则编号 {rule_id} 不在规则目录中，无法确认其效力与内容")
        measure = self.measure_for(jurisdiction, in_force)
        if measure is None:
            problems.append(
                f"{rule_id}：未能确定适用的办法" + (f"（申请日适用：{in_force}）" if in_force else "")
            )
        chapter = next(
            (
                c.chapter
                for c in chapters()
                if c.jurisdiction == jurisdiction
                and c.first_article <= number <= c.last_article
                and measure is not None
                and self._is_catalogued(measure)
            ),
            None,
        )
        article_text: str | None = None
        if measure is not None and self.measures_dir is not None:
            text = self._text_of(measure)
            if text is None:
                problems.append(f"办法文本目录中没有《{measure.title}》，{rule_id} 的条文原文无法显示")
            elif number not in text.articles:
                problems.append(f"《{measure.title}》文本中没有{article_label(number)}（{rule_id}）")
            else:
                article_text = text.articles[number].text
                chapter = text.articles[number].chapter or chapter
        summary = None
        if entry is not None:
            parts = [entry.condition, entry.threshold, entry.outcome]
            summary = "；".join(p for p in parts if p and p != "—")
        return Citation(
            rule_id=rule_id,
            jurisdiction=jurisdiction,
            article_number=number,
            article=entry.article if entry else article_label(number),
            measure=measure.citation if measure else None,
            measure_validity=measure.validity if measure and measure.validity else None,
            chapter=chapter,
            force=entry.force if entry else None,
            catalog_summary=summary,
            statements=said,
            article_text=article_text,
            problems=tuple(problems),
        )

    @staticmethod
    def _is_catalogued(measure: Measure) -> bool:
        return measure in measures()

    @staticmethod
    def ambiguity(ident: str) -> Ambiguity | None:
        return ambiguities().get(ident)
