"""The dossier and the overview in the browser: the LG sample's dossier opened from its project page
names the rules its decisions applied with their measure and article, its PDF downloads, the IT
authority's overview lists the project's process and review steps, and a unit's clerk cannot open
another unit's dossier."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from tests.web.browser import Browser, css, role
from tests.web.conftest import LG_START, WebApp, wait_until
from tests.web.test_web_signin import sign_in

OTHER_UNIT = "龙岗区教育局"
ARTICLE = re.compile(r"LG-\d+-\d+.*第[一二三四五六七八九十百]+条", re.S)


@pytest.fixture(scope="module")
def samples(web_app: WebApp) -> dict[str, str]:
    """The owner's LG sample, and another unit's, each registered and in its application."""
    own, _ = web_app.start_sample()
    other, _ = web_app.start_sample(projectName="龙岗区智慧校园平台", unit=OTHER_UNIT, upperLevelFunded=True)
    ids = {}
    for name, key in (("own", own), ("other", other)):
        ids[name] = str(wait_until(lambda key=key: web_app.variable(key, "projectId"), f"{name} project id"))
    # the IT authority accepts the owner's application (LG-12-4): its pre-review, a shared review
    # with a working-day deadline, is then with the reviewers
    acceptance = web_app.task_of_project(ids["own"], "pd_formal_acceptance")
    web_app.complete(acceptance["userTaskKey"], {"accepted": True, "experts": ["expertA", "expertB"]})
    web_app.task_of_project(ids["own"], "review")
    return ids


def test_the_samples_dossier_opens_from_its_project_page_and_its_pdf_downloads(
    browser: Browser, samples: dict[str, str]
) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto(f"/projects/{samples['own']}")
    sign_in(browser, "owner-clerk")
    browser.wait(css("section.dossier"))
    browser.click(role("button", "查看项目档案"))
    browser.wait(css("iframe.dossier-frame[data-loaded]"))
    page = wait_until(lambda: browser.frame_text("iframe.dossier-frame"), "the dossier in its frame")
    assert "项目档案" in page and "龙岗区" in page
    assert ARTICLE.search(page), page[:2000]  # a rule id and the article it stands for
    assert browser.evaluate("document.querySelector('iframe.dossier-frame').getAttribute('sandbox')") == ""

    file_name, saved = browser.download(role("button", "下载档案 PDF"), "dossier-lg-sample.pdf")
    assert file_name == f"项目档案-{samples['own']}.pdf"
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert ARTICLE.search(text)
    browser.wait(css(".dossier .notice-info"))
    assert "按当前记录生成" in browser.text(css(".dossier .notice-info"))
    browser.screenshot("dossier-pdf-downloaded")
    # chromium composites the sandboxed frame (a process of its own) a little after it loads: by
    # now, after the download, it shows in the shot
    browser.evaluate("document.querySelector('iframe.dossier-frame').scrollIntoView()")
    browser.screenshot("dossier-in-project-page", full_page=False)
    # the dossier carries no script; reading the sandboxed frame's text is the driver's script,
    # which chromium reports as blocked there
    assert (
        browser.evaluate("document.querySelector('iframe.dossier-frame').srcdoc.includes('<script')") is False
    )
    errors = browser.console_errors()
    assert [e for e in errors if not e.startswith("Blocked script execution in 'about:srcdoc'")] == []


def test_a_unit_clerk_cannot_open_another_units_dossier(browser: Browser, samples: dict[str, str]) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto("/projects")
    sign_in(browser, "owner-clerk")
    browser.wait(css(f"tr[data-project-id='{samples['own']}']"))
    assert "统计概览" not in browser.text(css("header nav"))
    status = browser.evaluate(
        f"fetch('/workspace/registry/projects/{samples['other']}/dossier').then(r => r.status)"
    )
    assert status == 404
    browser.goto(f"/projects/{samples['other']}")
    browser.wait(css(".notice-error"))
    assert "项目不存在" in browser.text(css(".notice-error"))
    assert browser.count(css("section.dossier")) == 0
    # the dossier's own address, opened in a tab, refuses the same way, in words
    browser.goto(f"/workspace/registry/projects/{samples['other']}/dossier")
    body = browser.text(css("body"))
    assert "项目不存在" in body and "智慧校园" not in body
    browser.screenshot("dossier-other-unit-refused")


def test_the_authoritys_overview_lists_the_projects_process_and_steps(
    browser: Browser, samples: dict[str, str]
) -> None:
    browser.open(fixed_time=LG_START)
    browser.goto("/tasks")
    sign_in(browser, "ita-clerk")
    browser.wait(css("header nav"))
    browser.click(role("link", "统计概览"))
    browser.wait(css(".overview-table"))
    assert "共 2 个项目" in browser.text(css(".overview .toolbar"))
    phases = browser.text(css(".overview-table[data-table='1'] tbody"))
    counts = [int(line.split("\t")[-1]) for line in phases.splitlines() if line.strip()]
    assert sum(counts) == 2, phases
    steps = browser.text(css(".overview-table[data-table='2']"))
    assert "初步设计方案及概算预审" in steps and "lg-ita-reviewers" in steps, steps
    browser.screenshot("overview-authority")
    file_name, saved = browser.download(role("button", "下载 CSV"), "overview.csv")
    assert file_name.startswith("统计概览-") and file_name.endswith(".csv")
    assert "lg-ita-reviewers" in saved.read_text(encoding="utf-8-sig")
    assert browser.console_errors() == []
