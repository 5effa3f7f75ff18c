"""Rule id → measure, chapter, article, the rule in the project's words, and the published text."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from lxml import etree

from workers.dossier.articles import ArticleIndex, ambiguity_ids_in, rule_ids_in
from workers.dossier.measure_text import MeasureTextError, read_measure
from workers.dossier.numerals import article_label, from_chinese, to_chinese
from workers.dossier.rule_catalog import measures
from workers.dossier.settings import DossierSettings

PROJECT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def index(shared_dir: Path) -> ArticleIndex:
    return ArticleIndex(shared_dir / "regulations")


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (42, "四十二"),
        (55, "五十五"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (999, "九百九十九"),
    ],
)
def test_numerals_round_trip(number: int, text: str) -> None:
    assert to_chinese(number) == text
    assert from_chinese(text) == number


def test_numerals_refuse_what_is_not_a_numeral() -> None:
    with pytest.raises(ValueError, match="不是中文数字"):
        from_chinese("十a")
    with pytest.raises(ValueError, match="超出"):
        to_chinese(0)


# one cited rule per region, with the chapter it sits in and words of its published article
REGION_CASES = [
    (
        "LG-11-3",
        "《龙岗区政务信息化项目管理办法》（深龙政数规〔2021〕1号）",
        "第四章 申报、立项与评审",
        "第十一条",
        "HARD",
        "5 个工作日内完成审核",
    ),
    (
        "HY-12-1",
        "《河源市市级政务信息化项目管理办法》（河府办〔2021〕30号）",
        "第三章 立项",
        "第十二条",
        "HARD",
        "预算在50万元以下的市级政务信息化项目，采取备案制管理",
    ),
    (
        "LZ-15-1",
        "《莱州市政务信息化项目管理办法（试行）》（莱政办发〔2022〕6号）",
        "第三章 规划和审批管理",
        "第十五条",
        "SOFT",
        "原则上",
    ),
    (
        "TH-24-1",
        "《盐城市亭湖区政务信息化项目建设管理办法（试行）》",
        "第五章 实施",
        "第二十四条",
        "HARD",
        "严重逾期",
    ),
    (
        "YB-6-1",
        "《重庆市渝北区政务信息化项目管理暂行办法》（渝北府办发〔2019〕26号）",
        "第二章 项目申报和审核",
        "第六条",
        "HARD",
        "建设类项目由各部门",
    ),
]


@pytest.mark.parametrize("case", REGION_CASES, ids=[case[0] for case in REGION_CASES])
def test_each_region_cites_measure_chapter_article_and_text(
    index: ArticleIndex, case: tuple[str, ...]
) -> None:
    rule, measure, chapter, article, force, words = case
    citation = index.cite(rule, statements=[f"{rule} {force}: the row's annotation"])
    assert citation.measure == measure
    assert citation.chapter == chapter
    assert citation.article == article
    assert citation.force == force
    assert citation.statements == (f"{rule} {force}: the row's annotation",)
    assert citation.article_text is not None and words in citation.article_text
    assert citation.problems == ()


@pytest.mark.parametrize("case", REGION_CASES, ids=[case[0] for case in REGION_CASES])
def test_without_a_measures_folder_the_article_is_named_but_not_quoted(case: tuple[str, ...]) -> None:
    rule, measure, chapter, article, force, _ = case
    citation = ArticleIndex(None).cite(rule)
    assert (citation.measure, citation.chapter, citation.article, citation.force) == (
        measure,
        chapter,
        article,
        force,
    )
    assert citation.article_text is None
    assert citation.problems == ()


def test_every_catalogued_rule_resolves_to_its_published_article(
    shared_dir: Path, index: ArticleIndex
) -> None:
    with (shared_dir / "rules.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        citation = index.cite(row["id"])
        assert citation.problems == (), row["id"]
        assert citation.article == row["article"], row["id"]
        assert citation.force == row["force"], row["id"]
        assert citation.article_text, row["id"]
        assert citation.chapter, row["id"]


def test_an_unknown_rule_id_is_reported_not_dropped(index: ArticleIndex) -> None:
    citation = index.cite("LG-99-1")
    assert not citation.known
    assert citation.article == "第九十九条"
    assert citation.measure == "《龙岗区政务信息化项目管理办法》（深龙政数规〔2021〕1号）"
    assert "LG-99-1 不在规则目录中" in citation.problems[0]
    assert "文本中没有第九十九条" in citation.problems[1]
    malformed = index.cite("LG-11")
    assert malformed.problems and "格式不符" in malformed.problems[0]


def test_the_measure_in_force_is_the_one_the_decision_named(index: ArticleIndex) -> None:
    named = index.cite("LZ-15-1", in_force="莱州市政务信息化项目管理办法（试行）（莱政办发〔2022〕6号）")
    assert named.problems == ()
    unknown = index.cite("LZ-15-1", in_force="莱州市政务信息化项目管理办法（莱政办发〔2026〕1号）")
    assert unknown.measure is None
    assert "未能确定适用的办法" in unknown.problems[0]


def test_a_successor_measure_dropped_into_the_folder_is_quoted(tmp_path: Path, shared_dir: Path) -> None:
    (tmp_path / "LG-longgang-2021.md").write_text(
        (shared_dir / "regulations" / "LG-longgang-2021.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "LG-longgang-2026.md").write_text(
        "# 龙岗区政务信息化项目管理办法（2026年修订）\n\n深龙政数规〔2026〕2号\n\n## 第一章 总则\n\n"
        "**第一条** 为规范管理，制定本办法。\n\n"
        "**第十一条** 总投资3000万元以上的项目，应当编制可行性研究报告。\n",
        encoding="utf-8",
    )
    citation = ArticleIndex(tmp_path).cite(
        "LG-11-3", in_force="龙岗区政务信息化项目管理办法（2026年修订）（深龙政数规〔2026〕2号）"
    )
    assert citation.measure == "《龙岗区政务信息化项目管理办法（2026年修订）》（深龙政数规〔2026〕2号）"
    assert citation.article_text == "总投资3000万元以上的项目，应当编制可行性研究报告。"
    assert citation.chapter == "第一章 总则"


def test_a_missing_measures_folder_or_text_is_said(tmp_path: Path) -> None:
    index = ArticleIndex(tmp_path / "absent")
    citation = index.cite("HY-12-1")
    assert citation.article_text is None
    assert "办法文本目录中没有《河源市市级政务信息化项目管理办法》" in citation.problems[0]
    assert "不存在" in index.folder_problems[0]


def test_a_file_without_articles_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "TH-notes.md"
    path.write_text("# 说明\n\n这不是办法。\n", encoding="utf-8")
    with pytest.raises(MeasureTextError, match=r"TH-notes\.md: 未找到任何条文"):
        read_measure(path)
    index = ArticleIndex(tmp_path)
    index.cite("TH-24-1")
    assert any("TH-notes.md" in p for p in index.folder_problems)


@pytest.mark.parametrize(
    ("name", "articles", "title", "number"),
    [
        ("HY-heyuan-2021.md", 33, "河源市市级政务信息化项目管理办法", "河府办〔2021〕30号"),
        ("LG-longgang-2021.md", 55, "龙岗区政务信息化项目管理办法", "深龙政数规〔2021〕1号"),
        ("LZ-laizhou-2022.md", 42, "莱州市政务信息化项目管理办法（试行）", "莱政办发〔2022〕6号"),
        ("TH-tinghu-2024.md", 40, "盐城市亭湖区政务信息化项目建设管理办法（试行）", None),
        ("YB-yubei-2019.md", 20, "重庆市渝北区政务信息化项目管理暂行办法", "渝北府办发〔2019〕26号"),
    ],
)
def test_published_measures_read_whole_and_stop_at_their_attachments(
    shared_dir: Path, name: str, articles: int, title: str, number: str | None
) -> None:
    measure = read_measure(shared_dir / "regulations" / name)
    assert sorted(measure.articles) == list(range(1, articles + 1))
    assert (measure.title, measure.document_number) == (title, number)
    last = measure.articles[articles].text
    assert "施行" in last
    assert (
        "附件" not in last
        and "附表" not in last
        and "抄送" not in last
        and "印发" not in last.split("施行")[-1]
    )


def test_rule_ids_are_read_from_annotations() -> None:
    text = "LG-11-3 HARD: within 5 WD (A-LG-2: from formal acceptance); see also LG-12-5 and LG-11-3"
    assert rule_ids_in(text) == ["LG-11-3", "LG-12-5"]
    assert ambiguity_ids_in(text) == ["A-LG-2"]


def test_ambiguity_readings_are_packaged() -> None:
    reading = ArticleIndex.ambiguity("A-LG-2")
    assert reading is not None and "formal acceptance" in reading.reading
    assert "LG-11-3" in reading.affected


def test_measures_dir_setting() -> None:
    assert DossierSettings.from_env({}).measures_dir is None
    assert DossierSettings.from_env({"GOVIT_MEASURES_DIR": "/srv/measures"}).measures_dir == Path(
        "/srv/measures"
    )


def test_packaged_catalog_matches_the_reference(shared_dir: Path) -> None:
    spec = importlib.util.spec_from_file_location("dossier_catalog", PROJECT / "tools" / "dossier_catalog.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for name, text in tool.generate(shared_dir).items():
        packaged = (PROJECT / "workers" / "dossier" / "catalog" / name).read_text(encoding="utf-8")
        assert packaged == text, f"workers/dossier/catalog/{name} differs: run tools/dossier_catalog.py"


def test_article_label() -> None:
    assert article_label(11) == "第十一条"


def test_every_measure_the_validity_decision_names_is_found(index: ArticleIndex) -> None:
    dmn = etree.parse(str(PROJECT / "decisions" / "ruleSetValidity.dmn"))
    names = {
        text.strip('"')
        for text in dmn.xpath(
            "//*[local-name()='outputEntry'][contains(@id, '_o3')]/*[local-name()='text']/text()"
        )
        if text != "null"
    }
    assert len(names) == 5
    for name in names:
        jurisdiction = next(m.jurisdiction for m in measures() if m.title in name)
        measure = index.measure_for(jurisdiction, name)
        assert measure is not None and measure.title in name, name
