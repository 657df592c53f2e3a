import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { documentListSchema } from '../../src/core/api/schemas';
import { createDocumentsApiMock, md5Hex } from '../../src/mock';
import { createMockMiddleware, startMockServer, type MockServer } from '../../src/mock/server';
import { readSse, waitFor, type InitBody } from './helpers';

let running: MockServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(
  options: Parameters<typeof startMockServer>[0] = {},
): Promise<MockServer & { root: string; auth: Record<string, string> }> {
  const server = await startMockServer({ processingDelayMs: 10, variantsDelayMs: 10, ...options });
  running = server;
  return {
    ...server,
    root: `${server.url}/api/v2/accounts/${server.accountId}/documents`,
    auth: { authorization: `Bearer ${server.token}` },
  };
}

function raw(
  url: string,
  options: { method: string; headers?: Record<string, string> },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method, headers: options.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function initOk(
  s: { root: string; auth: Record<string, string> },
  files: { filename: string; size: number }[],
  type = 'utilityBill',
): Promise<InitBody> {
  const res = await fetch(s.root, {
    method: 'POST',
    headers: { ...s.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ type, files }),
  });
  expect(res.status).toBe(202);
  return (await res.json()) as InitBody;
}

describe('startMockServer', () => {
  it('serves the API and a separate storage origin on 127.0.0.1', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.storageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.storageUrl).not.toBe(s.url);
    expect([s.accountId, s.token]).toEqual(['acc_demo', 'token_demo']);
    expect(s.mock.baseUrl).toBe(s.url);
    const body = await initOk(s, [{ filename: 'a.pdf', size: 1 }]);
    expect(body.files[0]!.uploadUrl.startsWith(`${s.storageUrl}/upload/`)).toBe(true);
  });

  it('answers CORS preflights on the storage origin like a bucket (PUT with Content-Type)', async () => {
    const s = await start();
    const preflight = await raw(`${s.storageUrl}/upload/staging/x/y.pdf`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:6006',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:6006');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('PUT');
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).toContain('content-type');
    const foreign = await raw(`${s.storageUrl}/upload/x`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(foreign.status).toBe(204);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers CORS on the API origin: allowed headers and methods, Retry-After exposed', async () => {
    const s = await start();
    const preflight = await raw(s.root, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization,cache-control,accept',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, POST, PUT, DELETE, OPTIONS');
    expect(preflight.headers['access-control-allow-headers']).toBe(
      'Authorization, Content-Type, Cache-Control, Accept',
    );
    s.mock.control.rateLimit('list');
    const limited = await fetch(s.root, { headers: { ...s.auth, origin: 'http://localhost:3000' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(limited.headers.get('retry-after')).toBe('1');
  });

  it('accepts a 5 MB PUT and stores the exact bytes', async () => {
    const s = await start();
    const bytes = new Uint8Array(5 * 1024 * 1024).map((_, i) => (i * 13) & 255);
    const body = await initOk(s, [{ filename: 'big.jpg', size: bytes.length }], 'roofPhoto');
    const res = await fetch(body.files[0]!.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: bytes,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${md5Hex(bytes)}"`);
    await s.mock.flush();
    const docs = documentListSchema.parse(await (await fetch(s.root, { headers: s.auth })).json());
    expect(docs[0]!.files[0]!.md5Hash).toBe(md5Hex(bytes));
    expect(docs[0]!.files[0]!.sizeKB).toBe(5 * 1024);
    const view = await fetch(docs[0]!.files[0]!.viewUrls[0]!.url);
    expect(md5Hex(new Uint8Array(await view.arrayBuffer()))).toBe(md5Hex(bytes));
  });

  it('streams SSE over real HTTP as events happen', async () => {
    const s = await start({ processingDelayMs: 50, heartbeatMs: 20 });
    const body = await initOk(s, [{ filename: 'a.jpg', size: 1 }], 'roofPhoto');
    const response = await fetch(`${s.root}/upload-progress?jobId=${body.jobId}`, {
      headers: { ...s.auth, accept: 'text/event-stream' },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const arrivals: [string, number][] = [];
    const reading = readSse(response, (r) => {
      const last = r.events.at(-1);
      if (last !== undefined && arrivals.length < r.events.length) arrivals.push([last.type, Date.now()]);
      return false;
    });
    await waitFor(() => arrivals.length === 1);
    const putAt = Date.now();
    await fetch(body.files[0]!.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: 'x',
    });
    const read = await reading;
    expect(read.closed).toBe(true);
    expect(read.events.map((e) => e.type)).toEqual([
      'awaitingUpload',
      'queued',
      'complete',
      'imageVariantsReady',
    ]);
    expect(read.comments).toContain('heartbeat');
    // awaitingUpload arrived before the PUT: the stream is not buffered until the end
    expect(arrivals[0]![1]).toBeLessThanOrEqual(putAt);
    expect(s.mock.openStreams()).toBe(0);
  });

  it('closes the SSE stream and its timers when the client disconnects', async () => {
    const s = await start({ heartbeatMs: 10 });
    const body = await initOk(s, [{ filename: 'a.pdf', size: 1 }]);
    const controller = new AbortController();
    const response = await fetch(`${s.root}/upload-progress?jobId=${body.jobId}`, {
      headers: s.auth,
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    expect(s.mock.openStreams()).toBe(1);
    controller.abort();
    await waitFor(() => s.mock.openStreams() === 0);
  });

  it('drops the connection for injected network errors and dropped SSE streams', async () => {
    const s = await start();
    const body = await initOk(s, [{ filename: 'a.pdf', size: 1 }]);
    s.mock.control.failNextPuts(1, { network: true });
    await expect(
      fetch(body.files[0]!.uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': 'application/pdf' },
        body: 'x',
      }),
    ).rejects.toThrow();
    s.mock.control.dropSseAfter(1);
    const read = await readSse(
      await fetch(`${s.root}/upload-progress?jobId=${body.jobId}`, { headers: s.auth }),
    );
    expect(read.events.map((e) => e.type)).toEqual(['awaitingUpload']);
    expect(read.closed).toBe(false);
    expect((await fetch(s.root, { headers: s.auth })).status).toBe(200);
  });

  it('validates bad input and never crashes: malformed JSON 400, huge JSON 413, unknown route 404, garbage HTTP', async () => {
    const s = await start();
    const post = (body: string): Promise<Response> =>
      fetch(s.root, { method: 'POST', headers: { ...s.auth, 'content-type': 'application/json' }, body });
    expect((await post('{not json')).status).toBe(400);
    const huge = await post(
      JSON.stringify({ type: 'utilityBill', files: [], pad: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect(huge.status).toBe(413);
    const unknown = await fetch(`${s.url}/nothing`, { headers: s.auth });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ statusCode: 404 });
    expect((await fetch(`${s.storageUrl}/nothing`)).status).toBe(404);
    const garbage = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(s.url).port), '127.0.0.1', () =>
        socket.write('NOT HTTP AT ALL\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(garbage).toContain('400');
    expect((await fetch(s.root, { headers: s.auth })).status).toBe(200);
  });

  it('answers requests that use localhost instead of 127.0.0.1', async () => {
    const s = await start();
    const res = await fetch(s.root.replace('127.0.0.1', 'localhost'), { headers: s.auth }).catch(
      () => undefined,
    );
    // localhost may resolve to ::1 only on some machines; when it reaches us, it must be served
    if (res !== undefined) expect(res.status).toBe(200);
  });

  it('close() ends open streams, timers and listeners', async () => {
    const listeners = (): number =>
      process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    // handles of earlier tests' servers are released a tick after their close callbacks
    await new Promise((r) => setTimeout(r, 10));
    const before = listeners();
    const timeoutsBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const s = await start({ heartbeatMs: 5 });
    running = undefined;
    const body = await initOk(s, [{ filename: 'a.pdf', size: 1 }]);
    const reading = readSse(
      await fetch(`${s.root}/upload-progress?jobId=${body.jobId}`, { headers: s.auth }),
    );
    await waitFor(() => s.mock.openStreams() === 1);
    expect(listeners()).toBe(before + 2);
    await s.close();
    await reading;
    expect(s.mock.openStreams()).toBe(0);
    await waitFor(() => listeners() === before, 500);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(
      timeoutsBefore,
    );
    await s.close();
  });
});

describe('createMockMiddleware', () => {
  let host: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (host ? host.close(() => r()) : r()));
    host?.closeAllConnections();
    host = undefined;
  });

  it('serves path-prefixed API and storage on a dev server and passes everything else to next()', async () => {
    host = createServer();
    await new Promise<void>((r) => host!.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    const mock = createDocumentsApiMock({
      baseUrl: `${origin}/__lrd/api`,
      storageUrl: `${origin}/__lrd/storage`,
      processingDelayMs: 0,
    });
    const middleware = createMockMiddleware(mock);
    host.on('request', (req, res) => {
      middleware(req, res, () => res.writeHead(200, { 'content-type': 'text/plain' }).end('from next'));
    });
    try {
      const root = `${origin}/__lrd/api/api/v2/accounts/${mock.accountId}/documents`;
      const auth = { authorization: `Bearer ${mock.token}` };
      const init = await fetch(root, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 2 }] }),
      });
      expect(init.status).toBe(202);
      const body = (await init.json()) as InitBody;
      expect(body.files[0]!.uploadUrl.startsWith(`${origin}/__lrd/storage/upload/`)).toBe(true);
      const put = await fetch(body.files[0]!.uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': 'application/pdf' },
        body: 'ok',
      });
      expect(put.status).toBe(200);
      await mock.flush();
      const docs = documentListSchema.parse(await (await fetch(root, { headers: auth })).json());
      const view = await fetch(docs[0]!.files[0]!.viewUrls[0]!.url);
      expect(await view.text()).toBe('ok');
      expect(await (await fetch(`${origin}/index.html`)).text()).toBe('from next');
      expect(await (await fetch(`${origin}/__lrd/other`)).text()).toBe('from next');
      const preflight = await raw(`${origin}/__lrd/storage/upload/x`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:6006', 'access-control-request-method': 'PUT' },
      });
      expect(preflight.status).toBe(204);
      expect((await fetch(`${origin}/__lrd/api/api/unknown`)).status).toBe(404);
    } finally {
      mock.dispose();
    }
  });
});

describe('bin', () => {
  it('prints the URLs, account and token, serves, and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/mock/bin.ts', '--port', '0'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor(() => out.includes('Press Ctrl+C'), 15_000);
      const baseUrl = /base URL:\s+(\S+)/.exec(out)![1]!;
      expect(out).toMatch(/storage URL:\s+http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toContain('acc_demo');
      expect(out).toContain('token_demo');
      const res = await fetch(`${baseUrl}/api/v2/accounts/acc_demo/documents`, {
        headers: { authorization: 'Bearer token_demo' },
      });
      expect(res.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 20_000);
});
