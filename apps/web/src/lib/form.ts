import type { FormInstance } from 'antd';

/** What antd's validateFields rejects with when a rule fails (the form already shows each field's message). */
function isValidationFailure(err: unknown): boolean {
  return typeof err === 'object' && err !== null && Array.isArray((err as { errorFields?: unknown }).errorFields);
}

/**
 * The form's values, or null when a field breaks its rule: the form shows the message under each field, so
 * there is nothing more to say. A bare `await form.validateFields()` in a click handler turned an empty form
 * into an unhandled promise rejection (an uncaught error in the console). Other failures still throw.
 */
export async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch (err) {
    if (isValidationFailure(err)) return null;
    throw err;
  }
}

/** A field of an antd form, as a path: `['content', 'tasks', 1, 'refId']`. */
export type FieldPath = (string | number)[];

/** The server's `body.content.tasks.1.refId` (or `body.content.tasks[1].refId`) as a form field path. */
export function bodyFieldPath(serverField: string): FieldPath | null {
  if (!serverField.startsWith('body')) return null;
  const parts = serverField.replace(/^body\.?/, '').replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
  return parts.length ? parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : null;
}

/**
 * A refusal of the server as messages under the form's fields: each `details` entry naming a body field lands on
 * that field (when the form has it), and `byCode` places a refusal whose code belongs to one field. What cannot be
 * placed is returned for a banner (null when everything found its field).
 */
export function serverErrorsOnFields(
  form: Pick<FormInstance, 'setFields' | 'getFieldValue'>,
  err: { code?: string; message: string; details?: ReadonlyArray<{ field: string; message: string }> },
  byCode: Record<string, FieldPath> = {},
): string | null {
  const fields: { name: FieldPath; errors: string[] }[] = [];
  const rest: string[] = [];
  // A field the form holds a value for (an array item that exists, an input that was filled): a message for a
  // path the form lacks would land nowhere, so it goes to the banner instead.
  const known = (name: FieldPath) => form.getFieldValue(name) !== undefined;
  for (const d of err.details ?? []) {
    const name = bodyFieldPath(d.field);
    if (name && known(name)) fields.push({ name, errors: [d.message] });
    else rest.push(d.message);
  }
  const own = err.code ? byCode[err.code] : undefined;
  if (fields.length === 0 && own) fields.push({ name: own, errors: [err.message] });
  if (fields.length > 0) form.setFields(fields);
  if (fields.length === 0) return err.message;
  return rest.length ? rest.join('；') : null;
}
