"""requiredMaterials: the document list the documents worker checks, per stage.

Each entry is a context {material, name, mandatory, ruleIds}; the material keys are those of
RULES.md §1.2.
"""

import pytest


def materials(decide, **variables):
    found = decide("requiredMaterials", **variables) or []  # COLLECT with no match is null, as in Camunda
    return {entry["material"]: entry for entry in found}


def lg_application(total, new_initiative=True, **extra):
    return {
        "jurisdiction": "LG",
        "stage": "APPLICATION",
        "regime": "FULL",
        "totalInvestmentYuan": total,
        "isNewInitiative": new_initiative,
        **extra,
    }


@pytest.mark.parametrize(("total", "fsr"), [(49_999_999, False), (50_000_000, True), (50_000_001, True)])
def test_LG_11_1_fsr_document_at_50_million(decide, total, fsr):
    got = materials(decide, **lg_application(total))
    assert ("fsr" in got) is fsr
    if fsr:
        assert got["fsr"] == {
            "material": "fsr",
            "name": "可行性研究报告（含信息资源共享分析和信息安全章节）",
            "mandatory": True,
            "ruleIds": "LG-11-1",
        }


@pytest.mark.parametrize(("total", "minutes"), [(9_999_999, False), (10_000_000, True), (10_000_001, True)])
def test_LG_10_5_topic_meeting_minutes_from_10_million(decide, total, minutes):
    assert ("topic_meeting_minutes" in materials(decide, **lg_application(total))) is minutes
    assert "topic_meeting_minutes" not in materials(decide, **lg_application(total, new_initiative=False))


def test_LG_10_2_LG_10_6_LG_10_7_new_initiative_documents(decide):
    got = materials(decide, **lg_application(3_000_000))
    assert set(got) == {"proposal", "meeting_minutes", "prelim_design"}
    assert got["proposal"]["ruleIds"] == "LG-10-6, LG-10-2, LG-10-7"


def test_LG_12_1_LG_12_2_continuing_project_needs_only_the_preliminary_design(decide):
    assert set(materials(decide, **lg_application(3_000_000, new_initiative=False))) == {"prelim_design"}


@pytest.mark.parametrize(("equipment", "quotations"), [(True, True), (False, False), (None, False)])
def test_LG_12_3_three_quotations_for_equipment(decide, equipment, quotations):
    got = materials(decide, **lg_application(3_000_000, equipmentPurchase=equipment))
    assert ("quotations" in got) is quotations


def test_LG_14_1_upper_level_filing_needs_no_district_application_documents(decide):
    assert materials(decide, **lg_application(90_000_000, regime="UPPER_LEVEL_FILING")) == {}


@pytest.mark.parametrize(
    ("regime", "expected"),
    [
        pytest.param(
            "APPROVAL",
            {"application_form_hy", "plan", "data_checklist_hy", "necessity_docs", "safe_reliable_stmt"},
            id="HY-11-5 approval regime",
        ),
        pytest.param("FILING", {"plan", "safe_reliable_stmt"}, id="HY-12-2 filing regime"),
    ],
)
def test_HY_11_5_HY_12_2_HY_11_2_HY_9_5_application_documents(decide, regime, expected):
    got = materials(decide, jurisdiction="HY", stage="APPLICATION", regime=regime, involvesCrypto=False)
    assert set(got) == expected


@pytest.mark.parametrize("regime", ["APPROVAL", "FILING"])
def test_HY_11_3_HY_11_4_crypto_documents(decide, regime):
    got = materials(decide, jurisdiction="HY", stage="APPLICATION", regime=regime, involvesCrypto=True)
    assert {"crypto_plan", "crypto_plan_eval", "crypto_opinion"} <= set(got)


@pytest.mark.parametrize(("regime", "conformity"), [("APPROVAL", True), ("FILING", False)])
def test_HY_24_1_HY_22_1_HY_25_1_acceptance_documents(decide, regime, conformity):
    got = materials(decide, jurisdiction="HY", stage="ACCEPTANCE", regime=regime)
    assert ("conformity_pack" in got) is conformity
    assert {"archive", "acceptance_report"} <= set(got)


