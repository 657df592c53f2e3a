/**
 * Node `http` glue shared by the loopback server and the dev-server middleware: turns an `IncomingMessage` into a
 * fetch `Request`, runs it through the emulator, and writes the `Response` back — streaming (one flushed write per
 * chunk, for SSE), cancelling the body when the client goes away, and turning network-error responses into a
 * dropped connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { DocumentsApiMock } from './types';

/** Decides whether a browser origin may call the emulator. */
export type OriginPolicy = (origin: string) => boolean;

/** The default CORS policy: any http(s) origin on localhost, 127.0.0.1 or [::1], on any port. */
export const allowLocalOrigins: OriginPolicy = (origin) =>
  /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(origin);

const ALLOW_HEADERS = 'Authorization, Content-Type, Cache-Control, Accept';
const ALLOW_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const EXPOSE_HEADERS = 'Retry-After, ETag, Content-Length';

/**
 * Adds CORS headers for an allowed `Origin` and answers preflights (OPTIONS → 204). Returns `true` when the
 * request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowOrigin: OriginPolicy): boolean {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && allowOrigin(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
  }
  if (req.method !== 'OPTIONS') return false;
  if (typeof origin === 'string' && allowOrigin(origin)) {
    res.setHeader('access-control-allow-methods', ALLOW_METHODS);
    res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204).end();
  return true;
}

function toRequest(req: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = {
    method: req.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  };
  return new Request(url, init);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  if (response.type === 'error') {
    // `HttpResponse.error()`: the client must see a network error, so the connection is dropped.
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  res.writeHead(response.status, headers);
  const body = response.body;
  if (body === null || req.method === 'HEAD') {
    res.end();
    return;
  }
  const streaming = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  if (streaming) {
    res.socket?.setNoDelay(true);
    res.flushHeaders();
  }
  const reader = body.getReader();
  const client = { gone: false };
  const onClose = (): void => {
    if (res.writableFinished) return;
    client.gone = true;
    // The client went away: cancelling the body ends the SSE stream and its heartbeat timer.
    reader.cancel().catch(() => undefined);
  };
  res.on('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || client.gone) break;
      await new Promise<void>((resolve, reject) => {
        res.write(value, (error) => {
          if (error === null || error === undefined) resolve();
          else reject(error);
        });
      });
    }
    if (!client.gone) res.end();
  } catch {
    // The body errored (e.g. an SSE stream dropped on purpose): end the connection abruptly, no final chunk.
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/**
 * Runs one Node request through the emulator with the given absolute URL. Answers 404 JSON (or calls
 * `onUnhandled`) when no handler matches, and 500 JSON if anything throws; never throws itself.
 */
export async function serveNodeRequest(
  mock: DocumentsApiMock,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  onUnhandled?: () => void,
): Promise<void> {
  try {
    let request: Request;
    try {
      request = toRequest(req, url);
    } catch {
      sendJson(res, 400, { statusCode: 400, error: 'Bad Request', message: 'Malformed request' });
      return;
    }
    const response = await mock.handle(request);
    if (response === undefined) {
      if (onUnhandled !== undefined) {
        onUnhandled();
        return;
      }
      req.resume();
      sendJson(res, 404, {
        statusCode: 404,
        error: 'Not Found',
        message: `Cannot ${req.method ?? 'GET'} ${url.pathname}`,
      });
      return;
    }
    await writeResponse(req, res, response);
    // Handlers may answer without reading the body (e.g. a refused PUT): drain it so the connection stays usable.
    if (!req.readableEnded) req.resume();
  } catch {
    sendJson(res, 500, { statusCode: 500, error: 'Internal Server Error', message: 'The emulator failed' });
  }
}
