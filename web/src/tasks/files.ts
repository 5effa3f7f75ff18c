// File fields: form-js keeps the picked files in its file registry and puts a ``files::<id>`` key
// in the submitted data; Tasklist uploads each file to the documents store (POST /v2/documents)
// and submits the document references in the key's place. So does the workspace.

export const FILES_PREFIX = 'files::';

/** The data with every ``files::<id>`` value replaced by the references uploaded for it. */
export function withDocuments(data: unknown, uploaded: Map<string, unknown[]>): unknown {
  if (typeof data === 'string' && data.startsWith(FILES_PREFIX)) return uploaded.get(data) ?? [];
  if (Array.isArray(data)) return data.map((item) => withDocuments(item, uploaded));
  if (typeof data === 'object' && data !== null) {
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, withDocuments(value, uploaded)]));
  }
  return data;
}

/** The files keys the data actually uses (a cleared or hidden field's files are not uploaded). */
export function usedFileKeys(data: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof data === 'string' && data.startsWith(FILES_PREFIX)) found.add(data);
  else if (Array.isArray(data)) for (const item of data) usedFileKeys(item, found);
  else if (typeof data === 'object' && data !== null) for (const value of Object.values(data)) usedFileKeys(value, found);
  return found;
}
