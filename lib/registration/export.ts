import 'server-only';
import { redactValue } from '@/lib/redact';
import type { RegistrationView } from './summary';

/**
 * The whole registration as one JSON document, for archives and other tools. Built from the
 * reviewer's view, which holds no secret; redacted once more by key, to be sure.
 */
export function exportDocument(view: RegistrationView, baseUrl: string, { readOnly = false } = {}) {
  const { checklist, ready, approved, ...rest } = view;
  // A read-only reviewer gets no handle on the editable registration (its id).
  const registration = readOnly ? { ...view.registration, id: undefined } : view.registration;
  return redactValue({
    format: 'banqup-store-wizard/registration@1',
    exportedAt: new Date().toISOString(),
    ...rest,
    registration,
    logo: view.logo ? { ...view.logo, url: `${baseUrl}/api/assets/${view.logo.id}` } : null,
    media: view.media.map((item, index) => ({ ...item, displayOrder: index + 1, url: `${baseUrl}/api/assets/${item.id}` })),
    readiness: { ready, approved, checklist },
  });
}

export function exportResponse(view: RegistrationView, request: Request, options: { readOnly?: boolean } = {}): Response {
  const origin = new URL(request.url).origin;
  const fileName = `${view.registration.namespace || 'registration'}-banqup-registration.json`;
  return new Response(JSON.stringify(exportDocument(view, origin, options), null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}
