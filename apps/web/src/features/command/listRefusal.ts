import { ApiError } from '../../api/client.ts';

/**
 * The add routes of team members and equipment take a list, so a refusal names `body.0.name`; the form holds one
 * record, so the item index is dropped and the message lands under the form's `name`. Other fields are untouched.
 */
export function oneOfList(err: ApiError): ApiError {
  const details = err.details.map((d) => ({ ...d, field: d.field.replace(/^body(\.0|\[0\])(?=\.|\[|$)/, 'body') }));
  return new ApiError(err.code, err.message, err.status, details);
}
