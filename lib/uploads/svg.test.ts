import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES, MEDIA_MAX_BYTES, SVG_MAX_ATTRIBUTES, SVG_MAX_BYTES, SVG_MAX_COMMENTS, SVG_MAX_DEPTH, SVG_MAX_ELEMENTS } from '@/lib/banqup/limits';
import { sanitizeSvg, svgSanitizerStats, type SanitizeOptions } from '@/lib/uploads/svg';
import { checkSvgStructure } from '@/lib/uploads/svg-sanitize.mjs';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';

/** Sanitizes (in the worker, as the app does), asserts success, and returns the cleaned text and the removal list. */
async function clean(text: string, options?: SanitizeOptions): Promise<{ svg: string; removed: string[] }> {
  const result = await sanitizeSvg(text, options);
  if (!result.ok) throw new Error(`expected ok, got refusal: ${result.reason}`);
  return { svg: result.svg, removed: result.removed };
}

async function refusal(text: string, options?: SanitizeOptions): Promise<string> {
  const result = await sanitizeSvg(text, options);
  if (result.ok) throw new Error(`expected a refusal, got ok: ${result.svg}`);
  return result.reason;
}

/** Strict well-formedness: any xmldom error or warning fails the parse (U+FFFD is legal XML, though). */
function expectWellFormed(xml: string): void {
  const parser = new DOMParser({
    onError(level, message) {
      if (level === 'warning' && message.startsWith('Unicode replacement character')) return;
      throw new Error(`${level}: ${message}`);
    },
  });
  expect(() => parser.parseFromString(xml, 'image/svg+xml')).not.toThrow();
}

