from typing import Any

import pytest
from document_builders import Put, build_docx, build_pdf, build_xlsx, encrypt_pdf

from workers.documents.checking import DocumentChecker, merge_requirements
from workers.documents.models import DocumentCheck, DocumentCheckInput, RequiredMaterial


def run(
    checker: DocumentChecker, required: list[dict[str, Any]], documents: list[dict[str, Any]]
) -> DocumentCheck:
    request = DocumentCheckInput.model_validate({"requiredMaterials": required, "documents": documents})
    return checker.check(request, content=True)


def errors(report: DocumentCheck) -> list[str]:
    return [finding.message for finding in report.findings if finding.severity == "error"]


def warnings(report: DocumentCheck) -> list[str]:
    return [finding.message for finding in report.findings if finding.severity == "warning"]


FSR = {"material": "fsr", "name": "可行性研究报告", "mandatory": True, "ruleIds": "LG-11-1"}


def test_LG_11_1_feasibility_study_with_both_chapters_is_complete(checker: DocumentChecker, put: Put) -> None:
    doc = put("fsr-1", build_docx(headings=["第一章 概述", "第五章 信息资源共享分析", "第六章 信息安全"]))
    report = run(checker, [FSR], [{"material": "fsr", "documentId": doc, "fileName": "可研.docx"}])
    assert report.complete is True
    assert report.findings == []


def test_LG_11_1_feasibility_study_without_security_chapter(checker: DocumentChecker, put: Put) -> None:
    doc = put(
        "fsr-1",
        build_docx(headings=["第一章 概述", "第五章 信息资源共享分析"], paragraphs=["本章不涉及信息安全。"]),
    )
    report = run(checker, [FSR], [{"material": "fsr", "documentId": doc, "fileName": "可研.docx"}])
    assert report.complete is False
    [finding] = report.findings
    assert (finding.material, finding.rule_ids, finding.severity) == ("fsr", "LG-11-1", "error")
    assert "“信息安全”章节" in finding.message and "可研.docx" in finding.message
    assert finding.document_id == "fsr-1"


def test_LG_11_1_chapters_found_in_pdf(checker: DocumentChecker, put: Put) -> None:
    doc = put("fsr-1", build_pdf([["第一章 概述"], ["第五章 信息资源共享分析", "第六章 信息安全"]]))
    report = run(checker, [FSR], [{"material": "fsr", "documentId": doc, "fileName": "可研.pdf"}])
    assert report.complete is True


def test_LG_11_1_chapters_found_in_pdf_with_spaced_characters(checker: DocumentChecker, put: Put) -> None:
    doc = put("fsr-1", build_pdf([["第 五 章  信 息 资 源 共 享 分 析", "第 六 章  信 息 安 全"]]))
    report = run(checker, [FSR], [{"material": "fsr", "documentId": doc, "fileName": "可研.pdf"}])
    assert report.complete is True, report.findings


PRELIM = {"material": "prelim_design", "name": "初步设计方案及概算", "ruleIds": "LG-12-2"}


def test_LG_12_2_preliminary_design_with_required_contents(checker: DocumentChecker, put: Put) -> None:
    doc = put(
        "pd-1",
        build_docx(
            headings=["第三章 信息资源共享分析", "第四章 信息安全", "第七章 项目实施"],
            paragraphs=[
                "项目验收的方式和内容：……",
                "技术人员构成：项目经理1名……工作时间共计36人月。",
                "详细实施计划见附表。",
            ],
        ),
    )
    report = run(
        checker, [PRELIM], [{"material": "prelim_design", "documentId": doc, "fileName": "初设.docx"}]
    )
    assert report.complete is True and report.findings == []


def test_LG_12_2_missing_contents_warn_the_clerk(checker: DocumentChecker, put: Put) -> None:
    doc = put("pd-1", build_docx(headings=["第三章 信息资源共享分析", "第四章 信息安全"]))
    report = run(
        checker, [PRELIM], [{"material": "prelim_design", "documentId": doc, "fileName": "初设.docx"}]
    )
    assert report.complete is True
    assert len(warnings(report)) == 4
    assert any("技术人员构成" in message for message in warnings(report))


QUOTATIONS = {"material": "quotations", "name": "报价清单", "ruleIds": "LG-12-3"}


