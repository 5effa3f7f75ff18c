// 登录: the workspace's sign-in page. After signing in (again) the user goes back to where they
// were (``?next=``); an expired session arrives here with its reason.

import { h, notice, replace } from '../dom';
import { navigate } from '../router';
import { signIn, signInMessage } from '../session';

/** Only paths of this app, never another origin (an open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/signin')) return '/tasks';
  return next;
}

export function signInView(root: HTMLElement, _params: Record<string, string>, query: URLSearchParams): void {
  const reason = query.get('reason');
  const status = h('div', { class: 'status-line', 'aria-live': 'polite' }, reason ? notice('warn', reason) : null);
  const username = h('input', { name: 'username', id: 'username', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', id: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary' }, '登录');
  const form = h(
    'form',
    { class: 'signin-form' },
    h('label', { for: 'username' }, '用户名'),
    username,
    h('label', { for: 'password' }, '密码'),
    password,
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    void (async () => {
      try {
        await signIn(username.value.trim(), password.value);
        navigate(safeNext(query.get('next')), { replace: true });
      } catch (error) {
        password.value = '';
        replace(status, notice('error', signInMessage(error)));
        button.disabled = false;
        password.focus();
      }
    })();
  });
  replace(
    root,
    h(
      'section',
      { class: 'view signin' },
      h('h1', null, '政务信息化项目工作台'),
      h('p', { class: 'muted' }, '请使用统一身份目录中的账号登录'),
      status,
      form,
    ),
  );
  username.focus();
}
