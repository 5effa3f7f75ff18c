// Who is signed in: the workspace session routes (POST/GET/DELETE /workspace/session).

import { ApiError, request, setCsrfToken } from './api';

export interface Session {
  username: string;
  name: string;
  groups: string[];
  roles: string[];
  unit: string | null;
  csrfToken: string;
}

let current: Session | null = null;

export function session(): Session | null {
  return current;
}

function keep(found: Session): Session {
  current = found;
  setCsrfToken(found.csrfToken);
  return found;
}

/** The live session, or null when there is none (never signed in, expired, signed out). */
export async function resume(): Promise<Session | null> {
  try {
    return keep(await request<Session>('GET', '/workspace/session', undefined, { signIn: true }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forget();
      return null;
    }
    throw error;
  }
}

export async function signIn(username: string, password: string): Promise<Session> {
  return keep(
    await request<Session>('POST', '/workspace/session', { username, password }, { signIn: true }),
  );
}

export async function signOut(): Promise<void> {
  try {
    await request<null>('DELETE', '/workspace/session', undefined, { signIn: true });
  } finally {
    forget();
  }
}

export function forget(): void {
  current = null;
  setCsrfToken(null);
}

/** What the sign-in page says for a refused sign-in, in Chinese. */
export function signInMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return '登录失败，请稍后重试';
  if (error.status === 401) return `用户名或密码错误${error.detail ? `（${error.detail}）` : ''}`;
  if (error.status === 429 || error.status === 403) {
    return `账号已暂时锁定：${error.detail ?? '请稍后再试，或请管理员重置密码'}`;
  }
  if (error.status === 0) return '无法连接服务器，请检查网络后重试';
  return error.message;
}
