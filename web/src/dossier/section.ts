// 项目档案 on the project page: the dossier (every decision with the article it applied, every
// step with who and when) shown in the page, and its archive PDF to download.
//
// The dossier HTML has no script; it is shown in a frame sandboxed without scripts or the
// workspace's origin (``sandbox=""``), from ``srcdoc``, so the frame is never a page of the
// workspace that could be framed or scripted. Its inline styles are allowed by the page's CSP.

import { ApiError, SessionLost } from '../api';
import { h, notice, replace } from '../dom';
import { dossierPage, dossierPageUrl, dossierPdf, saveFile } from './service';

function failure(error: unknown, what: string): HTMLElement | null {
  if (error instanceof SessionLost) return null;
  return notice('error', error instanceof ApiError ? error.message : `${what}：${String(error)}`);
}

/** What the page says above the dossier when its records are not complete. */
export function completenessWords(gaps: number, openIncidents: number): string | null {
  if (openIncidents > 0) {
    return `此项目有 ${openIncidents} 个未解决的异常：此后的记录尚未产生，档案不完整（见档案中的“未能确认事项”）。`;
  }
  if (gaps > 0) return `档案中有 ${gaps} 项未能确认的事项，已在相应章节标明。`;
  return null;
}

export function dossierSection(projectId: string): HTMLElement {
  const status = h('div', { class: 'dossier-status', 'aria-live': 'polite' });
  const host = h('div', { class: 'dossier-host' });

  const show = h('button', { type: 'button', class: 'secondary', 'data-action': 'show-dossier' }, '查看项目档案');
  show.addEventListener('click', () => {
    void (async () => {
      show.disabled = true;
      replace(status, h('p', { class: 'muted' }, '正在生成项目档案…'));
      try {
        const page = await dossierPage(projectId);
        const frame = h('iframe', { class: 'dossier-frame', title: '项目档案', sandbox: '' });
        // marked once its document has loaded, for whoever waits to see it (the browser tests)
        frame.addEventListener('load', () => frame.setAttribute('data-loaded', ''));
        frame.srcdoc = page.html;
        const words = completenessWords(page.gaps, page.openIncidents);
        replace(status, words ? notice('warn', words) : null);
        replace(host, frame);
        show.textContent = '重新生成';
      } catch (error) {
        replace(status, failure(error, '项目档案无法生成'));
      } finally {
        show.disabled = false;
      }
    })();
  });

  const download = h('button', { type: 'button', 'data-action': 'download-dossier' }, '下载档案 PDF');
  download.addEventListener('click', () => {
    void (async () => {
      download.disabled = true;
      replace(status, h('p', { class: 'muted' }, '正在准备 PDF…'));
      try {
        const pdf = await dossierPdf(projectId);
        saveFile(pdf.blob, pdf.fileName);
        const source = pdf.source === 'archived' ? '验收时归档的档案（已核对 SHA-256）' : '按当前记录生成的档案（项目尚未归档）';
        replace(status, notice('info', `已下载 ${pdf.fileName}：${source}。`));
      } catch (error) {
        replace(status, failure(error, '档案 PDF 无法下载'));
      } finally {
        download.disabled = false;
      }
    })();
  });

  return h(
    'section',
    { class: 'dossier', 'data-project-id': projectId },
    h('h2', null, '项目档案'),
    h(
      'div',
      { class: 'block' },
      h('p', { class: 'muted' }, '每项决定所依据的办法条款、每个环节的经办人与时间、时限与备案：可交审计的项目档案。'),
      h('div', { class: 'task-actions' }, show, download, h('a', { href: dossierPageUrl(projectId), target: '_blank', rel: 'noopener' }, '在新窗口打开')),
      status,
      host,
    ),
  );
}
