// 项目详情: one project of the registry: where it stands, its timeline across the processes it ran,
// the filings due and made, the decisions applied with the rule ids they cite, and its documents.

import { ApiError, SessionLost } from '../api';
import { type Child, h, notice, replace } from '../dom';
import { dossierSection } from '../dossier/section';
import { dateTime } from '../format';
import { jurisdictionLabel, label, outcomeLabel } from '../labels';
import { instanceStateLabel, instanceTone } from '../operate/model';
import { calendar } from '../calendar';
import { type ProcessRun, type Project, amountWords, deadlineWords, endOfDay, registryLabel, statusWords, timeline } from '../registry/model';
import { deadlineView } from '../workdays';
import { type ArchivedDossier, type DocumentRef, documents, dossiers as readDossiers, project as readProject, runs as readRuns } from '../registry/service';
import { session } from '../session';

function rules(ids: string[]): Child {
  return ids.length === 0 ? h('span', { class: 'muted' }, '—') : ids.map((id) => h('span', { class: 'rule', title: `规则 ${id}` }, id));
}

export async function projectsDetailView(root: HTMLElement, params: Record<string, string>): Promise<void> {
  const projectId = params.id ?? '';
  replace(root, h('p', { class: 'muted' }, '正在加载项目…'));
  let found: Project;
  try {
    found = await readProject(projectId);
  } catch (error) {
    if (error instanceof SessionLost) return;
    const words = error instanceof ApiError ? error.message : String(error);
    replace(root, h('p', { class: 'breadcrumb' }, h('a', { href: '/projects' }, '项目库')), notice('error', words));
    return;
  }
  // the engine's side: what the user may read of the project's instances and their documents
  const runs: ProcessRun[] = await readRuns(projectId).catch(() => []);
  const docs: DocumentRef[] = await documents(runs).catch(() => []);
  const archived: ArchivedDossier[] = await readDossiers(projectId).catch(() => []);
  const ops = session()?.roles.includes('ops') ?? false;
  const due = found.nextDeadline?.dueOn;
  const deadline = deadlineWords(found.nextDeadline, due ? deadlineView(calendar, endOfDay(due), new Date()) : null);
  const entries = timeline(found, runs);

  const instanceLink = (key: string | undefined, words: string): Child =>
    key && ops ? h('a', { href: `/operate/instances/${key}` }, words) : words;

  replace(
    root,
    h(
      'section',
      { class: 'view project' },
      h('p', { class: 'breadcrumb' }, h('a', { href: '/projects' }, '项目库')),
      h('h1', null, found.name),
      ops ? h('p', null, h('a', { href: `/operate?state=all&project=${encodeURIComponent(found.projectId)}`, class: 'to-operate' }, '在流程监控中查看该项目的流程实例')) : null,
      h(
        'dl',
        { class: 'task-facts' },
        h('dt', null, '项目编号'),
        h('dd', null, found.projectId),
        found.projectCode ? [h('dt', null, '项目代码'), h('dd', null, found.projectCode)] : null,
        h('dt', null, '建设单位'),
        h('dd', null, found.unit),
        h('dt', null, '辖区'),
        h('dd', null, jurisdictionLabel(found.jurisdiction)),
        h('dt', null, '总投资'),
        h('dd', null, amountWords(found.totalInvestmentYuan)),
        h('dt', null, '阶段与状态'),
        h('dd', { class: 'status' }, statusWords(found)),
        h('dt', null, '下一期限'),
        h('dd', null, h('span', { class: `deadline deadline-${deadline.tone}` }, deadline.text)),
      ),
      h('h2', null, '项目进程'),
      h(
        'div',
        { class: 'block' },
        h(
          'ol',
          { class: 'timeline' },
          entries.map((entry) =>
            h(
              'li',
              { class: entry.tone },
              h('span', { class: 'muted' }, entry.day),
              ' ',
              h('strong', null, instanceLink(entry.instanceKey, entry.title)),
              entry.detail ? h('span', { class: 'muted' }, ` · ${entry.detail}`) : null,
              entry.ruleIds.length > 0 ? [' ', rules(entry.ruleIds)] : null,
            ),
          ),
        ),
      ),
      h('h2', null, '备案'),
      h(
        'div',
        { class: 'block' },
        found.filings.length === 0
          ? h('p', { class: 'muted' }, '尚无备案事项。')
          : h(
              'table',
              { class: 'tasks filings' },
              h('thead', null, h('tr', null, ['备案事项', '报送部门', '到期日', '备案日', '状态', '依据'].map((t) => h('th', null, t)))),
              h(
                'tbody',
                null,
                found.filings.map((filing) =>
                  h(
                    'tr',
                    { 'data-filing': filing.kind },
                    h('td', null, registryLabel(filing.kind)),
                    h('td', null, registryLabel(filing.authority)),
                    h('td', null, filing.dueOn ?? '—'),
                    h('td', null, filing.filedOn ?? '—'),
                    h('td', null, h('span', { class: filing.overdue ? 'deadline deadline-overdue' : 'deadline' }, filing.overdue ? '已逾期' : registryLabel(filing.status))),
                    h('td', null, rules(filing.ruleId ? [filing.ruleId] : [])),
                  ),
                ),
              ),
            ),
      ),
      h('h2', null, '决定'),
      h(
        'div',
        { class: 'block' },
        found.decisions.length === 0
          ? h('p', { class: 'muted' }, '尚无审批或审核决定。')
          : h(
              'table',
              { class: 'tasks decisions' },
              h('thead', null, h('tr', null, ['日期', '部门', '结论', '意见', '依据的规则'].map((t) => h('th', null, t)))),
              h(
                'tbody',
                null,
                found.decisions.map((decision) =>
                  h(
                    'tr',
                    { 'data-decision': String(decision.decisionId) },
                    h('td', null, decision.decidedOn ?? '—'),
                    h('td', null, registryLabel(decision.authority)),
                    h('td', null, outcomeLabel(decision.outcome)),
                    h('td', null, decision.note || '—'),
                    h('td', { class: 'rules' }, rules(decision.ruleIds)),
                  ),
                ),
              ),
            ),
      ),
      h('h2', null, '文书'),
      h(
        'div',
        { class: 'block' },
        docs.length === 0
          ? h('p', { class: 'muted' }, '没有您可查看的文书。')
          : h(
              'ul',
              { class: 'documents' },
              docs.map((doc) =>
                h(
                  'li',
                  null,
                  doc.documentId
                    ? h('a', { href: `/v2/documents/${encodeURIComponent(doc.documentId)}`, download: doc.fileName ?? doc.documentId, target: '_blank' }, doc.fileName ?? doc.documentId)
                    : (doc.fileName ?? '—'),
                  doc.material ? h('span', { class: 'muted' }, ` · ${registryLabel(doc.material)}`) : null,
                ),
              ),
            ),
      ),
      h('h2', null, '项目档案'),
      h(
        'div',
        { class: 'block' },
        archived.length === 0
          ? h('p', { class: 'muted dossier-none' }, '尚未归档：项目档案在验收时由系统生成并归档。')
          : h(
              'ul',
              { class: 'dossiers' },
              archived.map((dossier) =>
                h(
                  'li',
                  { 'data-dossier': dossier.documentId },
                  dossier.href
                    ? h('a', { href: dossier.href, target: '_blank', download: dossier.fileName ?? `${dossier.documentId}.pdf` }, dossier.fileName ?? dossier.documentId)
                    : h('span', null, dossier.fileName ?? dossier.documentId),
                  h('span', { class: 'muted' }, ` · ${dateTime(dossier.generatedAt)} 归档 · ${dossier.pageCount} 页`),
                  dossier.href ? null : h('div', { class: 'muted' }, `保存在工作进程的文档库（${dossier.store}），请向运维人员索取`),
                  dossier.gaps.length > 0 ? h('div', { class: 'deadline deadline-soon' }, `档案缺项：${dossier.gaps.join('；')}`) : null,
                ),
              ),
            ),
      ),
      runs.length > 0
        ? [
            h('h2', null, '流程实例'),
            h(
              'div',
              { class: 'block' },
              h(
                'table',
                { class: 'tasks runs' },
                h('thead', null, h('tr', null, ['流程', '状态', '开始时间', '结束时间'].map((t) => h('th', null, t)))),
                h(
                  'tbody',
                  null,
                  runs.map((run) =>
                    h(
                      'tr',
                      { 'data-instance-key': run.processInstanceKey },
                      h('td', null, instanceLink(run.processInstanceKey, run.processDefinitionName || run.processDefinitionId)),
                      h('td', null, h('span', { class: `state state-${instanceTone({ state: run.state, hasIncident: run.hasIncident ?? false })}` }, instanceStateLabel({ state: run.state, hasIncident: run.hasIncident ?? false }))),
                      h('td', null, dateTime(run.startDate)),
                      h('td', null, dateTime(run.endDate)),
                    ),
                  ),
                ),
              ),
            ),
          ]
        : null,
      dossierSection(found.projectId),
      found.complianceFlags.length > 0
        ? [
            h('h2', null, '合规记录'),
            h(
              'div',
              { class: 'block' },
              h('ul', null, found.complianceFlags.map((flag) => h('li', null, `${label(flag.flag)}：${String(flag.value)}（${flag.recordedOn ?? '—'}）`))),
            ),
          ]
        : null,
    ),
  );
}