def test_LG_12_3_three_suppliers_in_a_quotation_list(checker: DocumentChecker, put: Put) -> None:
    rows = [
        ["序号", "供应商", "设备", "报价（元）"],
        [1, "甲公司", "服务器", 100],
        [2, "乙公司", "服务器", 110],
    ]
    rows += [[3, "丙 公司", "服务器", 120], [None, "合计", None, 330]]
    doc = put("q-1", build_xlsx({"报价": rows}))
    report = run(
        checker, [QUOTATIONS], [{"material": "quotations", "documentId": doc, "fileName": "报价.xlsx"}]
    )
    assert report.complete is True, report.findings


def test_LG_12_3_two_distinct_suppliers_are_not_enough(checker: DocumentChecker, put: Put) -> None:
    rows = [["供应商", "设备"], ["甲公司", "服务器"], ["乙公司", "服务器"], ["甲公司", "交换机"]]
    doc = put("q-1", build_xlsx({"报价": rows}))
    report = run(
        checker, [QUOTATIONS], [{"material": "quotations", "documentId": doc, "fileName": "报价.xlsx"}]
    )
    assert report.complete is False
    [message] = errors(report)
    assert "不少于3家" in message and "仅识别出 2 家" in message


def test_LG_12_3_suppliers_counted_across_quotation_letters(checker: DocumentChecker, put: Put) -> None:
    documents = []
    for n, supplier in enumerate(["甲科技有限公司", "乙信息技术有限公司", "丙数据有限公司"]):
        doc = put(f"q-{n}", build_docx(paragraphs=[f"报价单位：{supplier}", "服务器 2 台，合计 20 万元。"]))
        documents.append({"material": "quotations", "documentId": doc, "fileName": f"报价{n}.docx"})
    assert run(checker, [QUOTATIONS], documents).complete is True


def test_LG_12_3_unidentified_supplier_is_a_warning(checker: DocumentChecker, put: Put) -> None:
    doc = put("q-1", build_pdf([["服务器 2 台 合计 20 万元"]]))
    report = run(
        checker, [QUOTATIONS], [{"material": "quotations", "documentId": doc, "fileName": "报价.pdf"}]
    )
    assert any("未识别出报价机构" in message for message in warnings(report))
    assert report.complete is False


TH_FSR = {"material": "fsr", "name": "可行性研究报告", "ruleIds": "TH-15-1"}


def test_TH_15_1_data_sharing_chapter_required(checker: DocumentChecker, put: Put) -> None:
    doc = put("fsr-1", build_docx(headings=["第一章 概述", "第五章 信息资源共享分析"]))
    report = run(checker, [TH_FSR], [{"material": "fsr", "documentId": doc, "fileName": "可研.docx"}])
    assert any("数据资源共享分析" in message for message in errors(report))


def test_TH_15_1_chapter_and_contents_present(checker: DocumentChecker, put: Put) -> None:
    doc = put(
        "fsr-1",
        build_docx(
            headings=["第五篇 数据资源共享分析"],
            paragraphs=[
                "编制数据资源目录，明确共享类型、共享要求和共享途径；建立长效机制和使用情况反馈机制。"
            ],
        ),
    )
    report = run(checker, [TH_FSR], [{"material": "fsr", "documentId": doc, "fileName": "可研.docx"}])
    assert report.findings == []


CATALOG = {"material": "data_catalog", "name": "数据资源目录", "ruleIds": "TH-15-3"}
CATALOG_HEADER = ["序号", "数据资源名称", "共享类型", "共享条件", "共享方式"]


def test_TH_15_3_data_resource_catalog_complete(checker: DocumentChecker, put: Put) -> None:
    rows = [CATALOG_HEADER, [1, "企业基本信息", "无条件共享", "无", "接口"]]
    doc = put("cat-1", build_xlsx({"目录": rows}))
    report = run(
        checker, [CATALOG], [{"material": "data_catalog", "documentId": doc, "fileName": "目录.xlsx"}]
    )
    assert report.complete is True and report.findings == []


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["序号", "数据资源名称", "共享类型"], [1, "企业基本信息", "无条件共享"]],
            "缺少列：共享要求、共享途径",
        ),
        ([CATALOG_HEADER], "没有填写任何数据资源"),
        ([CATALOG_HEADER, [1, "企业基本信息", "", "无", "接口"]], "未写明共享类型、要求或途径：企业基本信息"),
    ],
)
def test_TH_15_3_deficient_catalog(
    checker: DocumentChecker, put: Put, rows: list[list[object]], message: str
) -> None:
    doc = put("cat-1", build_docx(tables=[rows]))
    report = run(
        checker, [CATALOG], [{"material": "data_catalog", "documentId": doc, "fileName": "目录.docx"}]
    )
    assert report.complete is False
    assert any(message in text for text in errors(report)), errors(report)


