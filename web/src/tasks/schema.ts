// The linked form of a task as the 8.8 API sends it: ``schema`` is the form's JSON text. A form
// that is not JSON, or not a form, is refused here with a message naming what is wrong.

export class FormSchemaError extends Error {}

export interface FormSchema {
  type?: string;
  id?: string;
  components: unknown[];
  [field: string]: unknown;
}

export function parseSchema(raw: string | object, formId: string): FormSchema {
  let schema: unknown = raw;
  if (typeof raw === 'string') {
    try {
      schema = JSON.parse(raw);
    } catch (error) {
      throw new FormSchemaError(`表单“${formId}”不是有效的 JSON（${error instanceof Error ? error.message : String(error)}）`);
    }
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new FormSchemaError(`表单“${formId}”不是表单定义（应为 JSON 对象）`);
  }
  const components = (schema as { components?: unknown }).components;
  if (!Array.isArray(components)) {
    throw new FormSchemaError(`表单“${formId}”缺少字段列表 components`);
  }
  return schema as FormSchema;
}
