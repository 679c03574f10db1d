import type * as z from 'zod/mini';

/**
 * zod's issues as the people reading them need them, one way everywhere: the step forms (their
 * resolver), the server actions that parse the same schemas, the Banqup client's check of a
 * request before it goes out, and the sandbox's answers. Types only from zod: the step pages
 * load this with their first JavaScript.
 */

type Issue = z.core.$ZodIssue;

/** The first issue per field path (`media.0.assetId`; '' for the value as a whole). For a union (`'' | a URL`), the first issue of the branch with the fewest. */
export function firstIssueByPath(issues: readonly Issue[]): Record<string, { message: string; code: string }> {
  const queue = [...issues];
  const first: Record<string, { message: string; code: string }> = {};
  while (queue.length > 0) {
    const issue = queue.shift() as Issue;
    const path = issue.path.map(String).join('.');
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      if (!first[path]) {
        const branch = issue.errors.reduce((fewest, candidate) => (candidate.length < fewest.length ? candidate : fewest))[0];
        first[path] = { message: branch?.message ?? issue.message, code: branch?.code ?? issue.code };
      }
      // Issues inside a branch's objects belong to their own (deeper) fields.
      for (const branch of issue.errors) for (const inner of branch) queue.push({ ...inner, path: [...issue.path, ...inner.path] } as Issue);
    } else if (!first[path]) {
      first[path] = { message: issue.message, code: issue.code };
    }
  }
  return first;
}

/** The messages per field, as actions and the Banqup client return them: the same first message per field the form shows; `root` names the value as a whole. */
export function fieldErrorsOf(issues: readonly Issue[], root = 'root'): Record<string, string[]> {
  return Object.fromEntries(Object.entries(firstIssueByPath(issues)).map(([path, { message }]) => [path || root, [message]]));
}
