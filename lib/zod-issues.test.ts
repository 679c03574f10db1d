import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { fieldErrorsOf, firstIssueByPath } from './zod-issues';

const schema = z.object({
  name: z.string().check(z.minLength(1, { error: 'Enter a name' }), z.maxLength(3, { error: 'Too long' })),
  url: z.union([z.literal(''), z.url({ error: 'Must be a URL' })]),
  items: z.array(z.object({ id: z.string().check(z.minLength(1, { error: 'Enter an id' })) })),
});

describe('zod issues per field, one way for the forms, the actions, the client and the sandbox', () => {
  it('keeps the first message per field, and reads a union by its closest branch', () => {
    const result = schema.safeParse({ name: '', url: 'nope', items: [{ id: 'a' }, { id: '' }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(firstIssueByPath(result.error.issues)).toEqual({
      name: { message: 'Enter a name', code: 'too_small' },
      url: { message: expect.any(String), code: expect.any(String) },
      'items.1.id': { message: 'Enter an id', code: 'too_small' },
    });
    expect(fieldErrorsOf(result.error.issues)).toEqual({
      name: ['Enter a name'],
      url: [firstIssueByPath(result.error.issues).url?.message],
      'items.1.id': ['Enter an id'],
    });
  });

  it('names the value as a whole by the root the caller gives', () => {
    const result = z.string().safeParse(42);
    if (result.success) throw new Error('expected a failure');
    expect(Object.keys(fieldErrorsOf(result.error.issues))).toEqual(['root']);
    expect(Object.keys(fieldErrorsOf(result.error.issues, '(body)'))).toEqual(['(body)']);
  });
});
