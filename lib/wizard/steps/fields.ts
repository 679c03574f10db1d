/**
 * Field shapes the steps' schemas share. Written with `zod/mini`, as lib/banqup/schemas is:
 * the schemas ship to the browser (loaded when a form first validates).
 */
import * as z from 'zod/mini';

/** A text input left empty: the API field is then not sent. */
export const blank = z.literal('');
export const optionalText = <T extends z.ZodMiniType>(schema: T) => z.union([blank, schema]);

/** A list of choices: at least one, each once. */
export const uniqueList = <T extends z.ZodMiniType<string>>(item: T, what: string) =>
  z
    .array(item)
    .check(
      z.minLength(1, { error: `Choose at least one ${what}` }),
      z.refine((list) => new Set(list).size === list.length, { error: `Each ${what} only once` }),
    );
