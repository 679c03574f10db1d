import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { lazySchemaResolver } from './schema-resolver';

const schema = z.object({
  url: z.union([z.literal(''), z.url({ error: 'Must be a URL' })]),
  media: z.array(z.object({ assetId: z.string().check(z.minLength(1, { error: 'Upload it' })) })).check(z.minLength(2, { error: 'At least two' })),
  name: z.string().check(z.minLength(1, { error: 'Enter a name' }), z.maxLength(3, { error: 'Too long' })),
});
type Values = z.infer<typeof schema>;
const options = (names: string[]) => ({ fields: {}, names, shouldUseNativeValidation: false }) as never;

describe('the lazily loaded schema resolver', () => {
  it('gives react-hook-form the first message per field, a union’s from its closest branch, a list’s under root', async () => {
    const { resolver } = lazySchemaResolver<Values>(async () => schema);
    const result = await resolver({ url: 'nope', media: [{ assetId: '' }], name: '' }, undefined, options(['url', 'media.0.assetId', 'name']));
    expect(result.values).toEqual({});
    expect(result.errors).toMatchObject({
      url: { message: 'Must be a URL' },
      media: { root: { message: 'At least two' }, 0: { assetId: { message: 'Upload it' } } },
      name: { message: 'Enter a name' },
    });
  });

  it('passes valid values through', async () => {
    const { resolver } = lazySchemaResolver<Values>(async () => schema);
    const values = { url: '', media: [{ assetId: 'a' }, { assetId: 'b' }], name: 'abc' };
    expect(await resolver(values, undefined, options([]))).toEqual({ values, errors: {} });
  });

  it('loads the schema once, when warmed or first used, and again after a failed load', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(schema);
    const { resolver, warm } = lazySchemaResolver<Values>(load);
    expect(load).not.toHaveBeenCalled();
    warm();
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    await resolver({ url: '', media: [], name: 'a' }, undefined, options([]));
    await resolver({ url: '', media: [], name: 'a' }, undefined, options([]));
    expect(load).toHaveBeenCalledTimes(2);
  });
});
