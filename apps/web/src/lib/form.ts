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
