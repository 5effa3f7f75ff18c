import assert from 'node:assert/strict';
import { test } from 'node:test';

import { usedFileKeys, withDocuments } from '../src/tasks/files';
import { FormSchemaError, parseSchema } from '../src/tasks/schema';

test('a form that is not JSON is refused naming the form', () => {
  assert.throws(() => parseSchema('{"components": [', 'lg-review'), (error: unknown) => {
    assert.ok(error instanceof FormSchemaError);
    assert.match(error.message, /表单“lg-review”不是有效的 JSON/);
    return true;
  });
  assert.throws(() => parseSchema('[]', 'x'), /不是表单定义/);
  assert.throws(() => parseSchema('{"type": "default"}', 'x'), /缺少字段列表 components/);
  assert.deepEqual(parseSchema('{"components": []}', 'x').components, []);
});

test('picked files are replaced by their document references, only where the data uses them', () => {
  const data = { title: 'x', changeFiles: 'files::Field_1', rows: [{ attachment: 'files::Field_2' }] };
  assert.deepEqual([...usedFileKeys(data)].sort(), ['files::Field_1', 'files::Field_2']);
  const reference = { documentId: 'd1' };
  const uploaded = new Map<string, unknown[]>([
    ['files::Field_1', [reference]],
    ['files::Field_2', []],
  ]);
  assert.deepEqual(withDocuments(data, uploaded), { title: 'x', changeFiles: [reference], rows: [{ attachment: [] }] });
});