@pytest.mark.parametrize(
    ("in_city_plan", "urgent", "expected"),
    [
        pytest.param(False, False, {"proposal", "fsr", "prelim_design"}, id="LZ-10-1 standard path"),
        pytest.param(True, False, {"fsr"}, id="LZ-10-2 in the city plan"),
        pytest.param(False, True, {"fsr", "prelim_design"}, id="LZ-10-3 urgent mandated"),
    ],
)
def test_LZ_10_1_LZ_10_2_LZ_10_3_LZ_10_4_LZ_13_1_LZ_14_1_LZ_22_1_application_paths(
    decide, in_city_plan, urgent, expected
):
    got = materials(
        decide, jurisdiction="LZ", stage="APPLICATION", inCityPlan=in_city_plan, urgentMandated=urgent
    )
    assert set(got) - {"cost_eval", "resource_list", "safe_reliable_stmt", "crypto_plan"} == expected
    # LZ-10-4, LZ-13-1, LZ-14-1, LZ-22-1: on every path
    assert {"cost_eval", "resource_list", "safe_reliable_stmt", "crypto_plan"} <= set(got)


def test_LZ_11_1_cross_department_framework_plan(decide):
    assert "framework_plan" in materials(decide, jurisdiction="LZ", stage="APPLICATION", crossDepartment=True)
    assert "framework_plan" not in materials(
        decide, jurisdiction="LZ", stage="APPLICATION", crossDepartment=False
    )


@pytest.mark.parametrize(
    ("total", "software_test"), [(4_999_999, False), (5_000_000, True), (5_000_001, True)]
)
def test_LZ_23_2_software_acceptance_test_report_from_5_million(decide, total, software_test):
    got = materials(
        decide, jurisdiction="LZ", stage="ACCEPTANCE", involvesSoftwareDev=True, totalInvestmentYuan=total
    )
    assert ("tp_test_report" in got) is software_test
    assert {"crypto_assessment", "mlps_report", "archive"} <= set(got)  # LZ-22-1, LZ-21-1, LZ-16-1


@pytest.mark.parametrize(("total", "standard"), [(4_999_999, False), (5_000_000, True)])
def test_LZ_15_1_standard_from_5_million(decide, total, standard):
    assert (
        "standard" in materials(decide, jurisdiction="LZ", stage="RESULTS", totalInvestmentYuan=total)
    ) is standard


def test_TH_11_1_TH_15_3_TH_15_1_TH_8_4_TH_21_1_application_package(decide):
    got = materials(decide, jurisdiction="TH", stage="APPLICATION")
    assert set(got) == {"request_doc", "fsr", "cost_eval", "data_catalog", "crypto_plan"}
    assert got["data_catalog"]["mandatory"] is True


def test_TH_21_2_TH_39_1_conditional_application_documents(decide):
    got = materials(decide, jurisdiction="TH", stage="APPLICATION", classified=True, socialCapital=True)
    assert {"secrecy_plan", "social_capital_filing"} <= set(got)


def test_TH_6_1_implementation_plan_is_optional(decide):
    assert materials(decide, jurisdiction="TH", stage="PLANNING")["impl_plan"]["mandatory"] is False


def test_TH_27_1_TH_27_2_TH_28_1_acceptance_materials(decide):
    got = materials(decide, jurisdiction="TH", stage="ACCEPTANCE")
    assert set(got) == {
        "construction_summary",
        "financial_audit",
        "mlps_report",
        "crypto_assessment",
        "archive",
    }


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        pytest.param("CONSTRUCTION", {"yb_demand_form", "yb_demand_spec"}, id="YB-6-1 construction"),
        pytest.param("OM", {"yb_demand_form"}, id="YB-5-1 O&M uses 附件1 alone"),
    ],
)
def test_YB_6_1_YB_5_1_YB_6_2_demand_declaration(decide, category, expected):
    assert set(materials(decide, jurisdiction="YB", stage="APPLICATION", ybCategory=category)) == expected


