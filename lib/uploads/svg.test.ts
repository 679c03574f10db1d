import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { sanitizeSvg } from '@/lib/uploads/svg';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';

/** Sanitizes, asserts success, and returns the cleaned text and the removal list. */
function clean(text: string): { svg: string; removed: string[] } {
  const result = sanitizeSvg(text);
  if (!result.ok) throw new Error(`expected ok, got refusal: ${result.reason}`);
  return { svg: result.svg, removed: result.removed };
}

function refusal(text: string): string {
  const result = sanitizeSvg(text);
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
  it('removes <script> with its body', () => {
    const { svg, removed } = clean(corpus.script);
    expect(svg).not.toMatch(/script/i);
    expect(svg).not.toContain('alert');
    expect(svg).toContain('<rect');
    expect(removed).toEqual(['<script> element']);
  });

  it('removes onload on the root element', () => {
    const { svg, removed } = clean(corpus.onloadRoot);
    expect(svg).not.toMatch(/onload/i);
    expect(svg).toContain('width="10"');
    expect(removed).toEqual(['onload attribute on <svg>']);
  });

  it('removes onclick on a rect but keeps its other attributes', () => {
    const { svg, removed } = clean(corpus.onclickRect);
    expect(svg).not.toMatch(/onclick|alert/i);
    expect(svg).toContain('fill="red"');
    expect(removed).toEqual(['onclick attribute on <rect>']);
  });

  it('removes <foreignObject> and the HTML inside it', () => {
    const { svg, removed } = clean(corpus.foreignObject);
    expect(svg).not.toMatch(/foreignObject|body|img|onerror|xhtml/i);
    expect(svg).toContain('<circle');
    expect(removed).toEqual(['<foreignObject> element']);
  });

  it('removes <a href="javascript:…"> with its subtree', () => {
    const { svg, removed } = clean(corpus.anchorJs);
    expect(svg).not.toMatch(/javascript|<a[\s>]/i);
    expect(svg).not.toContain('click');
    expect(removed).toEqual(['<a> element']);
  });

  it('removes an external href on <use>', () => {
    const { svg, removed } = clean(corpus.useExternal);
    expect(svg).not.toContain('evil.example');
    expect(svg).toContain('<use');
    expect(removed).toEqual(['external href on <use>']);
  });

  it('removes an external href on <image>', () => {
    const { svg, removed } = clean(corpus.imageExternal);
    expect(svg).not.toContain('evil.example');
    expect(removed).toEqual(['external href on <image>']);
  });

  it('keeps a base64 PNG data URL on <image>', () => {
    const { svg, removed } = clean(corpus.imageDataPng);
    expect(svg).toContain('xlink:href="data:image/png;base64,iVBORw0KGgo="');
    expect(removed).toEqual([]);
  });

  it('removes a style attribute that uses url(http…)', () => {
    const { svg, removed } = clean(corpus.styleUrl);
    expect(svg).not.toContain('evil.example');
    expect(svg).not.toContain('style=');
    expect(removed).toEqual(['unsafe style attribute on <rect>']);
  });

  it('keeps fill="url(#g)" together with its gradient', () => {
    const { svg, removed } = clean(corpus.gradient);
    expect(svg).toContain('fill="url(#g)"');
    expect(svg).toContain('<linearGradient id="g">');
    expect(svg.match(/<stop /g)).toHaveLength(2);
    expect(removed).toEqual([]);
  });

  it('removes fill="url(http://…#a)"', () => {
    const { svg, removed } = clean(corpus.externalFillUrl);
    expect(svg).not.toContain('evil.example');
    expect(svg).not.toContain('fill=');
    expect(removed).toEqual(['external reference in fill attribute on <rect>']);
  });

  it('removes <animate> that targets href, wherever it is', () => {
    const { svg, removed } = clean(corpus.animateHref);
    expect(svg).not.toMatch(/animate|javascript/i);
    expect(svg).toContain('<rect');
    expect(removed).toEqual(['<a> element', '<animate> element']);
  });

  it('removes <set>', () => {
    const { svg, removed } = clean(corpus.set);
    expect(svg).not.toContain('<set');
    expect(removed).toEqual(['<set> element']);
  });

  it('removes a <style> element', () => {
    const { svg, removed } = clean(corpus.styleElement);
    expect(svg).not.toMatch(/style|evil\.example/);
    expect(removed).toEqual(['<style> element']);
  });

  it('keeps a clean Illustrator-like SVG intact; the comment and XML declaration go silently', () => {
    const { svg, removed } = clean(corpus.illustrator);
    expect(removed).toEqual([]);
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('d="M32,2C15.4,2,2,15.4,2,32s13.4,30,30,30s30-13.4,30-30S48.6,2,32,2z"');
    expect(svg).toContain('viewBox="0 0 64 64"');
    expect(svg).toContain('xml:space="preserve"');
    expect(svg).not.toContain('Generator');
    expect(svg).not.toContain('<?xml');
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it('catches mixed-case <SCRIPT> (XML is case-sensitive, the allowlist is too)', () => {
    const { svg, removed } = clean(corpus.mixedCaseScript);
    expect(svg).not.toMatch(/script|alert/i);
    expect(removed).toEqual(['<SCRIPT> element', '<Script> element']);
  });

  it('catches JaVaScRiPt: hrefs with embedded tab/newline', () => {
    const { svg, removed } = clean(corpus.obfuscatedJsHref);
    expect(svg).not.toMatch(/alert|href/i);
    expect(removed).toEqual(['script URL in xlink:href on <use>', 'script URL in href on <use>']);
  });

  it('catches javascript: in any attribute value', () => {
    const { svg, removed } = clean(corpus.obfuscatedJsAttr);
    expect(svg).not.toMatch(/alert|fill=/i);
    expect(removed).toEqual(['script URL in fill attribute on <rect>']);
  });

  it('removes comments silently', () => {
    const { svg, removed } = clean(corpus.comment);
    expect(svg).not.toContain('<!--');
    expect(removed).toEqual([]);
  });

  it('drops and reports an xml-stylesheet processing instruction', () => {
    const { svg, removed } = clean(corpus.stylesheetPi);
    expect(svg).not.toContain('evil.example');
    expect(removed).toEqual(['<?xml-stylesheet?> processing instruction']);
  });

  it('removes foreign-namespace elements and attributes', () => {
    const { svg, removed } = clean(corpus.foreignNamespaces);
    expect(svg).not.toMatch(/inkscape:label|<inkscape:thing/);
    expect(svg).toContain('<rect');
    expect(removed).toEqual(['inkscape:label attribute on <g>', '<inkscape:thing> element']);
  });

  it('removes an allowlisted name in a foreign default namespace, naming the namespace', () => {
    const { svg, removed } = clean(corpus.foreignDefaultNamespace);
    expect(svg).not.toContain('urn:x');
    expect(svg).toContain('<circle');
    expect(removed).toEqual(['<g> element in namespace urn:x']);
  });

  it('removes xml:base but keeps xml:lang', () => {
    const { svg, removed } = clean(corpus.xmlBase);
    expect(svg).not.toContain('evil.example');
    expect(svg).toContain('xml:lang="en"');
    expect(removed).toEqual(['xml:base attribute on <svg>']);
  });

  it('removes CSS-escaped url( in a presentation attribute', () => {
    const { svg, removed } = clean(corpus.cssEscape);
    expect(svg).not.toContain('evil.example');
    expect(removed).toEqual(['CSS escape in fill attribute on <rect>']);
  });

  it('removes a style attribute using image-set()', () => {
    const { svg, removed } = clean(corpus.imageSetStyle);
    expect(svg).not.toContain('evil.example');
    expect(removed).toEqual(['unsafe style attribute on <rect>']);
  });

  it('removes SVG and HTML data URLs on <image>', () => {
    expect(clean(corpus.imageDataSvg)).toEqual({
      svg: `<svg ${NS}><image width="1" height="1"/></svg>`,
      removed: ['disallowed data: URL in href on <image>'],
    });
    const html = clean(corpus.imageDataHtml);
    expect(html.svg).not.toContain('data:');
    expect(html.removed).toEqual(['disallowed data: URL in href on <image>']);
  });

  it('removes relative and protocol-relative hrefs', () => {
    const { svg, removed } = clean(corpus.relativeHref);
    expect(svg).not.toMatch(/logo\.png|evil\.example/);
    expect(removed).toEqual(['external href on <image>', 'external href on <use>']);
  });

  it('allows raster data URLs on <image> only', () => {
    const { svg, removed } = clean(corpus.dataPngOnUse);
    expect(svg).not.toContain('data:');
    expect(removed).toEqual(['disallowed data: URL in href on <use>']);
  });

  it('keeps same-document references, filters and clip paths', () => {
    const { svg, removed } = clean(corpus.fragmentRefs);
    expect(removed).toEqual([]);
    expect(svg).toContain('xlink:href="#p"');
    expect(svg).toContain('href="#p"');
    expect(svg).toContain('clip-path="url(#c)"');
    expect(svg).toContain(`filter="url('#f')"`);
    expect(svg).toContain('<feGaussianBlur');
  });

  it('keeps text content escaped', () => {
    const { svg, removed } = clean(corpus.textAndCdata);
    expect(removed).toEqual([]);
    expect(svg).toContain('a &lt; b &amp; c ]]&gt;');
    expect(svg).toContain('<title>Logo &amp; co</title>');
  });

  it('accepts an svg root without a namespace declaration and adds the SVG namespace', () => {
    const { svg, removed } = clean(corpus.noNamespaceRoot);
    expect(removed).toEqual([]);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  });

  it('accepts U+FFFD from a mis-decoded upload (xmldom only warns about it)', () => {
    const { svg, removed } = clean(corpus.replacementChar);
    expect(svg).toContain('Caf\uFFFD logo');
    expect(removed).toEqual([]);
  });

  it('strips a byte-order mark and leading whitespace', () => {
    const { svg } = clean(`\uFEFF  \n<?xml version="1.0"?><svg ${NS}/>`);
    expect(svg).toBe(`<svg ${NS}/>`);
  });
});

describe('sanitizeSvg: refusals', () => {
  it('refuses a DOCTYPE with entities (billion laughs)', () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY lol "lol">\n' +
      ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n' +
      ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n' +
      `<svg ${NS}><text>&lol3;</text></svg>`;
    expect(refusal(laughs)).toMatch(/DOCTYPE/);
  });

  it('refuses a lower-case doctype', () => {
    expect(refusal(`<!doctype svg><svg ${NS}/>`)).toMatch(/DOCTYPE/);
  });

  it('refuses <!ENTITY without a DOCTYPE', () => {
    expect(refusal(`<!ENTITY x "y"><svg ${NS}>&x;</svg>`)).toMatch(/ENTITY/);
    expect(refusal(`<svg ${NS}><!entity x "y"></svg>`)).toMatch(/ENTITY/);
  });

  it('refuses an HTML document (root is not svg)', () => {
    expect(refusal('<html><body><svg xmlns="http://www.w3.org/2000/svg"/></body></html>')).toMatch(/root element is <html>/);
  });

  it('refuses an svg root in a foreign namespace', () => {
    expect(refusal('<svg xmlns="http://www.w3.org/1999/xhtml"/>')).toMatch(/root element/);
  });

  it('refuses non-XML garbage', () => {
    expect(refusal('this is not xml')).toMatch(/not a well-formed XML document/);
    expect(refusal('\u0089PNG\r\n\u001a\n\u0000\u0000')).toMatch(/not a well-formed XML document/);
    expect(refusal('')).toMatch(/not a well-formed XML document/);
  });

  it('refuses unbalanced tags, duplicate attributes, unknown entities and trailing content', () => {
    expect(refusal(`<svg ${NS}><g></svg>`)).toMatch(/well-formed/);
    expect(refusal(`<svg ${NS} a="1" a="2"/>`)).toMatch(/well-formed/);
    expect(refusal(`<svg ${NS}>&nbsp;</svg>`)).toMatch(/well-formed/);
    expect(refusal(`<svg ${NS}/><script>alert(1)</script>`)).toMatch(/well-formed/);
    expect(refusal(`<svg ${NS} width=10/>`)).toMatch(/well-formed/);
  });

  it('refuses character references to characters XML does not allow', () => {
    expect(refusal(`<svg ${NS}><text>&#1;</text></svg>`)).toMatch(/characters that XML does not allow/);
  });

  it('refuses input over 2 MiB', () => {
    const padding = '<g/>'.repeat((2 * 1024 * 1024) / 4);
    expect(refusal(`<svg ${NS}>${padding}</svg>`)).toMatch(/2 MiB/);
    // Multi-byte text: counted in UTF-8 bytes, not characters.
    const wide = 'é'.repeat(1024 * 1024 + 1);
    expect(refusal(`<svg ${NS}><text>${wide}</text></svg>`)).toMatch(/2 MiB/);
  });

  it('handles deep nesting without overflowing the stack', () => {
    const depth = 50_000;
    const { svg, removed } = clean(`<svg ${NS}>${'<g>'.repeat(depth)}<script/>${'</g>'.repeat(depth)}</svg>`);
    expect(removed).toEqual(['<script> element']);
    expect(svg).not.toContain('script');
  });
});

describe('sanitizeSvg: output is well-formed and idempotent', () => {
  for (const [name, text] of Object.entries(corpus)) {
    it(name, () => {
      const first = clean(text);
      expectWellFormed(first.svg);
      const second = sanitizeSvg(first.svg);
      expect(second).toEqual({ ok: true, svg: first.svg, removed: [] });
    });
  }
});
