"""LG-10-3, LG-54-1: the investment-plan box on the LG application, both answers, for every LG route.

第十条: a new initiative (新动议项目) is reviewed by the ITA and set up (立项) by the DRC, and only
then enters the next-year district investment plan, so at application it is never in the plan.
第五十四条's technical review covers projects that stay outside the plan, not new initiatives on
their way into it. The form hides the box for new initiatives (the variable is then absent) and
form-js submits an unticked box as false: every one of these answers must keep a new initiative on
its route, with the topic meeting (LG-10-5), the feasibility study (LG-11-1) and the DRC 立项.
"""

from __future__ import annotations

from typing import Any

import pytest

BASE = {"jurisdiction": "LG", "usesDistrictFunds": True, "inScopeType": True}
BOX_ANSWERS = [True, False, None]  # ticked, unticked (form-js sends false), hidden (absent)


def route_of(decide: Any, **facts: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    variables = {**BASE, **facts}
    applicability = decide("applicability", **variables)
    if not applicability["inScope"]:
        return applicability, None
    return applicability, decide("approvalRoute_LG", **variables, regime=applicability["regime"])


@pytest.mark.parametrize("in_plan", BOX_ANSWERS)
@pytest.mark.parametrize(
    ("total", "topic_meeting", "feasibility_study"),
    [
        (9_999_999, False, False),
        (10_000_000, True, False),
        (49_999_999, True, False),
        (50_000_000, True, True),
    ],
)
def test_LG_10_3_LG_10_5_LG_11_1_new_initiative_keeps_its_route_whatever_the_plan_box(
    decide: Any, in_plan: bool | None, total: int, topic_meeting: bool, feasibility_study: bool
) -> None:
    applicability, route = route_of(
        decide, isNewInitiative=True, totalInvestmentYuan=total, inDistrictInvestmentPlan=in_plan
    )
    assert applicability["regime"] == "FULL"
    assert route is not None
    assert route["route"] == "LG_NEW_INITIATIVE"
    assert route["needsLeaderTopicMeeting"] is topic_meeting
    assert route["needsFeasibilityStudy"] is feasibility_study
    assert route["needsDrcProjectApproval"] is True


@pytest.mark.parametrize("new_initiative", [False, None])
@pytest.mark.parametrize("total", [500_000, 49_999_999, 50_000_000])
def test_LG_54_1_continuing_project_outside_the_plan_gets_the_technical_review_only(
    decide: Any, new_initiative: bool | None, total: int
) -> None:
    in_plan = route_of(
        decide, isNewInitiative=new_initiative, totalInvestmentYuan=total, inDistrictInvestmentPlan=True
    )[1]
    outside = route_of(
        decide, isNewInitiative=new_initiative, totalInvestmentYuan=total, inDistrictInvestmentPlan=False
    )[1]
    assert in_plan is not None and in_plan["route"] == "LG_STANDARD"
    assert in_plan["needsFeasibilityStudy"] is (total >= 50_000_000)
    assert outside is not None and outside["route"] == "LG_TECH_REVIEW_ONLY"
    assert outside["approvalAuthority"] == "ITA"


def test_LG_54_1_unanswered_plan_box_of_a_continuing_project_keeps_the_full_procedure(decide: Any) -> None:
    # an unset flag never takes a project out of the full procedure (the safe default)
    route = route_of(
        decide, isNewInitiative=False, totalInvestmentYuan=6_000_000, inDistrictInvestmentPlan=None
    )[1]
    assert route is not None and route["route"] == "LG_STANDARD"


@pytest.mark.parametrize("new_initiative", [True, False])
@pytest.mark.parametrize("in_plan", BOX_ANSWERS)
def test_LG_14_1_upper_level_funded_project_is_filed_whatever_the_plan_box(
    decide: Any, new_initiative: bool, in_plan: bool | None
) -> None:
    route = route_of(
        decide,
        isNewInitiative=new_initiative,
        totalInvestmentYuan=20_000_000,
        inDistrictInvestmentPlan=in_plan,
        upperLevelFunded=True,
    )[1]
    assert route is not None and route["route"] == "LG_UPPER_LEVEL_FILING"


def test_LG_10_3_application_form_hides_the_plan_box_from_new_initiatives() -> None:
    import json
    from pathlib import Path

    form = json.loads((Path(__file__).parents[2] / "forms/lg/application.form").read_text(encoding="utf-8"))

    def find(components: list[dict[str, Any]]) -> dict[str, Any] | None:
        for component in components:
            if component.get("key") == "inDistrictInvestmentPlan":
                return component
            if found := find(component.get("components", [])):
                return found
        return None

    box = find(form["components"])
    assert box is not None
    assert box["conditional"]["hide"] == "=isNewInitiative = true"
