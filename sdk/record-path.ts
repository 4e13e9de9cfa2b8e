/** Reading a value inside a record by path: `emails.primaryEmail`, `createdBy.workspaceMemberId`, or a zod issue path. */

/**
 * The value at `path` (dotted, or a list of keys), or undefined when something on the way is not an object.
 *
 * @example
 * valueAtPath(person, 'emails.primaryEmail'); // 'ann@acme.com'
 * valueAtPath(person, ['name', 'firstName']);  // 'Ann'
 */
export function valueAtPath(record: unknown, path: string | readonly PropertyKey[]): unknown {
  let value: unknown = record;
  for (const key of typeof path === 'string' ? path.split('.') : path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
