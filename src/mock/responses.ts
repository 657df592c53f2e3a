/** The emulator's responses and request reading: API and storage error bodies, a size-capped body read. */
import { HttpResponse } from 'msw';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** A JSON error body in the API's style: `{ statusCode, error, message }`. */
export function apiError(status: number, message: string, headers?: Record<string, string>): Response {
  return HttpResponse.json(
    { statusCode: status, error: REASONS[status] ?? 'Error', message },
    { status, ...(headers === undefined ? {} : { headers }) },
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An S3-style XML error, as a storage bucket answers. */
export function storageError(status: number, code: string, message: string): Response {
  return new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`,
    { status, headers: { 'content-type': 'application/xml' } },
  );
}

type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false };

/** Reads a body, keeping at most `cap` bytes; a longer body is drained (so the client sees the answer) and refused. */
export async function readCapped(request: Request, cap: number): Promise<ReadResult> {
  if (request.body === null) return { ok: true, bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total <= cap) chunks.push(value);
    else chunks.length = 0;
    if (total > 64 * cap) {
      await reader.cancel();
      break;
    }
  }
  if (total > cap) return { ok: false };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

export function param(value: string | readonly string[] | undefined): string {
  return typeof value === 'string' ? value : (value?.[0] ?? '');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