FORM_1 = {"material": "application_form_hy", "name": "项目立项申请表", "ruleIds": "HY-11-5"}


def form_1(**blank: str) -> list[list[str]]:
    values = {
        "申请单位": "河源市某局",
        "项目使用单位": "河源市某局",
        "项目名称": "某系统建设项目",
        "项目拟建设地点": "河源市",
        "建设性质": "☑新建 □扩建 □迁建 □改建 □其他",
        "计划动工时间": "2026 年 3 月",
        "计划竣工时间": "2026 年 12 月",
        "项目总投资 (万元)": "120",
        "建设内容": "建设某系统。",
        "预期经济和社会效益": "提升效率。",
        "联系人": "张三",
        "办公电话": "0762-1234567",
        "手机号码": "13800000000",
        "联系地址": "河源市某路1号",
        "邮编": "517000",
    }
    values.update(blank)
    return [
        ["申请单位", values["申请单位"], values["申请单位"]],
        ["项目使用单位", values["项目使用单位"], values["项目使用单位"]],
        ["项目名称", values["项目名称"], values["项目名称"]],
        ["项目拟建设地点", values["项目拟建设地点"], values["项目拟建设地点"]],
        ["建设性质", values["建设性质"], values["建设性质"]],
        ["计划动工时间", values["计划动工时间"], "项目总投资 (万元)", values["项目总投资 (万元)"]],
        ["计划竣工时间", values["计划竣工时间"], "", ""],
        ["建设内容", values["建设内容"], values["建设内容"]],
        ["预期经济和社会效益", values["预期经济和社会效益"], values["预期经济和社会效益"]],
        ["联系人", values["联系人"], "办公电话", values["办公电话"], "手机号码", values["手机号码"]],
        ["联系地址", values["联系地址"], "邮编", values["邮编"]],
    ]


def test_HY_11_5_application_form_filled(checker: DocumentChecker, put: Put) -> None:
    doc = put("f1", build_docx(tables=[form_1()]))
    report = run(
        checker, [FORM_1], [{"material": "application_form_hy", "documentId": doc, "fileName": "附表1.docx"}]
    )
    assert report.complete is True, report.findings


def test_HY_11_5_application_form_blank_fields_named(checker: DocumentChecker, put: Put) -> None:
    blank = {"计划动工时间": "年 月", "邮编": "", "建设性质": "□新建 □扩建 □迁建 □改建 □其他"}
    doc = put("f1", build_xlsx({"附表1": form_1(**blank)}))
    report = run(
        checker, [FORM_1], [{"material": "application_form_hy", "documentId": doc, "fileName": "附表1.xlsx"}]
    )
    [message] = errors(report)
    assert "未填写：建设性质、计划动工时间、邮编" in message


FORM_2 = {"material": "data_checklist_hy", "name": "项目数据资源管理核查表", "ruleIds": "HY-11-5"}


def form_2(data_rows: list[list[str]]) -> list[list[str]]:
    return [
        ["项目名称", "某系统", "某系统", "某系统"],
        ["联系人", "张三", "电话", "0762-1234567", "邮箱", "a@example.cn"],
        ["项目简介", "简介", "简介", "简介"],
        ["项目总投资", "系统硬件", "50", "50"],
        ["项目总投资", "系统软件", "20", "20"],
        ["项目总投资", "应用软件开发", "50", "50"],
        ["立项时间", "2026-01-10", "预计验收时间", "2026-12-20"],
        ["本项目数据内容", "系统功能", "产生数据名称", "共享周期", "提供方式"],
        *data_rows,
    ]


def test_HY_11_5_data_checklist_filled(checker: DocumentChecker, put: Put) -> None:
    doc = put("f2", build_docx(tables=[form_2([["", "功能1", "企业登记信息", "每日", "接口"]])]))
    report = run(
        checker, [FORM_2], [{"material": "data_checklist_hy", "documentId": doc, "fileName": "附表2.docx"}]
    )
    assert report.complete is True, report.findings


