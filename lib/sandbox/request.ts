import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { Db } from '@/lib/db/db';
import type { AppConfig } from '@/lib/env';
import { JSON_MAX_BYTES, MULTIPART_MAX_BYTES } from '@/lib/banqup/limits';
import { readCapped } from '@/lib/bytes';
import { containsNul } from '@/lib/text';
import { sniffImageType } from '@/lib/uploads/sniff';
import { fieldErrorsOf } from '@/lib/zod-issues';
import type { FieldError } from './responses';

/** What every route of the sandbox is given: the call, the database (with the sandbox's tables), its settings. */
export type SandboxContext = {
  request: Request;
  db: Db;
  config: AppConfig['sandbox'];
  /** The path below /sandbox, e.g. /servicemngmt/v1/applications/{id}/brands. */
  route: string;
};

/** A refusal: the sandbox answers it in the configured error style (handler.ts). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

const fieldErrors = (error: z.core.$ZodError): FieldError[] =>
  Object.entries(fieldErrorsOf(error.issues, '(body)')).flatMap(([field, messages]) => messages.map((message) => ({ field, message })));

/** Reads the body, refusing it with 413 as soon as it passes `max` bytes (before reading it all). */
export async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const body = await readCapped(request, max);
  if (!body) throw new HttpError(413, `The body is larger than the limit of ${max} bytes.`);
  return body;
}

/**
 * The media type of a Content-Type, parsed strictly (RFC 9110 §8.3.1): type/subtype, then only
 * `; name=value` parameters. `application/x-www-form-urlencoded;+json` is not JSON: a form can send
 * that without a CORS preflight.
 */
export function mediaType(contentType: string | null): string | undefined {
  const match = /^\s*([a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+)\s*((?:;\s*[a-z0-9!#$&^_.+-]+=(?:[a-z0-9!#$&^_.+-]+|"[^"]*")\s*)*)$/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

const isJsonType = (type: string | undefined) => type === 'application/json' || /^application\/[a-z0-9.-]+\+json$/.test(type ?? '');

export async function readJson(request: Request): Promise<unknown> {
  if (!isJsonType(mediaType(request.headers.get('content-type')))) {
    throw new HttpError(415, 'Send the body as application/json.');
  }
  const body = await readBody(request, JSON_MAX_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new HttpError(400, 'The body is not valid JSON.');
  }
  if (containsNul(value)) throw new HttpError(400, 'The body contains a NUL character (\\u0000).');
  return value;
}

export async function readMultipart(request: Request): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(contentType)) throw new HttpError(415, 'Send the body as multipart/form-data.');
  const body = await readBody(request, MULTIPART_MAX_BYTES);
  try {
    return await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new HttpError(400, 'The multipart body could not be read.');
  }
}

export async function readImage(form: FormData, field: string, maxBytes: number): Promise<{ bytes: Uint8Array; file: File; contentType: string }> {
  const file = form.get(field);
  if (!(file instanceof File)) throw new HttpError(400, `The form has no file in the field ${field}.`, [{ field, message: 'A file is required' }]);
  if (file.size === 0) throw new HttpError(400, `The file in ${field} is empty.`, [{ field, message: 'The file is empty' }]);
  if (file.size > maxBytes) throw new HttpError(413, `The file is ${file.size} bytes; the limit is ${maxBytes} bytes.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new HttpError(415, `The file in ${field} is not an SVG, PNG, JPEG or WebP image.`);
  return { bytes, file, contentType };
}

export function parse<T>(schema: z.core.$ZodType<T>, body: unknown): T {
  const parsed = z.safeParse(schema, body);
  if (!parsed.success) throw new HttpError(400, 'The request body is invalid.', fieldErrors(parsed.error));
  return parsed.data;
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
