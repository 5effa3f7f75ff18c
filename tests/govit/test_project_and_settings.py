"""Project files and cluster settings: refused with the file, the field or the variable named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govit.project import ProjectFileError, load_project
from govit.settings import ClusterSettings, SettingsError

ROOT = Path(__file__).resolve().parents[2]


def test_the_sample_project_starts_the_lg_lifecycle_with_its_facts() -> None:
    project = load_project(ROOT / "deploy/samples/lg-project.yaml")
    assert project.process_id() == "lg-project-lifecycle"
    variables = project.variables()
    assert variables["applicationDate"] == "2026-03-02"
    assert variables["inScopeType"] is True
    assert {d["documentId"] for d in variables["documents"]} == {
        p.name for p in (ROOT / "deploy/samples/documents").iterdir()
    }


def test_a_json_project_file_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "jurisdiction": "HY",
                "projectName": "河源政务云",
                "unit": "河源市政数局",
                "totalInvestmentYuan": 1,
            }
        )
    )
    assert load_project(path).process_id() == "hy-project-lifecycle"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("jurisdiction: XX\nprojectName: 项目\nunit: 单位\ntotalInvestmentYuan: 1\n", "field 'jurisdiction'"),
        ("jurisdiction: LG\nunit: 单位\ntotalInvestmentYuan: 1\n", "field 'projectName': Field required"),
        (
            "jurisdiction: LG\nprojectName: 项目\nunit: 单位\ntotalInvestmentYuan: -5\n",
            "field 'totalInvestmentYuan'",
        ),
        (
            "jurisdiction: LG\nprojectName: 项目\nunit: 单位\ntotalInvestmentYuan: 1\n"
            "documents: [{material: fsr}]\n",
            "field 'documents.0.documentId'",
        ),
        ("- just a list\n", "expected a mapping"),
        ("jurisdiction: [unclosed\n", "not well-formed"),
    ],
)
def test_a_bad_project_file_names_the_file_and_the_field(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "project.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectFileError) as refused:
        load_project(path)
    assert str(refused.value).startswith(str(path))
    assert named in str(refused.value)


@pytest.mark.parametrize(
    ("region", "lifecycle"),
    [
        ("lg", "lg-project-lifecycle"),
        ("hy", "hy-project-lifecycle"),
        ("lz", "lz-project-lifecycle"),
        ("th", "th-project-lifecycle"),
        ("yb", "yb-project-lifecycle"),
    ],
)
def test_every_region_has_a_sample_project_file_that_starts_its_lifecycle(
    region: str, lifecycle: str
) -> None:
    project = load_project(ROOT / f"deploy/samples/{region}-project.yaml")
    assert project.process_id() == lifecycle


@pytest.mark.parametrize("jurisdiction", ["HY", "YB"])
def test_HY_YB_a_project_file_without_applicationRef_gets_one_for_the_withdrawal_message(
    tmp_path: Path, jurisdiction: str
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        f"jurisdiction: {jurisdiction}\nprojectName: 项目名称\nunit: 建设单位\ntotalInvestmentYuan: 1\n"
        "applicationDate: 2026-03-02\n",
        encoding="utf-8",
    )
    project = load_project(path)
    reference = project.variables()["applicationRef"]
    assert reference.startswith(f"{jurisdiction}-20260302-")
    assert project.variables()["applicationRef"] == reference  # made once, kept
    other = load_project(path).variables()["applicationRef"]
    assert other != reference  # two starts of the same file are two applications


def test_a_given_applicationRef_is_kept_and_other_regions_get_none(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "jurisdiction: YB\nprojectName: 项目名称\nunit: 建设单位\ntotalInvestmentYuan: 1\n"
        "applicationRef: YB-REF-1\n",
        encoding="utf-8",
    )
    assert load_project(path).variables()["applicationRef"] == "YB-REF-1"
    assert "applicationRef" not in load_project(ROOT / "deploy/samples/lz-project.yaml").variables()


def test_settings_default_to_the_embedded_engine_on_loopback() -> None:
    settings = ClusterSettings.from_env({})
    assert (settings.zeebe_address, settings.rest_address, settings.oauth) == (
        "127.0.0.1:26500",
        "http://127.0.0.1:8080",
        None,
    )


def test_oauth_settings_for_a_real_cluster() -> None:
    settings = ClusterSettings.from_env(
        {
            "ZEEBE_ADDRESS": "camunda.example.gov.cn:443",
            "CAMUNDA_REST_ADDRESS": "https://camunda.example.gov.cn/",
            "ZEEBE_CLIENT_ID": "govit",
            "ZEEBE_CLIENT_SECRET": "s",
            "ZEEBE_AUTHORIZATION_SERVER_URL": "https://login.example.gov.cn/token",
            "ZEEBE_TOKEN_AUDIENCE": "zeebe-api",
            "CAMUNDA_REST_TOKEN_AUDIENCE": "orchestration-api",
        }
    )
    assert settings.rest_address == "https://camunda.example.gov.cn"
    assert settings.oauth is not None
    assert (settings.oauth.grpc_audience, settings.oauth.rest_audience) == ("zeebe-api", "orchestration-api")


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"ZEEBE_CLIENT_ID": "govit"}, "ZEEBE_CLIENT_SECRET, ZEEBE_AUTHORIZATION_SERVER_URL"),
        ({"ZEEBE_TLS": "sometimes"}, "ZEEBE_TLS"),
        ({"CAMUNDA_REST_ADDRESS": "camunda:8080"}, "CAMUNDA_REST_ADDRESS"),
    ],
)
def test_settings_that_cannot_work_name_the_variable(environ: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        ClusterSettings.from_env(environ)
