// The workspace's dossier routes: a project's dossier (HTML, PDF) and the authority's overview.

import { fetchBody, get } from '../api';

const base = (projectId: string): string => `/workspace/registry/projects/${encodeURIComponent(projectId)}`;

export const dossierPageUrl = (projectId: string): string => `${base(projectId)}/dossier`;

export interface DossierPage {
  html: string;
  /** What the dossier marks as not known (未能确认事项). */
  gaps: number;
  /** Incidents still open in the project's processes: the records stop there. */
  openIncidents: number;
}

function count(response: Response, header: string): number {
  const value = Number(response.headers.get(header) ?? '0');
  return Number.isFinite(value) ? value : 0;
}

export async function dossierPage(projectId: string): Promise<DossierPage> {
  const response = await fetchBody(dossierPageUrl(projectId));
  return { html: await response.text(), gaps: count(response, 'X-Dossier-Gaps'), openIncidents: count(response, 'X-Dossier-Open-Incidents') };
}

export interface DossierPdf {
  blob: Blob;
  fileName: string;
  /** ``archived``: the PDF archived at acceptance; ``generated``: made now from the records. */
  source: 'archived' | 'generated';
}

/** The file name the server gave (``filename*`` in UTF-8 first), else one made of the project id. */
export function attachmentName(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // a malformed name: the plain one below
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

export async function dossierPdf(projectId: string): Promise<DossierPdf> {
  const response = await fetchBody(`${base(projectId)}/dossier.pdf`);
  return {
    blob: await response.blob(),
    fileName: attachmentName(response.headers.get('Content-Disposition'), `项目档案-${projectId}.pdf`),
    source: response.headers.get('X-Dossier-Source') === 'archived' ? 'archived' : 'generated',
  };
}

export interface OverviewTable {
  name: string;
  header: string[];
  rows: string[][];
}

export interface Overview {
  projects: number;
  generatedAt: string;
  tables: OverviewTable[];
}

export const overview = (): Promise<Overview> => get<Overview>('/workspace/registry/overview');

export async function overviewFile(format: 'csv' | 'xlsx'): Promise<{ blob: Blob; fileName: string }> {
  const response = await fetchBody(`/workspace/registry/overview?format=${format}`);
  return { blob: await response.blob(), fileName: attachmentName(response.headers.get('Content-Disposition'), `统计概览.${format}`) };
}

/** Hands a fetched file to the browser as a download (the answer was checked before, so a refusal
 * is said on the page instead of being saved as a file). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