def test_HY_11_5_data_checklist_with_only_the_examples(checker: DocumentChecker, put: Put) -> None:
    rows = [
        ["", "功能 1", "企业基本信息（例）", "", ""],
        ["", "", ".....", "", ""],
        ["", "", "数据名称 N", "", ""],
    ]
    doc = put("f2", build_docx(tables=[form_2(rows)]))
    report = run(
        checker, [FORM_2], [{"material": "data_checklist_hy", "documentId": doc, "fileName": "附表2.docx"}]
    )
    assert any("未填写本项目数据内容" in message for message in errors(report))


def test_HY_11_5_data_not_shared_needs_a_legal_basis(checker: DocumentChecker, put: Put) -> None:
    doc = put("f2", build_docx(tables=[form_2([["", "功能1", "涉密名单", "不予共享", "不予共享"]])]))
    report = run(
        checker, [FORM_2], [{"material": "data_checklist_hy", "documentId": doc, "fileName": "附表2.docx"}]
    )
    assert any("政策依据" in message for message in warnings(report))


def test_missing_mandatory_material_is_listed(checker: DocumentChecker) -> None:
    report = run(checker, [FSR, {"material": "meeting_minutes", "name": "会议纪要", "mandatory": False}], [])
    assert report.complete is False
    assert [(m.material, m.name, m.rule_ids) for m in report.missing] == [
        ("fsr", "可行性研究报告", "LG-11-1")
    ]
    assert [f.message for f in report.findings] == [
        "缺少必需材料：可行性研究报告（fsr）（LG-11-1）",
        "未提交可选材料：会议纪要（meeting_minutes）",
    ]


def test_document_for_an_unrequired_material_is_noted(checker: DocumentChecker, put: Put) -> None:
    doc = put("x", build_pdf([["内容"]]))
    report = run(checker, [], [{"material": "nda", "documentId": doc, "fileName": "承诺书.pdf"}])
    assert report.complete is True
    assert [f.severity for f in report.findings] == ["info"]


def test_file_missing_from_the_store_is_a_finding(checker: DocumentChecker) -> None:
    report = run(checker, [FSR], [{"material": "fsr", "documentId": "gone", "fileName": "可研.pdf"}])
    assert report.complete is False
    assert "在文档库中不存在" in errors(report)[0]


def test_encrypted_pdf_is_a_finding_not_a_crash(checker: DocumentChecker, put: Put) -> None:
    doc = put("fsr-1", encrypt_pdf(build_pdf([["第一章 概述"]]), user_password="secret"))
    report = run(checker, [FSR], [{"material": "fsr", "documentId": doc, "fileName": "可研.pdf"}])
    assert report.complete is False
    [finding] = report.findings
    assert finding.file_name == "可研.pdf" and "加密" in finding.message


def test_scanned_pdf_is_left_to_the_clerk(checker: DocumentChecker, put: Put) -> None:
    doc = put("fsr-1", build_pdf([[]]))
    report = run(checker, [FSR], [{"material": "fsr", "documentId": doc, "fileName": "扫描.pdf"}])
    assert report.complete is True
    assert [f.severity for f in report.findings] == ["warning"]


def test_completeness_check_does_not_judge_content(checker: DocumentChecker, put: Put) -> None:
    doc = put("fsr-1", build_docx(headings=["第一章 概述"]))
    request = DocumentCheckInput.model_validate(
        {
            "requiredMaterials": [FSR],
            "documents": [{"material": "fsr", "documentId": doc, "fileName": "可研.docx"}],
        }
    )
    report = checker.check(request, content=False)
    assert report.complete is True and report.content_checked is False


def test_requirements_from_several_rules_are_merged() -> None:
    merged = merge_requirements(
        [
            RequiredMaterial(material="fsr", name="可行性研究报告", mandatory=False, rule_ids=("LG-11-1",)),
            RequiredMaterial.model_validate(
                {"material": "fsr", "mandatory": True, "ruleIds": "TH-15-1, LG-11-1"}
            ),
        ]
    )
    assert len(merged) == 1
    assert merged[0].mandatory is True
    assert merged[0].rule_ids == ("LG-11-1", "TH-15-1")


