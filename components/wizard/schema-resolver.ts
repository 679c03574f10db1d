import { get, set, type FieldError, type FieldErrors, type FieldValues, type Resolver } from 'react-hook-form';
import type * as z from 'zod/mini';
import { firstIssueByPath } from '@/lib/zod-issues';

/**
 * react-hook-form's resolver for a step's zod schema, with the schema loaded on first use.
 *
 * A step form validates on its first send, then as the person corrects (use-step-form.ts), so
 * the schemas and zod itself (about 15 KB of the page's JavaScript) need not be in the page's
 * first load: the form asks for them when it is first touched (`warm`) or at the latest when it
 * first validates. The messages are the ones @hookform/resolvers' zodResolver gave: the first
 * issue per field; for a union (`'' | a URL`), the first issue of the branch with the fewest.
 */
export type SchemaLoader<T> = () => Promise<z.ZodMiniType<T, T>>;

type Issue = z.core.$ZodIssue;

/** The first message per field path, as react-hook-form keys them (`media.0.assetId`): lib/zod-issues.ts. */
export function issuesByPath(issues: readonly Issue[]): Record<string, FieldError> {
  return Object.fromEntries(Object.entries(firstIssueByPath(issues)).map(([path, { message, code }]) => [path, { message, type: code }]));
}

/** Nests them as react-hook-form reads them: a list's own error under `root`, with each field's element. */
export function nestErrors<T extends FieldValues>(flat: Record<string, FieldError>, fields: Record<string, unknown>, names: readonly string[] | undefined): FieldErrors<T> {
  const known = names ?? Object.keys(flat);
  const isList = (path: string) => known.some((name) => name.startsWith(`${path}.`) && /^\d/.test(name.slice(path.length + 1)));
  const nested: FieldErrors<T> = {};
  for (const [path, error] of Object.entries(flat)) {
    const field = get(fields, path) as { ref?: FieldError['ref']; refs?: FieldError['ref'][] } | undefined;
    const withRef = { ...error, ref: field?.refs ? field.refs[0] : field?.ref };
    if (isList(path)) set(nested, path, { ...(get(nested, path) as object | undefined), root: withRef });
    else set(nested, path, withRef);
  }
  return nested;
}

export function lazySchemaResolver<T extends FieldValues>(load: SchemaLoader<T>): { resolver: Resolver<T>; warm: () => void } {
  let loading: Promise<z.ZodMiniType<T, T>> | undefined;
  const schema = () => {
    // A failed load (offline) is tried again at the next validation, not remembered.
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const resolver: Resolver<T> = async (values, _context, options) => {
    const result = await (await schema()).safeParseAsync(values);
    if (result.success) return { values: result.data, errors: {} };
    return { values: {}, errors: nestErrors<T>(issuesByPath(result.error.issues), options.fields as Record<string, unknown>, options.names as string[] | undefined) };
  };
  return { resolver, warm: () => void schema().catch(() => undefined) };
}
