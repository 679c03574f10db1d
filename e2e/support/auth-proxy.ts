import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { freePort } from './spawn-server';

/**
 * A stand-in for an authenticating proxy (oauth2-proxy), for the tests: it listens on
 * 127.0.0.1 and forwards every request to the app from 127.0.0.2 (the address the app is told
 * to trust), after removing whatever identity headers the browser sent and adding the
 * identity of the person named by the `who` cookie. No cookie: no identity headers at all.
 */

export type Person = { email: string; name: string; groups: string[] };

const IDENTITY_HEADERS = ['x-forwarded-email', 'x-forwarded-user', 'x-forwarded-groups', 'x-forwarded-preferred-username', 'x-auth-request-email', 'x-auth-request-user', 'x-auth-request-groups'];

export const TRUSTED_PROXY_ADDRESS = '127.0.0.2';

export async function startAuthProxy(target: string, people: Record<string, Person>): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers };
    for (const name of IDENTITY_HEADERS) delete headers[name];
    const who = /(?:^|;\s*)who=([a-z]+)/.exec(req.headers.cookie ?? '')?.[1];
    const person = who ? people[who] : undefined;
    if (person) {
      headers['x-forwarded-email'] = person.email;
      headers['x-forwarded-preferred-username'] = person.name;
      headers['x-forwarded-groups'] = person.groups.join(',');
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, localAddress: TRUSTED_PROXY_ADDRESS },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * One raw HTTP/1.1 request, written byte for byte (so a header can be sent twice), from
 * `localAddress`. Returns the status and the body.
 */
export function rawRequest(target: string, lines: string[], localAddress = '127.0.0.1', body = ''): Promise<{ status: number; body: string }> {
  const url = new URL(target);
  const length = body ? [`Content-Length: ${Buffer.byteLength(body)}`] : [];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress }, () => {
      socket.write(`${[...lines, ...length, `Host: ${url.host}`, 'Connection: close'].join('\r\n')}\r\n\r\n${body}`);
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) });
    });
    socket.on('error', reject);
  });
}
