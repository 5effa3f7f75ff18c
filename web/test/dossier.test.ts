import assert from 'node:assert/strict';
import { test } from 'node:test';

import { completenessWords } from '../src/dossier/section';
import { attachmentName } from '../src/dossier/service';
import { readsOverview } from '../src/views/overview';

test('a download keeps the Chinese file name the server gave, else the plain one, else the fallback', () => {
  const both = `attachment; filename="dossier-p-1.pdf"; filename*=UTF-8''${encodeURIComponent('项目档案-p-1.pdf')}`;
  assert.equal(attachmentName(both, 'x.pdf'), '项目档案-p-1.pdf');
  assert.equal(attachmentName('attachment; filename="dossier-p-1.pdf"', 'x.pdf'), 'dossier-p-1.pdf');
  assert.equal(attachmentName("attachment; filename*=UTF-8''%E9%A1%B9%ZZ", 'x.pdf'), 'x.pdf');
  assert.equal(attachmentName(null, 'x.pdf'), 'x.pdf');
});

test('an open incident is said before the gaps; a complete dossier needs no words', () => {
  assert.match(completenessWords(2, 1) ?? '', /1 个未解决的异常.*档案不完整/);
  assert.match(completenessWords(3, 0) ?? '', /3 项未能确认的事项/);
  assert.equal(completenessWords(0, 0), null);
});

test('the overview is for the IT authority and ops, not for a unit or finance', () => {
  const person = (groups: string[], roles: string[] = []) => ({ username: 'u', name: 'u', groups, roles, unit: null, csrfToken: 't' });
  assert.equal(readsOverview(person(['lg-ita-reviewers'])), true);
  assert.equal(readsOverview(person(['hy-ita-leaders'])), true);
  assert.equal(readsOverview(person([], ['ops'])), true);
  assert.equal(readsOverview(person(['lg-owner'], ['applicant'])), false);
  assert.equal(readsOverview(person(['lg-fin'])), false);
  assert.equal(readsOverview(null), false);
});
