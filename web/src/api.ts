// The workspace's one way to the server: the 8.8 REST API (/v2) and the workspace routes, on the
// page's own origin, authenticated by the session cookie. Every write carries the session's CSRF
// token. A 401 means the session is gone (expired or signed out elsewhere): the app goes back to
// the sign-in page, remembering where the user was.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly path: string,
  ) {
    super(detail ? `${title}：${detail}` : title);
  }
}

/** The session ended; ``message`` says why (in Chinese, from the server when it said). */
export class SessionLost extends Error {}

let csrfToken: string | null = null;
let onSessionLost: (message: string) => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function whenSessionLost(handler: (message: string) => void): void {
  onSessionLost = handler;
}

interface Problem {
  title?: unknown;
  detail?: unknown;
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Problem) : {};
  } catch {
    return {};
  }
}

/** The error of a refused answer; a 401 first tells the app the session is gone. */
async function refusal(response: Response, path: string, options: RequestOptions): Promise<Error> {
  const problem = await problemOf(response);
  const title = typeof problem.title === 'string' ? problem.title : `请求失败（HTTP ${response.status}）`;
  const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
  if (response.status === 401 && !options.signIn) {
    const message = title.includes('过期') ? title : '会话已过期，请重新登录';
    onSessionLost(message);
    return new SessionLost(message);
  }
  return new ApiError(response.status, title, detail, path);
}

export interface RequestOptions {
  /** A 401 is the caller's to handle (the sign-in form), not a lost session. */
  signIn?: boolean;
}

/** Sends a request; resolves with the JSON body (``null`` for an empty one) or throws ApiError. */
export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, '无法连接服务器', '请检查网络或稍后重试', path);
  }
  if (!response.ok) throw await refusal(response, path, options);
  if (response.status === 204) return null as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** A GET whose body is not JSON (a page, a PDF, a CSV): the answer itself, or ApiError as above. */
export async function fetchBody(path: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, '无法连接服务器', '请检查网络或稍后重试', path);
  }
  if (!response.ok) throw await refusal(response, path, {});
  return response;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown): Promise<T> => request<T>('POST', path, body ?? {});
export const del = <T>(path: string): Promise<T> => request<T>('DELETE', path);
