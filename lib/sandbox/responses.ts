/**
 * How the sandbox answers: JSON, and errors as RFC 9457 problem details (the default) or in
 * Banqup's own error style. Fault injection can also answer as an HTML gateway page or with
 * an empty body, the shapes a real deployment's gateways produce.
 */
import { statusTitle } from '@/lib/banqup/errors';

export type ErrorStyle = 'problem' | 'banqup' | 'html' | 'empty';
export const ERROR_STYLES = ['problem', 'banqup', 'html', 'empty'] as const;

export type FieldError = { field: string; message: string };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function errorResponse(
  status: number,
  detail: string,
  options: { style?: ErrorStyle; errors?: FieldError[]; headers?: Record<string, string>; type?: string } = {},
): Response {
  const style = options.style ?? 'problem';
  const requestId = crypto.randomUUID();
  const headers = { 'x-request-id': requestId, ...options.headers };
  const title = statusTitle(status);
  switch (style) {
    case 'empty':
      return new Response(null, { status, headers });
    case 'html':
      return new Response(
        `<!DOCTYPE html><html><head><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1><hr><p>gateway</p></body></html>`,
        { status, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } },
      );
    case 'banqup':
      return json(
        {
          status,
          error: title.toUpperCase().replace(/ /g, '_'),
          timestamp: new Date().toISOString(),
          title,
          detail,
          requestId,
          ...(options.errors?.length ? { fieldErrors: options.errors.map((e) => ({ field: e.field, message: e.message })) } : {}),
        },
        status,
        headers,
      );
    case 'problem':
      return json({ type: options.type ?? 'about:blank', title, status, detail, ...(options.errors?.length ? { errors: options.errors } : {}) }, status, {
        ...headers,
        'content-type': 'application/problem+json',
      });
  }
}
