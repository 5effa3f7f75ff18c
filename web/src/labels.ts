// Every code a user of the workspace sees, in Chinese (zh-CN). The codes come from the forms'
// option values (forms/), the decision tables' outputs (decisions/README.md) and Camunda 8.8's
// states; a code with no label here is shown as it is, so a new one is visible rather than hidden.

export const JURISDICTIONS: Record<string, string> = {
  LG: '深圳市龙岗区',
  HY: '河源市',
  LZ: '莱州市',
  TH: '盐城市亭湖区',
  YB: '重庆市渝北区',
};

/** User task, process instance, incident and element states of the 8.8 API. */
export const STATES: Record<string, string> = {
  CREATED: '待办',
  CREATING: '创建中',
  ASSIGNING: '分配中',
  UPDATING: '更新中',
  COMPLETING: '办理中',
  CANCELING: '取消中',
  COMPLETED: '已完成',
  CANCELED: '已取消',
  FAILED: '失败',
  ACTIVE: '进行中',
  TERMINATED: '已终止',
  PENDING: '待处理',
  RESOLVED: '已解决',
  MIGRATED: '已迁移',
};

/** Outcomes of reviews, approvals, expert panels and checks. */
export const OUTCOMES: Record<string, string> = {
  APPROVED: '通过',
  RETURNED: '退回补正/修改',
  REJECTED: '不通过',
  PASS: '合格',
  FAIL: '不合格',
  PASSED: '通过',
  PASSED_WITH_CONDITIONS: '修改后同意',
  FAILED: '不通过',
  AGREED: '同意',
  DISAGREED: '不同意',
};

/** Deadline forces and what a breach does (sla decision). */
export const DEADLINES: Record<string, string> = {
  HARD: '刚性时限',
  SOFT: '原则上时限',
  NONE: '无时限',
  ESCALATE: '逾期上报',
  REMIND_AND_ESCALATE: '提醒并上报',
  WORKING_DAYS: '个工作日',
  MONTHS: '个月',
  YEARS: '年',
};

/** Regimes, routes, categories, approval authorities and phases of the decision tables. */
export const CATEGORIES: Record<string, string> = {
  FULL: '完整程序',
  FILING: '备案制',
  APPROVAL: '审批制',
  OUT_OF_SCOPE: '不适用本办法',
  SPECIAL_SECRET: '涉密项目（按保密规定）',
  SPECIAL_RULES: '国家另有规定',
  FULL_SECRET_VARIANT: '涉密项目（完整程序）',
  TECH_REVIEW_ONLY: '仅技术审核',
  UPPER_LEVEL_FILING: '上级资金项目备案',
  GOV_INVESTMENT_EXTERNAL: '按政府投资条例办理',
  LG_STANDARD: '龙岗标准程序',
  LG_NEW_INITIATIVE: '龙岗新动议项目',
  LG_UPPER_LEVEL_FILING: '龙岗上级资金项目备案',
  LG_TECH_REVIEW_ONLY: '龙岗仅技术审核',
  HY_APPROVAL: '河源审批制',
  HY_FILING: '河源备案制',
  HY_GOV_INVESTMENT_EXTERNAL: '河源按政府投资条例办理',
  LZ_GOVERNANCE: '莱州政务治理类',
  LZ_PUBLIC_SERVICE: '莱州公共服务类',
  LZ_MARKET_OPERATION: '莱州市场运营类',
  TH_STANDARD: '亭湖标准程序',
  YB_CONSTRUCTION: '渝北建设类',
  YB_OM: '渝北运维类',
  GOVERNANCE: '政务治理类',
  PUBLIC_SERVICE: '公共服务类',
  MARKET_OPERATION: '市场运营类',
  CONSTRUCTION: '建设类',
  OM: '运维类',
  DRC: '发展改革部门',
  ITA: '信息化主管部门',
  ITA_FIN: '信息化主管部门与财政部门',
  APPRV: '审批部门',
  GOV: '区政府',
  FIN: '财政部门',
  EXTERNAL: '其他主管部门',
  OWNER: '建设单位',
  DEMAND_UNIT: '需求单位',
  OPERATING_COMPANY: '运营公司',
  TESTLAB: '第三方测评机构',
  PLANNING: '规划',
  APPLICATION: '立项申请',
  IMPLEMENTATION: '建设实施',
  ACCEPTANCE: '验收',
  OPERATION: '运行维护',
  TERMINATION: '终止或撤销',
  CONTRACT: '合同备案',
  CONTRACT_FILING: '合同备案',
  COMPLETION_ACCEPTANCE: '竣工验收备案',
  PRELIMINARY_ACCEPTANCE: '初步验收',
  ARCHIVE_ACCEPTANCE: '档案验收',
  FINAL_ACCOUNTS: '竣工决算',
  SETTLEMENT: '结算审计',
  PERFORMANCE: '绩效评价',
  ANNUAL: '年度',
  CONSTRUCTION_COMPLETED: '建设完成',
  ACCEPTANCE_PASSED: '验收通过',
  GO_LIVE: '上线运行',
  IN_FORCE: '有效',
  NOT_YET_IN_FORCE: '尚未施行',
  EXPIRED: '已失效',
  APPLICATION_DATE_MISSING: '缺少申请日期',
  SECURITY_NON_COMPLIANT: '安全不合规',
  DATA_NOT_SHARED: '数据未按要求共享',
  MAJOR_HIDDEN_DANGER: '存在重大安全隐患',
  DUPLICATE_DATA_COLLECTION: '重复采集数据',
  NOT_COORDINATED_OR_SHARING: '未统筹共享',
  POOR_PERFORMANCE: '绩效较差',
  FILED: '已备案',
  FILED_LATE: '逾期备案',
  OPEN: '待办',
  OVERDUE: '已逾期',
};

const ALL: Record<string, string> = {
  ...CATEGORIES,
  ...DEADLINES,
  ...STATES,
  ...OUTCOMES,
};

/** The Chinese label of a code, or the code itself when it has none. */
export function label(code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  return ALL[code] ?? code;
}

export function jurisdictionLabel(code: string | null | undefined): string {
  if (!code) return '—';
  return JURISDICTIONS[code] ?? code;
}

export function stateLabel(code: string | null | undefined): string {
  if (!code) return '—';
  return STATES[code] ?? code;
}

/** The label of a task or instance state, distinct from outcomes that share a code (FAILED). */
export function outcomeLabel(code: string | null | undefined): string {
  if (!code) return '—';
  return OUTCOMES[code] ?? label(code);
}
