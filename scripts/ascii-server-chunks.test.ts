import { describe, expect, it } from 'vitest';
import { asciiOnly, loadParse } from './ascii-server-chunks.mjs';

const parse = await loadParse();
const ascii = (code: string) => asciiOnly(code, parse);
const run = (code: string) => new Function(`return (${code})`)();

describe('server bundles in ASCII only', () => {
  it('escapes the characters of strings, regular expressions and templates, which still mean the same', () => {
    const cases = [
      '"Banqup’s decision…"',
      "'← Newer'",
      '`Record ${1 + 1} → “done”`',
      '/[–—]/.test("a–b")',
      '/\\u{1F600}|😀/u.test("😀")',
      '"😀".length',
      'JSON.parse(\'{"a":"—"}\').a',
    ];
    for (const code of cases) {
      const out = ascii(code);
      expect(out).toMatch(/^[\x00-\x7f]*$/);
      expect(run(out)).toEqual(run(code));
    }
  });

  it('leaves a tagged template (its raw text would change), comments and ASCII code as they are', () => {
    expect(ascii('String.raw`a’b`')).toBe('String.raw`a’b`');
    expect(ascii('f(/* ’ */ "x")')).toBe('f(/* ’ */ "x")');
    const plain = 'exports.modules={1:(a,b)=>{b.x="y"}}';
    expect(ascii(plain)).toBe(plain);
  });

  it('reads modules as well as scripts', () => {
    expect(ascii('export const a = "’";')).toBe('export const a = "\\u2019";');
  });
});