// Every ok-corpus item is also checked for well-formed output and idempotency below.
const corpus = {
  script: `<svg ${NS}><rect width="10" height="10"/><script>alert(1)</script></svg>`,
  onloadRoot: `<svg ${NS} onload="alert(1)" width="10"><rect width="10" height="10"/></svg>`,
  onclickRect: `<svg ${NS}><rect onclick="alert(1)" width="10" height="10" fill="red"/></svg>`,
  foreignObject: `<svg ${NS}><foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></body></foreignObject><circle r="4"/></svg>`,
  anchorJs: `<svg ${NS}><a href="javascript:alert(1)"><text>click</text></a><rect width="1" height="1"/></svg>`,
  useExternal: `<svg ${NS}><use href="http://evil.example/x.svg#a"/></svg>`,
  imageExternal: `<svg ${NS}><image href="https://evil.example/p.png" width="10" height="10"/></svg>`,
  imageDataPng: `<svg ${NS} ${XLINK}><image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="10" height="10"/></svg>`,
  styleUrl: `<svg ${NS}><rect style="fill: red; background: url(http://evil.example/t.png)" width="10" height="10"/></svg>`,
  gradient: `<svg ${NS}><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></linearGradient></defs><rect fill="url(#g)" width="10" height="10"/></svg>`,
  externalFillUrl: `<svg ${NS}><rect fill="url(http://evil.example/#a)" width="10" height="10"/></svg>`,
  animateHref: `<svg ${NS}><a><animate attributeName="href" to="javascript:alert(1)"/><text>x</text></a><g><animate attributeName="href" to="javascript:alert(1)"/><rect width="1" height="1"/></g></svg>`,
  set: `<svg ${NS}><rect width="1" height="1"><set attributeName="fill" to="red"/></rect></svg>`,
  styleElement: `<svg ${NS}><style>rect { fill: url(http://evil.example/x) }</style><rect width="1" height="1"/></svg>`,
  illustrator:
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->\n' +
    `<svg version="1.1" id="Layer_1" ${NS} ${XLINK} x="0px" y="0px" viewBox="0 0 64 64" xml:space="preserve">\n` +
    '<g>\n' +
    '\t<path fill="#E30613" d="M32,2C15.4,2,2,15.4,2,32s13.4,30,30,30s30-13.4,30-30S48.6,2,32,2z"/>\n' +
    '\t<path fill="#FFFFFF" d="M20,20h24v24H20V20z"/>\n' +
    '\t<path fill="none" stroke="#000" stroke-width="2" d="M10 10 L54 54"/>\n' +
    '</g>\n' +
    '</svg>\n',
  mixedCaseScript: `<svg ${NS}><SCRIPT>alert(1)</SCRIPT><Script>alert(2)</Script><rect width="1" height="1"/></svg>`,
  obfuscatedJsHref: `<svg ${NS} ${XLINK}><use xlink:href=" JaVa&#9;Sc&#10;RiPt:alert(1)"/><use href="jav\tascript:alert(1)"/></svg>`,
  obfuscatedJsAttr: `<svg ${NS}><rect width="1" height="1" fill="&#x20;JaVaS&#x0A;cript:alert(1)"/></svg>`,
  comment: `<svg ${NS}><!-- a comment --><rect width="1" height="1"/></svg>`,
  stylesheetPi: `<?xml-stylesheet type="text/css" href="https://evil.example/x.css"?><svg ${NS}><rect width="1" height="1"/></svg>`,
  foreignNamespaces: `<svg ${NS} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"><g inkscape:label="Layer 1"><inkscape:thing/><rect width="1" height="1"/></g></svg>`,
  foreignDefaultNamespace: `<svg ${NS}><g xmlns="urn:x"><rect width="1" height="1"/></g><circle r="1"/></svg>`,
  xmlBase: `<svg ${NS} xml:base="https://evil.example/" xml:lang="en"><rect width="1" height="1"/></svg>`,
  cssEscape: `<svg ${NS}><rect width="1" height="1" fill="\\75 rl(https://evil.example/x)"/></svg>`,
  imageSetStyle: `<svg ${NS}><rect width="1" height="1" style="mask-image: image-set('https://evil.example/m.png' 1x)"/></svg>`,
  imageDataSvg: `<svg ${NS}><image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/></svg>`,
  imageDataHtml: `<svg ${NS}><image href="data:text/html;base64,PHNjcmlwdD4=" width="1" height="1"/></svg>`,
  relativeHref: `<svg ${NS}><image href="logo.png" width="1" height="1"/><use href="//evil.example/x#a"/></svg>`,
  dataPngOnUse: `<svg ${NS}><use href="data:image/png;base64,iVBORw0KGgo="/></svg>`,
  replacementChar: `<svg ${NS}><title>Caf\uFFFD logo</title></svg>`,
  noNamespaceRoot: '<svg width="5" height="5"><rect width="5" height="5"/></svg>',
  textAndCdata: `<svg ${NS}><text>a &lt; b &amp; c ]]&gt; "q"<![CDATA[ <not a tag> ]]></text><title>Logo &amp; co</title></svg>`,
  fragmentRefs: `<svg ${NS} ${XLINK}><defs><path id="p" d="M0 0h1"/><clipPath id="c"><rect width="1" height="1"/></clipPath><filter id="f"><feGaussianBlur stdDeviation="1"/></filter></defs><use xlink:href="#p"/><use href="#p"/><g clip-path="url(#c)" filter="url('#f')"><rect width="1" height="1"/></g></svg>`,
} as const;