# (rule id, jurisdiction, stage, extra variables, material)
STAGE_MATERIALS = [
    ("LG-8-1", "LG", "PLANNING", {}, "special_plan"),
    ("LG-10-1", "LG", "PLANNING", {}, "annual_plan"),
    ("LG-19-3", "LG", "CONTRACT", {}, "award_notice"),
    ("LG-19-3", "LG", "CONTRACT", {}, "contract_copy"),
    ("LG-20-2", "LG", "IMPLEMENTATION", {}, "progress_report"),
    ("LG-22-1", "LG", "IMPLEMENTATION", {}, "perf_report"),
    ("LG-26-1", "LG", "ACCEPTANCE", {}, "selftest_report"),
    ("LG-26-3", "LG", "ACCEPTANCE", {}, "prelim_accept_report"),
    ("LG-27-2", "LG", "ACCEPTANCE", {}, "tp_test_report"),
    ("LG-27-3", "LG", "ACCEPTANCE", {}, "final_accept_report"),
    ("LG-28-1", "LG", "ACCEPTANCE", {}, "sec_test_report"),
    ("LG-29-2", "LG", "ACCEPTANCE", {}, "db_access_pack"),
    ("LG-29-3", "LG", "ACCEPTANCE", {"involvesSoftwareDev": True}, "source_code"),
    ("LG-21-1", "LG", "ACCEPTANCE", {}, "archive"),
    ("LG-30-2", "LG", "ACCEPTANCE", {}, "completion_report"),
    ("LG-35-1", "LG", "SETTLEMENT", {}, "final_accounts"),
    ("LG-46-1", "LG", "OM", {}, "om_funding_req"),
    ("HY-6-1", "HY", "PLANNING", {}, "annual_plan"),
    ("HY-21-1", "HY", "CHANGE", {}, "change_form_hy"),
    ("LZ-40-1", "LZ", "CONTRACT", {}, "nda"),
    ("LZ-24-1", "LZ", "PERFORMANCE", {}, "perf_report"),
    ("LZ-34-1", "LZ", "PERFORMANCE", {}, "self_eval"),
    ("LZ-29-2", "LZ", "OM", {"lzCategory": "GOVERNANCE"}, "om_funding_req"),
    ("LZ-38-1", "LZ", "TERMINATION", {}, "decommission_plan"),
    ("LZ-25-1", "LZ", "ACCEPTANCE", {}, "archive"),
    ("TH-14-1", "TH", "APPROVAL", {}, "project_code"),
    ("TH-27-4", "TH", "SETTLEMENT", {}, "final_accounts"),
    ("TH-23-1", "TH", "PERFORMANCE", {}, "perf_report"),
    ("TH-30-1", "TH", "PERFORMANCE", {}, "self_eval"),
    ("TH-11-8", "TH", "OM", {}, "om_plan"),
    ("YB-12-1", "YB", "CONTRACT", {}, "contract_copy"),
    ("YB-14-1", "YB", "ACCEPTANCE", {}, "data_catalog"),
    ("YB-15-1", "YB", "ARCHIVE", {}, "yb_docs"),
]


@pytest.mark.parametrize("row", [pytest.param(row, id=f"{row[0]} {row[4]}") for row in STAGE_MATERIALS])
def test_stage_material(decide, row):
    rule_id, jurisdiction, stage, extra, material = row
    got = materials(decide, jurisdiction=jurisdiction, stage=stage, **extra)
    assert rule_id in got[material]["ruleIds"]
    # the same material is not asked for at an unrelated stage of the same jurisdiction
    assert material not in materials(decide, jurisdiction=jurisdiction, stage="NO_SUCH_STAGE", **extra)


def test_LZ_29_2_om_funding_request_only_for_governance_projects(decide):
    assert "om_funding_req" not in materials(
        decide, jurisdiction="LZ", stage="OM", lzCategory="PUBLIC_SERVICE"
    )


def test_entries_have_the_documents_worker_shape(decide):
    found = decide("requiredMaterials", **lg_application(60_000_000, equipmentPurchase=True))
    assert found, "the LG application stage asks for documents"
    for entry in found:
        assert set(entry) == {"material", "name", "mandatory", "ruleIds"}
        assert isinstance(entry["mandatory"], bool) and entry["name"] and entry["ruleIds"]
