/**
 * Server bundles written in ASCII only. Node keeps the source of every module it loads in
 * memory (V8 compiles functions lazily from it), and a source holding a single character past
 * ASCII (a ’ or … in the UI's words, Next.js's ▲ in its log lines) is stored two bytes a
 * character: a 465 KB chunk then holds 930 KB of the server's heap for as long as it runs. This
 * rewrites such characters as \uXXXX escapes, which mean the same character, where an escape
 * means exactly that: string literals, regular expressions and untagged template literals
 * (a tagged template's raw text would change, so it is left as it is, as are comments).
 * Measured: about 1.4 MB less heap on the running server (README, Performance).
 *
 * Plain JavaScript: next.config.mjs adds the plugin to the server's webpack compilation; the
 * parser (Next.js's own compiled acorn) is loaded only when a build runs.
 */

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/g;
const escape = (text) => text.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * `code` (a script or module) with every non-ASCII character of its string literals, regular
 * expressions and untagged template literals escaped. `parse` is acorn's parse.
 */
export function asciiOnly(code, parse) {
  if (!NON_ASCII.test(code)) return code;
  let ast;
  try {
    ast = parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowHashBang: true });
  } catch {
    ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  }
  const ranges = [];
  const walk = (node, tagged) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'Literal' && (typeof node.value === 'string' || node.regex)) {
      if (NON_ASCII.test(code.slice(node.start, node.end))) ranges.push([node.start, node.end]);
      return;
    }
    if (node.type === 'TemplateElement') {
      if (!tagged && NON_ASCII.test(code.slice(node.start, node.end))) ranges.push([node.start, node.end]);
      return;
    }
    if (node.type === 'TaggedTemplateExpression') {
      walk(node.tag, false);
      for (const quasi of node.quasi.quasis) walk(quasi, true);
      for (const expression of node.quasi.expressions) walk(expression, false);
      return;
    }
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (Array.isArray(child)) for (const c of child) walk(c, false);
      else if (child && typeof child.type === 'string') walk(child, false);
    }
  };
  walk(ast, false);
  if (ranges.length === 0) return code;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += code.slice(at, start) + escape(code.slice(start, end));
    at = end;
  }
  return out + code.slice(at);
}

/** acorn's parse, from the copy Next.js ships (loaded only when a build runs). */
export async function loadParse() {
  return (await import('next/dist/compiled/acorn/acorn.js')).default.parse;
}

/** The webpack plugin: rewrites the server compilation's .js assets after they are minified. */
export class AsciiServerChunksPlugin {
  /** @param {any} webpack the webpack Next.js builds with (its `webpack` option) */
  constructor(webpack) {
    this.webpack = webpack;
  }

  apply(compiler) {
    const { Compilation, sources } = this.webpack;
    compiler.hooks.thisCompilation.tap('AsciiServerChunksPlugin', (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        // After Next.js's minifier (PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE), before hashing.
        { name: 'AsciiServerChunksPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE + 1 },
        async (assets) => {
          const parse = await loadParse();
          for (const name of Object.keys(assets)) {
            if (!name.endsWith('.js')) continue;
            const code = compilation.getAsset(name).source.source().toString();
            const ascii = asciiOnly(code, parse);
            if (ascii !== code) compilation.updateAsset(name, new sources.RawSource(ascii));
          }
        },
      );
    });
  }
}