describe('sanitizeSvg: removals', () => {
  it('removes <script> with its body', async () => {
    const { svg, removed } = await clean(corpus.script);
    expect(svg).not.toMatch(/script/i);
    expect(svg).not.toContain('alert');
    expect(svg).toContain('<rect');
    expect(removed).toEqual(['<script> element']);
  });

  it('removes onload on the root element', async () => {
    const { svg, removed } = await clean(corpus.onloadRoot);
    expect(svg).not.toMatch(/onload/i);
    expect(svg).toContain('width="10"');
    expect(removed).toEqual(['onload attribute on <svg>']);
  });

  it('removes onclick on a rect but keeps its other attributes', async () => {
    const { svg, removed } = await clean(corpus.onclickRect);
    expect(svg).not.toMatch(/onclick|alert/i);
    expect(svg).toContain('fill="red"');
    expect(removed).toEqual(['onclick attribute on <rect>']);
  });

  it('removes <foreignObject> and the HTML inside it', async () => {
    const { svg, removed } = await clean(corpus.foreignObject);
    expect(svg).not.toMatch(/foreignObject|body|img|onerror|xhtml/i);
    expect(svg).toContain('<circle');
    expect(removed).toEqual(['<foreignObject> element']);
  });

  it('removes <a href="javascript:…"> with its subtree', async () => {
    const { svg, removed } = await clean(corpus.anchorJs);
    expect(svg).not.toMatch(/javascript|<a[\s>]/i);
    expect(svg).not.toContain('click');
    expect(removed).toEqual(['<a> element']);
  });

  it('removes an external href on <use>', async () => {
    const { svg, removed } = await clean(corpus.useExternal);
    expect(svg).not.toContain('evil.example');
    expect(svg).toContain('<use');
    expect(removed).toEqual(['external href on <use>']);
  });

  it('removes an external href on <image>', async () => {
    const { svg, removed } = await clean(corpus.imageExternal);
    expect(svg).not.toContain('evil.example');
    expect(removed).toEqual(['external href on <image>']);
  });

  it('keeps a base64 PNG data URL on <image>', async () => {
    const { svg, removed } = await clean(corpus.imageDataPng);
    expect(svg).toContain('xlink:href="data:image/png;base64,iVBORw0KGgo="');
    expect(removed).toEqual([]);
  });

  it('removes a style attribute that uses url(http…)', async () => {
    const { svg, removed } = await clean(corpus.styleUrl);
    expect(svg).not.toContain('evil.example');
    expect(svg).not.toContain('style=');
    expect(removed).toEqual(['unsafe style attribute on <rect>']);
  });

  it('keeps fill="url(#g)" together with its gradient', async () => {
    const { svg, removed } = await clean(corpus.gradient);
    expect(svg).toContain('fill="url(#g)"');
    expect(svg).toContain('<linearGradient id="g">');
    expect(svg.match(/<stop /g)).toHaveLength(2);
    expect(removed).toEqual([]);
  });

  it('removes fill="url(http://…#a)"', async () => {
    const { svg, removed } = await clean(corpus.externalFillUrl);
    expect(svg).not.toContain('evil.example');
    expect(svg).not.toContain('fill=');
    expect(removed).toEqual(['external reference in fill attribute on <rect>']);
  });

  it('removes <animate> that targets href, wherever it is', async () => {
    const { svg, removed } = await clean(corpus.animateHref);
    expect(svg).not.toMatch(/animate|javascript/i);
    expect(svg).toContain('<rect');
    expect(removed).toEqual(['<a> element', '<animate> element']);
  });

  it('removes <set>', async () => {
    const { svg, removed } = await clean(corpus.set);
    expect(svg).not.toContain('<set');
    expect(removed).toEqual(['<set> element']);
  });

  it('removes a <style> element', async () => {
    const { svg, removed } = await clean(corpus.styleElement);
    expect(svg).not.toMatch(/style|evil\.example/);
    expect(removed).toEqual(['<style> element']);
  });

  it('keeps a clean Illustrator-like SVG intact; the comment and XML declaration go silently', async () => {
    const { svg, removed } = await clean(corpus.illustrator);
    expect(removed).toEqual([]);
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('d="M32,2C15.4,2,2,15.4,2,32s13.4,30,30,30s30-13.4,30-30S48.6,2,32,2z"');
    expect(svg).toContain('viewBox="0 0 64 64"');
    expect(svg).toContain('xml:space="preserve"');
    expect(svg).not.toContain('Generator');
    expect(svg).not.toContain('<?xml');
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it('catches mixed-case <SCRIPT> (XML is case-sensitive, the allowlist is too)', async () => {
    const { svg, removed } = await clean(corpus.mixedCaseScript);
    expect(svg).not.toMatch(/script|alert/i);
    expect(removed).toEqual(['<SCRIPT> element', '<Script> element']);
  });

  it('catches JaVaScRiPt: hrefs with embedded tab/newline', async () => {
    const { svg, removed } = await clean(corpus.obfuscatedJsHref);
    expect(svg).not.toMatch(/alert|href/i);
    expect(removed).toEqual(['script URL in xlink:href on <use>', 'script URL in href on <use>']);
  });

  it('catches javascript: in any attribute value', async () => {
    const { svg, removed } = await clean(corpus.obfuscatedJsAttr);
    expect(svg).not.toMatch(/alert|fill=/i);
    expect(removed).toEqual(['script URL in fill attribute on <rect>']);
  });

  it('removes comments silently', async () => {
    const { svg, removed } = await clean(corpus.comment);
    expect(svg).not.toContain('<!--');
    expect(removed).toEqual([]);
  });

  it('drops and reports an xml-stylesheet processing instruction', async () => {
    const { svg, removed } = await clean(corpus.stylesheetPi);
    expect(svg).not.toContain('evil.example');
    expect(removed).toEqual(['<?xml-stylesheet?> processing instruction']);
  });

  it('removes foreign-namespace elements and attributes', async () => {
    const { svg, removed } = await clean(corpus.foreignNamespaces);
    expect(svg).not.toMatch(/inkscape:label|<inkscape:thing/);
    expect(svg).toContain('<rect');
    expect(removed).toEqual(['inkscape:label attribute on <g>', '<inkscape:thing> element']);
  });

  it('removes an allowlisted name in a foreign default namespace, naming the namespace', async () => {
    const { svg, removed } = await clean(corpus.foreignDefaultNamespace);
    expect(svg).not.toContain('urn:x');
    expect(svg).toContain('<circle');
    expect(removed).toEqual(['<g> element in namespace urn:x']);
  });

  it('removes xml:base but keeps xml:lang', async () => {
    const { svg, removed } = await clean(corpus.xmlBase);
    expect(svg).not.toContain('evil.example');
    expect(svg).toContain('xml:lang="en"');
    expect(removed).toEqual(['xml:base attribute on <svg>']);
  });

  it('removes CSS-escaped url( in a presentation attribute', async () => {
    const { svg, removed } = await clean(corpus.cssEscape);
    expect(svg).not.toContain('evil.example');
    expect(removed).toEqual(['CSS escape in fill attribute on <rect>']);
  });

  it('removes a style attribute using image-set()', async () => {
    const { svg, removed } = await clean(corpus.imageSetStyle);
    expect(svg).not.toContain('evil.example');
    expect(removed).toEqual(['unsafe style attribute on <rect>']);
  });

  it('removes SVG and HTML data URLs on <image>', async () => {
    expect(await clean(corpus.imageDataSvg)).toEqual({
      svg: `<svg ${NS}><image width="1" height="1"/></svg>`,
      removed: ['disallowed data: URL in href on <image>'],
    });
    const html = await clean(corpus.imageDataHtml);
    expect(html.svg).not.toContain('data:');
    expect(html.removed).toEqual(['disallowed data: URL in href on <image>']);
  });

  it('removes relative and protocol-relative hrefs', async () => {
    const { svg, removed } = await clean(corpus.relativeHref);
    expect(svg).not.toMatch(/logo\.png|evil\.example/);
    expect(removed).toEqual(['external href on <image>', 'external href on <use>']);
  });

  it('allows raster data URLs on <image> only', async () => {
    const { svg, removed } = await clean(corpus.dataPngOnUse);
    expect(svg).not.toContain('data:');
    expect(removed).toEqual(['disallowed data: URL in href on <use>']);
  });

  it('keeps same-document references, filters and clip paths', async () => {
    const { svg, removed } = await clean(corpus.fragmentRefs);
    expect(removed).toEqual([]);
    expect(svg).toContain('xlink:href="#p"');
    expect(svg).toContain('href="#p"');
    expect(svg).toContain('clip-path="url(#c)"');
    expect(svg).toContain(`filter="url('#f')"`);
    expect(svg).toContain('<feGaussianBlur');
  });

  it('keeps text content escaped', async () => {
    const { svg, removed } = await clean(corpus.textAndCdata);
    expect(removed).toEqual([]);
    expect(svg).toContain('a &lt; b &amp; c ]]&gt;');
    expect(svg).toContain('<title>Logo &amp; co</title>');
  });

  it('accepts an svg root without a namespace declaration and adds the SVG namespace', async () => {
    const { svg, removed } = await clean(corpus.noNamespaceRoot);
    expect(removed).toEqual([]);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  });

  it('accepts U+FFFD from a mis-decoded upload (xmldom only warns about it)', async () => {
    const { svg, removed } = await clean(corpus.replacementChar);
    expect(svg).toContain('Caf\uFFFD logo');
    expect(removed).toEqual([]);
  });

  it('strips a byte-order mark and leading whitespace', async () => {
    const { svg } = await clean(`\uFEFF  \n<?xml version="1.0"?><svg ${NS}/>`);
    expect(svg).toBe(`<svg ${NS}/>`);
  });
});

describe('sanitizeSvg: refusals', () => {
  it('refuses a DOCTYPE with entities (billion laughs)', async () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY lol "lol">\n' +
      ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n' +
      ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n' +
      `<svg ${NS}><text>&lol3;</text></svg>`;
    expect(await refusal(laughs)).toMatch(/DOCTYPE/);
  });

  it('refuses a lower-case doctype', async () => {
    expect(await refusal(`<!doctype svg><svg ${NS}/>`)).toMatch(/DOCTYPE/);
  });

  it('refuses <!ENTITY without a DOCTYPE', async () => {
    expect(await refusal(`<!ENTITY x "y"><svg ${NS}>&x;</svg>`)).toMatch(/ENTITY/);
    expect(await refusal(`<svg ${NS}><!entity x "y"></svg>`)).toMatch(/ENTITY/);
  });

  it('refuses an HTML document (root is not svg)', async () => {
    expect(await refusal('<html><body><svg xmlns="http://www.w3.org/2000/svg"/></body></html>')).toMatch(/root element is <html>/);
  });

  it('refuses an svg root in a foreign namespace', async () => {
    expect(await refusal('<svg xmlns="http://www.w3.org/1999/xhtml"/>')).toMatch(/root element/);
  });

  it('refuses non-XML garbage', async () => {
    expect(await refusal('this is not xml')).toMatch(/not a well-formed XML document/);
    expect(await refusal('\u0089PNG\r\n\u001a\n\u0000\u0000')).toMatch(/not a well-formed XML document/);
    expect(await refusal('')).toMatch(/not a well-formed XML document/);
  });

  it('refuses unbalanced tags, duplicate attributes, unknown entities and trailing content', async () => {
    expect(await refusal(`<svg ${NS}><g></svg>`)).toMatch(/well-formed/);
    expect(await refusal(`<svg ${NS} a="1" a="2"/>`)).toMatch(/well-formed/);
    expect(await refusal(`<svg ${NS}>&nbsp;</svg>`)).toMatch(/well-formed/);
    expect(await refusal(`<svg ${NS}/><script>alert(1)</script>`)).toMatch(/well-formed/);
    expect(await refusal(`<svg ${NS} width=10/>`)).toMatch(/well-formed/);
  });

  it('refuses character references to characters XML does not allow', async () => {
    expect(await refusal(`<svg ${NS}><text>&#1;</text></svg>`)).toMatch(/characters that XML does not allow/);
  });

  it('refuses input over 2 MiB', async () => {
    const padding = '<g/>'.repeat((2 * 1024 * 1024) / 4);
    expect(await refusal(`<svg ${NS}>${padding}</svg>`)).toMatch(/2 MiB/);
    // Multi-byte text: counted in UTF-8 bytes, not characters.
    const wide = 'é'.repeat(1024 * 1024 + 1);
    expect(await refusal(`<svg ${NS}><text>${wide}</text></svg>`)).toMatch(/2 MiB/);
  });

  it('handles nesting as deep as allowed, and refuses deeper nesting before parsing it', async () => {
    // <svg>, then groups, then <script/> at the deepest level allowed.
    const groups = SVG_MAX_DEPTH - 2;
    const { svg, removed } = await clean(`<svg ${NS}>${'<g>'.repeat(groups)}<script/>${'</g>'.repeat(groups)}</svg>`);
    expect(removed).toEqual(['<script> element']);
    expect(svg).not.toContain('script');
    expect(svg.match(/<g[>/]/g)).toHaveLength(groups);

    const depthMessage = new RegExp(`nests elements more than ${SVG_MAX_DEPTH} levels deep`);
    // One level more, even for an empty element.
    expect(await refusal(`<svg ${NS}>${'<g>'.repeat(groups)}<g><rect/></g>${'</g>'.repeat(groups)}</svg>`)).toMatch(depthMessage);
    const depth = 50_000;
    const started = performance.now();
    expect(await refusal(`<svg ${NS}>${'<g>'.repeat(depth)}<script/>${'</g>'.repeat(depth)}</svg>`)).toMatch(depthMessage);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

/** sanitizeSvg's answer, and the time it took (measured on this thread, the worker's round trip included). */
async function timed(text: string, options?: SanitizeOptions) {
  const started = performance.now();
  const result = await sanitizeSvg(text, options);
  return { result, ms: performance.now() - started };
}

const thousands = (n: number) => n.toLocaleString('en-US');

/**
 * For files near the limits whose time is not what a test is about: a machine busy with other
 * work must not make them fail (the time limit has its own test).
 */
const UNHURRIED = { timeoutMs: 30_000 };

describe('sanitizeSvg: limits on size and time', () => {
  it('refuses 80,000 <script/> elements (700 KB, under the upload limits) within 1 s, naming the limit', async () => {
    const text = `<svg ${NS}>${'<script/>'.repeat(80_000)}</svg>`;
    expect(text.length).toBeLessThan(Math.min(LOGO_MAX_BYTES, SVG_MAX_BYTES));
    const { result, ms } = await timed(text);
    expect(result).toEqual({ ok: false, reason: `The SVG has more than ${thousands(SVG_MAX_ELEMENTS)} elements; simplify it or upload a PNG.` });
    expect(ms).toBeLessThan(1_000);
  });

  it('cleans 20,000 on* attributes within 1 s, on one element or spread over many', async () => {
    const oneElement = `<svg ${NS}><rect width="1" ${Array.from({ length: 20_000 }, (_, i) => `on${i}="alert(${i})"`).join(' ')}/></svg>`;
    const one = await timed(oneElement);
    if (!one.result.ok) throw new Error(one.result.reason);
    expect(one.result.svg).toBe(`<svg ${NS}><rect width="1"/></svg>`);
    expect(one.result.removed).toHaveLength(20_000);
    expect(one.ms).toBeLessThan(1_000);

    const spread = `<svg ${NS}>${Array.from({ length: 10_000 }, (_, i) => `<rect width="${i}" onclick="alert(1)" onmouseover="alert(2)"/>`).join('')}</svg>`;
    const many = await timed(spread);
    if (!many.result.ok) throw new Error(many.result.reason);
    expect(many.result.svg).not.toMatch(/\son|alert/);
    expect(many.result.svg.match(/<rect /g)).toHaveLength(10_000);
    expect(many.result.removed).toEqual(['onclick attribute on <rect>', 'onmouseover attribute on <rect>']);
    expect(many.ms).toBeLessThan(1_000);
  });

  it('answers within 1 s for a file at the size limits: cleaned at the SVG limit, refused above it', async () => {
    // 2 MiB of drawing: 2,000 long paths, with a handler on each.
    const path = `<path onclick="alert(1)" d="${'M10 20L30 40'.repeat(85)}"/>`;
    const atLimit = `<svg ${NS}>${path.repeat(Math.floor((SVG_MAX_BYTES - 100) / path.length))}</svg>`;
    expect(atLimit.length).toBeGreaterThan(SVG_MAX_BYTES - path.length - 100);
    expect(atLimit.length).toBeLessThanOrEqual(SVG_MAX_BYTES);
    const cleaned = await timed(atLimit);
    if (!cleaned.result.ok) throw new Error(cleaned.result.reason);
    expect(cleaned.result.removed).toEqual(['onclick attribute on <path>']);
    expect(cleaned.ms).toBeLessThan(1_000);

    // The largest upload the app takes (a screenshot), all of it SVG.
    const largest = `<svg ${NS}>${path.repeat(Math.floor((Math.max(LOGO_MAX_BYTES, MEDIA_MAX_BYTES) - 100) / path.length))}</svg>`;
    const refused = await timed(largest);
    expect(refused.result).toEqual({ ok: false, reason: 'The SVG file is larger than 2 MiB.' });
    expect(refused.ms).toBeLessThan(1_000);
  });

  it('accepts as many elements and attributes as allowed, and refuses one more, naming the limit', async () => {
    // <svg xmlns="…"> is one element with one attribute.
    const rects = (elements: number) => `<svg ${NS}>${'<rect/>'.repeat(elements - 1)}</svg>`;
    expect((await clean(rects(SVG_MAX_ELEMENTS), UNHURRIED)).svg.match(/<rect\/>/g)).toHaveLength(SVG_MAX_ELEMENTS - 1);
    expect(await refusal(rects(SVG_MAX_ELEMENTS + 1))).toBe(`The SVG has more than ${thousands(SVG_MAX_ELEMENTS)} elements; simplify it or upload a PNG.`);

    // 1 + 5 × rects attributes: as many as allowed (within 4), then more.
    const withAttributes = (rects: number) => `<svg ${NS}>${'<rect x="1" y="1" width="1" height="1" fill="red"/>'.repeat(rects)}</svg>`;
    const fitting = Math.floor((SVG_MAX_ATTRIBUTES - 1) / 5);
    expect((await clean(withAttributes(fitting), UNHURRIED)).removed).toEqual([]);
    expect(await refusal(withAttributes(fitting + 1))).toBe(`The SVG has more than ${thousands(SVG_MAX_ATTRIBUTES)} attributes; simplify it or upload a PNG.`);

    const comments = `<svg ${NS}>${'<!-- x -->'.repeat(SVG_MAX_COMMENTS + 1)}</svg>`;
    expect(await refusal(comments)).toBe(
      `The SVG has more than ${thousands(SVG_MAX_COMMENTS)} comments, CDATA sections and processing instructions; simplify it or upload a PNG.`,
    );
  });

  it('counts on the raw text as the parser would: quoted values, comments and CDATA hide no tags', () => {
    const limits = { maxBytes: 1_000_000, maxElements: 3, maxAttributes: 3, maxComments: 2, maxDepth: 3 };
    expect(checkSvgStructure(`<svg ${NS}><g a="x=y>z" b='<c/>'/></svg>`, limits)).toBeUndefined();
    expect(checkSvgStructure(`<svg ${NS}><!-- <g><g><g> --><![CDATA[<g a="1" b="2">]]><g/></svg>`, limits)).toBeUndefined();
    expect(checkSvgStructure(`<svg ${NS}><g/><g/><g/></svg>`, limits)).toMatch(/more than 3 elements/);
    expect(checkSvgStructure(`<svg ${NS}><g a="1" b="2" c="3"/></svg>`, limits)).toMatch(/more than 3 attributes/);
    expect(checkSvgStructure(`<?pi?><svg ${NS}><!--a--><![CDATA[b]]></svg>`, limits)).toMatch(/more than 2 comments/);
    expect(checkSvgStructure(`<svg ${NS}><g><g/></g></svg>`, limits)).toBeUndefined();
    expect(checkSvgStructure(`<svg ${NS}><g><g><g/></g></g></svg>`, { ...limits, maxElements: 10 })).toMatch(/more than 3 levels deep/);
    // Closing tags bring the level back up.
    expect(checkSvgStructure(`<svg ${NS}><g><g/></g><g><g/></g></svg>`, { ...limits, maxElements: 10 })).toBeUndefined();
  });

  it('keeps this thread free while a large file is checked', async () => {
    // Near the limits: 20,000 elements with text and comments. It takes the worker a few hundred ms.
    const text = `<svg ${NS}>${Array.from({ length: SVG_MAX_ELEMENTS - 1 }, (_, i) => (i % 2 ? '<rect x="1" y="2" width="3" height="4" fill="#000">t</rect>' : '<g>t<!--c--></g>')).join('')}</svg>`;
    const gaps: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 10);
    try {
      const { result } = await timed(text, UNHURRIED);
      expect(result.ok).toBe(true);
    } finally {
      clearInterval(ticker);
    }
    expect(gaps.length).toBeGreaterThan(3);
    expect(Math.max(...gaps)).toBeLessThan(200);
  });

  it('stops a worker that runs out of time and refuses the file; the next file gets a fresh worker', async () => {
    // Allowed, but far more than 1 ms of work.
    const large = `<svg ${NS}>${'<rect width="1" height="1"/>'.repeat(SVG_MAX_ELEMENTS - 1)}</svg>`;
    const before = svgSanitizerStats();
    const started = performance.now();
    expect(await refusal(large, { timeoutMs: 1 })).toBe('Checking the SVG took longer than 1 ms; simplify it or upload a PNG.');
    expect(performance.now() - started).toBeLessThan(1_000);
    const after = svgSanitizerStats();
    expect(after.terminated).toBe(before.terminated + 1);
    expect(after.busy).toBe(0);

    const { svg } = await clean(corpus.script);
    expect(svg).not.toContain('script');
    expect(svgSanitizerStats().started).toBeGreaterThan(after.started);
  });

  it('refuses a file whose worker dies while checking it (the answer never hangs), and recovers', async () => {
    await clean(corpus.gradient); // a worker is ready
    const pool = (globalThis as Record<symbol, unknown>)[Symbol.for('banqup-store-wizard.svg-sanitizer')] as { slots: { job?: unknown; worker: { terminate(): Promise<number> } }[] };
    const pending = sanitizeSvg(`<svg ${NS}>${'<rect width="1" height="1"/>'.repeat(SVG_MAX_ELEMENTS - 1)}</svg>`, UNHURRIED);
    expect(svgSanitizerStats().busy).toBe(1);
    // As if it had crashed or run out of memory.
    await pool.slots.find((slot) => slot.job)!.worker.terminate();
    expect(await pending).toEqual({ ok: false, reason: expect.stringMatching(/could not be checked/), temporary: true });
    expect((await clean(corpus.gradient)).removed).toEqual([]);
  });

  it('refuses at once, as temporary, files beyond the queue while the workers are busy', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => sanitizeSvg(corpus.gradient)));
    expect(results.filter((result) => result.ok).length).toBeGreaterThanOrEqual(16);
    const refused = results.filter((result) => !result.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const result of refused) expect(result).toEqual({ ok: false, reason: expect.stringMatching(/too many SVG files at once/), temporary: true });
  });
});

describe('sanitizeSvg: output is well-formed and idempotent', () => {
  for (const [name, text] of Object.entries(corpus)) {
    it(name, async () => {
      const first = await clean(text);
      expectWellFormed(first.svg);
      const second = await sanitizeSvg(first.svg);
      expect(second).toEqual({ ok: true, svg: first.svg, removed: [] });
    });
  }
});
