"""A published measure's text, read into chapters and articles.

The published measures are plain text or Markdown converted from the official PDF or Word file.
An article starts a line with its number, bold or not (``**第十一条** …`` or ``第十一条　…``); a
chapter is a line (or heading) ``第四章 申报、立项与评审``. An article runs until the next article,
chapter or heading. The measure ends at its attachments (附件, 附表) or the issuing office's
colophon (抄送, 印发, 此页无正文); what follows is forms, not articles, and is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workers.dossier.numerals import from_chinese

_NUMERAL = "〇零一二三四五六七八九十百两"
_ARTICLE = re.compile(rf"^\**第([{_NUMERAL}]+)条\**[\s　]*(.*)$")
_CHAPTER = re.compile(rf"^#*\s*\**(第[{_NUMERAL}]+章)\**[\s　]*(.*?)\**\s*$")
_DOC_NO = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
_TITLE = re.compile(r"^#*\s*([\u4e00-\u9fff（）()]+?(?:办法|规定|细则)(?:[（(][^）)]{1,20}[）)])?)\s*$")
# the measure ends where its attachments or the issuing office's colophon begin
_TRIAL = re.compile(r"^[（(]\s*(试行|暂行)\s*[）)]$")
_END = re.compile(
    r"^[-*#\s]*(附件[：:0-9１-９一-九\s]|附表[：:0-9１-９一-九\s]|附件$|附表$|抄送|[（(]此页无正文[）)]|公开方式)"
)


class MeasureTextError(ValueError):
    """The file is not a measure this reader understands; the message names the file and says why."""


@dataclass(frozen=True)
class Article:
    number: int
    chapter: str
    """``第四章 申报、立项与评审``; empty when the measure has no chapters."""
    text: str
    """The article's paragraphs as published, the leading ``第十一条`` removed, one paragraph per line."""


@dataclass(frozen=True)
class MeasureText:
    path: Path
    title: str
    document_number: str | None
    articles: dict[int, Article] = field(default_factory=dict)

    @property
    def chapters(self) -> list[str]:
        seen: list[str] = []
        for article in self.articles.values():
            if article.chapter and article.chapter not in seen:
                seen.append(article.chapter)
        return seen


def _clean(line: str) -> str:
    return line.replace("**", "").strip().strip("　").strip()


def read_measure(path: Path) -> MeasureText:
    """Read a published measure; a file with no articles is refused, naming the file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise MeasureTextError(f"{path}: 无法读取办法文本（{error}）") from error
    title = ""
    document_number: str | None = None
    chapter = ""
    articles: dict[int, Article] = {}
    current: tuple[int, str, list[str]] | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            number, in_chapter, paragraphs = current
            if number in articles:
                raise MeasureTextError(f"{path}: 第{number}条出现两次")
            articles[number] = Article(number, in_chapter, "\n".join(p for p in paragraphs if p))
            current = None

    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        before_articles = not articles and current is None and not _ARTICLE.match(line)
        if before_articles and document_number is None and (found := _DOC_NO.search(line)):
            document_number = found.group(0)
        if before_articles and title and _TRIAL.match(line) and not title.endswith(("）", ")")):
            # a title whose （试行） is printed on the line below it
            title += f"（{_TRIAL.match(line).group(1)}）"  # type: ignore[union-attr]
            continue
        if (articles or current is not None) and _END.match(line):
            break
        if (match := _ARTICLE.match(line)) is not None:
            close()
            current = (from_chinese(match.group(1)), chapter, [_clean(match.group(2))])
            continue
        if (match := _CHAPTER.match(line)) is not None:
            close()
            name = re.sub(r"\s+", "", match.group(2))
            chapter = f"{match.group(1)} {name}".strip()
            continue
        if line.startswith(("#", "---")):
            close()
            if not articles and (found_title := _TITLE.match(line.replace("**", ""))):
                title = found_title.group(1)
            continue
        if not articles and current is None:
            if not title and (found_title := _TITLE.match(_clean(line))):
                title = found_title.group(1)
            continue
        if current is not None:
            current[2].append(_clean(line))
    close()
    if not articles:
        raise MeasureTextError(f"{path}: 未找到任何条文（应以“第一条”等开头）")
    return MeasureText(path=path, title=title, document_number=document_number, articles=articles)