FORM_3 = {"material": "change_form_hy", "name": "项目变更单", "ruleIds": "HY-21-1"}


def form_3(basis: str) -> list[list[str]]:
    return [
        ["项目名称", "某系统", "分项目名称", "子系统一"],
        ["承建单位", "某科技有限公司", "某科技有限公司", "某科技有限公司"],
        [basis, basis, basis, basis],
        ["变更内容：将两台服务器替换为同等配置的国产服务器。"] * 4,
        ["项目负责人：", "", "日期：", ""],
        ["建设单位意见：同意。"] * 4,
    ]


def test_HY_21_1_change_order_values_after_the_label_in_one_cell(checker: DocumentChecker, put: Put) -> None:
    doc = put("f3", build_docx(tables=[form_3("变更依据：合同第五条约定的设备停产。")]))
    report = run(
        checker, [FORM_3], [{"material": "change_form_hy", "documentId": doc, "fileName": "附表3.docx"}]
    )
    assert report.complete is True, report.findings


def test_HY_21_1_change_order_without_basis(checker: DocumentChecker, put: Put) -> None:
    doc = put("f3", build_docx(tables=[form_3("变更依据：")]))
    report = run(
        checker, [FORM_3], [{"material": "change_form_hy", "documentId": doc, "fileName": "附表3.docx"}]
    )
    assert errors(report) == ["项目变更单（附表3）“附表3.docx”未填写：变更依据"]
    assert report.findings[0].rule_ids == "HY-21-1"


YB_SPEC = {"material": "yb_demand_spec", "name": "需求说明", "ruleIds": "YB-6-1"}
YB_CHAPTERS = [
    "第一章 项目概述",
    "第二章 单位现状",
    "第三章 需求分析",
    "第四章 建设方案",
    "第五章 项目实施进度和组织安排",
    "第六章 项目风险及控制措施",
    "第七章 总投资详细估算和资金来源",
    "第八章 经济和社会效益",
]


def test_YB_6_2_requirement_specification_outline_complete(checker: DocumentChecker, put: Put) -> None:
    doc = put("s", build_docx(headings=YB_CHAPTERS, paragraphs=["3.7 安全需求分析：商用密码应用建设方案……"]))
    report = run(
        checker, [YB_SPEC], [{"material": "yb_demand_spec", "documentId": doc, "fileName": "需求说明.docx"}]
    )
    assert report.findings == []


def test_YB_6_2_adjusted_outline_only_warns(checker: DocumentChecker, put: Put) -> None:
    doc = put("s", build_docx(headings=YB_CHAPTERS[:5]))
    report = run(
        checker, [YB_SPEC], [{"material": "yb_demand_spec", "documentId": doc, "fileName": "需求说明.docx"}]
    )
    assert report.complete is True
    assert len(warnings(report)) == 4  # three chapters and the crypto plan
    assert {f.rule_ids for f in report.findings} == {"YB-6-2"}  # the rule that found them


INITIATION = {"material": "initiation_report", "name": "立项申请报告", "ruleIds": "LG-10-6"}


def test_LG_10_6_initiation_report_covering_the_twelve_matters(checker: DocumentChecker, put: Put) -> None:
    text = (
        "一、信息化现状和存在的问题。二、项目建设的必要性和依据。三、经济效益和社会效益。四、建设目标。"
        "五、主要建设内容及本单位政务信息系统整合共享计划。六、拟建地点与拟建规模。七、建设时序。"
        "八、投资匡算与资金使用。九、运营（运维）方案。"
    )
    doc = put("ir", build_docx(paragraphs=[text]))
    report = run(
        checker, [INITIATION], [{"material": "initiation_report", "documentId": doc, "fileName": "立项.docx"}]
    )
    assert report.findings == []


def test_LG_10_6_initiation_report_missing_matters_are_listed(checker: DocumentChecker, put: Put) -> None:
    doc = put("ir", build_docx(paragraphs=["一、建设目标。二、主要建设内容。三、投资匡算。"]))
    report = run(
        checker, [INITIATION], [{"material": "initiation_report", "documentId": doc, "fileName": "立项.docx"}]
    )
    assert report.complete is True  # wording varies: the clerk weighs each warning
    assert len(warnings(report)) == 9
    assert any("政务信息系统整合共享计划" in message for message in warnings(report))
