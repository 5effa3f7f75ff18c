import assert from 'node:assert/strict';
import { test } from 'node:test';

import { jurisdictionLabel, label, outcomeLabel, stateLabel } from '../src/labels';
import { signInMessage } from '../src/session';
import { ApiError } from '../src/api';
import { safeNext } from '../src/views/signin';

test('codes a user sees have Chinese labels; an unknown code shows as it is', () => {
  assert.equal(outcomeLabel('APPROVED'), '通过');
  assert.equal(outcomeLabel('REJECTED'), '不通过');
  assert.equal(label('GOVERNANCE'), '政务治理类');
  assert.equal(label('HARD'), '刚性时限');
  assert.equal(stateLabel('COMPLETED'), '已完成');
  assert.equal(jurisdictionLabel('YB'), '重庆市渝北区');
  assert.equal(label('SOMETHING_NEW'), 'SOMETHING_NEW');
  assert.equal(label(null), '—');
});

test('sign-in refusals say why in Chinese', () => {
  assert.equal(signInMessage(new ApiError(401, '用户名或密码错误', undefined, '/workspace/session')), '用户名或密码错误');
  assert.equal(
    signInMessage(new ApiError(401, '用户名或密码错误', '连续输错 5 次将锁定账号 15 分钟', '/workspace/session')),
    '用户名或密码错误（连续输错 5 次将锁定账号 15 分钟）',
  );
  assert.equal(
    signInMessage(new ApiError(429, '账号已暂时锁定', '请 15 分钟后再试', '/workspace/session')),
    '账号已暂时锁定：请 15 分钟后再试',
  );
  assert.equal(signInMessage(new ApiError(0, '无法连接服务器', undefined, '/workspace/session')), '无法连接服务器，请检查网络后重试');
});

test('after signing in the user goes back only to a path of this app', () => {
  assert.equal(safeNext('/tasks/123?x=1'), '/tasks/123?x=1');
  assert.equal(safeNext('//evil.example/x'), '/tasks');
  assert.equal(safeNext('https://evil.example/'), '/tasks');
  assert.equal(safeNext('/signin?next=/tasks'), '/tasks');
  assert.equal(safeNext(null), '/tasks');
});
