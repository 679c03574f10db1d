/** The DOM id of a form field, from its react-hook-form path (locales.0.displayName). */
export const fieldId = (path: string) => `field-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
export const errorId = (path: string) => `${fieldId(path)}-error`;
export const hintId = (path: string) => `${fieldId(path)}-hint`;

/** Flattens react-hook-form's nested errors into [path, message] pairs, in form order. */
export function flattenErrors(errors: unknown, prefix = ''): { path: string; message: string }[] {
  if (!errors || typeof errors !== 'object') return [];
  const node = errors as Record<string, unknown>;
  if (typeof node.message === 'string' && node.message !== '') {
    return [{ path: prefix.replace(/\.root$/, ''), message: node.message }];
  }
  return Object.entries(node).flatMap(([key, child]) =>
    key === 'ref' || key === 'type' || key === 'types' ? [] : flattenErrors(child, prefix ? `${prefix}.${key}` : key),
  );
}
