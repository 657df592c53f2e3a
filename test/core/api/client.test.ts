/**
 * The client's HTTP semantics: auth, 401 refresh, error mapping, validation, encoding. Status codes and malformed
 * bodies the emulator does not produce on its own are served here by single-purpose msw handlers; the success paths
 * against the emulator live in client.emulator.test.ts.
 */
import {
  openUploadProgress,
  parseJobEvent,
  uploadV1,
  v1UploadRequest,
} from '../../../src/core/upload/uploadApi';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  AbortedError,
  ConfigurationError,
  DocumentsError,
  ForbiddenError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnavailableError,
  createDocumentsClient,
  fetchWithToken,
  type DocumentsClient,
} from '../../../src/core';

const BASE = 'https://api.example.test';
const ROOT = `${BASE}/api/v2/accounts/acc%2F1/documents`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const doc = (id: string) => ({
  id,
  accountId: 'acc/1',
  applicationId: 'app',
  status: 'pending',
  archived: false,
  type: 'utilityBill',
  externalReference: 'ext-1',
  files: [
    {
      originalName: 'bill.pdf',
      contentType: 'application/pdf',
      md5Hash: 'x',
      sizeKB: 1,
      viewUrls: [
        {
          url: `https://storage.example/v/${id}?sig=SECRET`,
          type: 'original',
          expiresAt: '2030-01-01T00:00:00.000Z',
        },
      ],
    },
  ],
  meta: { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
});

function makeClient(
  getAccessToken = vi.fn(({ forceRefresh }: { forceRefresh: boolean }) => (forceRefresh ? 'fresh' : 'stale')),
) {
  const client = createDocumentsClient({ baseUrl: `${BASE}/`, accountId: 'acc/1', getAccessToken });
  return { client, getAccessToken };
}

/** Serves `status`/`body` for every request under the account and records the authorization headers seen. */
function answerAll(respond: (request: Request) => Response | Promise<Response>) {
  const seen: { method: string; url: string; authorization: string | null }[] = [];
  server.use(
    http.all(`${BASE}/api/*`, async ({ request }) => {
      seen.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.get('authorization'),
      });
      return respond(request);
    }),
  );
  return seen;
}

const everyCall: [string, (c: DocumentsClient) => Promise<unknown>][] = [
  ['initUpload', (c) => c.initUpload({ files: [{ filename: 'a.pdf', size: 1 }], type: 'utilityBill' })],
  ['getJob', (c) => c.getJob('job/1')],
  ['listDocuments', (c) => c.listDocuments()],
  ['getDocument', (c) => c.getDocument('d 1')],
  ['refreshUrls', (c) => c.refreshUrls('d1')],
  ['archiveDocument', (c) => c.archiveDocument('d1')],
  ['openUploadProgress', (c) => openUploadProgress(c, 'job1')],
  ['uploadV1', (c) => uploadV1(c, { files: [new File(['x'], 'a.pdf')], type: 'utilityBill' })],
];

describe('createDocumentsClient: configuration', () => {
  it.each([
    [{ baseUrl: 'api.example.com' }, 'absolute http(s) URL'],
    [{ baseUrl: 'ftp://api.example.com' }, 'http or https'],
    [{ baseUrl: '' }, 'baseUrl must be a non-empty string'],
    [{ baseUrl: 'https://x.test?a=1' }, 'query string'],
    [{ accountId: ' ' }, 'accountId must be a non-empty string'],
    [{ getAccessToken: 'token' }, 'getAccessToken must be a function'],
  ])('rejects %j with a clear ConfigurationError', (override, message) => {
    const options = { baseUrl: BASE, accountId: 'a', getAccessToken: () => 't', ...override } as Parameters<
      typeof createDocumentsClient
    >[0];
    expect(() => createDocumentsClient(options)).toThrow(ConfigurationError);
    expect(() => createDocumentsClient(options)).toThrow(message);
  });

  it('keeps a path prefix in baseUrl and drops the trailing slash', () => {
    const client = createDocumentsClient({
      baseUrl: 'http://localhost:6006/__lrd/api/',
      accountId: 'a',
      getAccessToken: () => 't',
    });
    expect(client.endpoints.documents).toBe('http://localhost:6006/__lrd/api/api/v2/accounts/a/documents');
    expect(client.endpoints.v1Documents).toBe('http://localhost:6006/__lrd/api/api/accounts/a/documents');
  });
});

describe('createDocumentsClient: auth', () => {
  it.each(everyCall)('%s sends the bearer token', async (_name, call) => {
    const seen = answerAll(() => HttpResponse.json({}, { status: 404 }));
    const { client } = makeClient();
    await expect(call(client)).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toBe('Bearer stale');
  });

  it.each(everyCall)('%s refreshes the token once on 401 and retries once', async (_name, call) => {
    const seen = answerAll((request) =>
      request.headers.get('authorization') === 'Bearer fresh'
        ? HttpResponse.json({ message: 'gone' }, { status: 404 })
        : HttpResponse.json({ message: 'expired token' }, { status: 401 }),
    );
    const { client, getAccessToken } = makeClient();
    await expect(call(client)).rejects.toBeInstanceOf(NotFoundError);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(getAccessToken.mock.calls).toEqual([[{ forceRefresh: false }], [{ forceRefresh: true }]]);
  });

  it('gives up with UnauthorizedError after the second 401', async () => {
    const seen = answerAll(() => HttpResponse.json({ message: 'no' }, { status: 401 }));
    const { client } = makeClient();
    const error = await client.listDocuments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(seen).toHaveLength(2);
  });

  it('accepts an async getAccessToken', async () => {
    const seen = answerAll(() => HttpResponse.json([]));
    const client = createDocumentsClient({
      baseUrl: BASE,
      accountId: 'a',
      getAccessToken: async () => Promise.resolve('async-token'),
    });
    await expect(client.listDocuments()).resolves.toEqual([]);
    expect(seen[0]?.authorization).toBe('Bearer async-token');
  });

  it('fails clearly, without sending anything, when getAccessToken throws or returns nothing', async () => {
    const seen = answerAll(() => HttpResponse.json([]));
    const throwing = createDocumentsClient({
      baseUrl: BASE,
      accountId: 'a',
      getAccessToken: () => {
        throw new Error('session expired');
      },
    });
    const empty = createDocumentsClient({ baseUrl: BASE, accountId: 'a', getAccessToken: () => '' });
    await expect(throwing.listDocuments()).rejects.toThrow('getAccessToken threw');
    await expect(empty.listDocuments()).rejects.toThrow('getAccessToken returned no token');
    await expect(empty.listDocuments()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(seen).toHaveLength(0);
  });

  it('never sends the token to another origin', async () => {
    const { client } = makeClient();
    await expect(fetchWithToken(client, 'https://evil.example/doc')).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    const seen = answerAll(
      () => new HttpResponse('bytes', { headers: { 'content-type': 'application/pdf' } }),
    );
    const blob = await fetchWithToken(client, `${ROOT}/d1/files/0/original`);
    expect(await blob.text()).toBe('bytes');
    expect(blob.type).toBe('application/pdf');
    expect(seen[0]?.authorization).toBe('Bearer stale');
  });
});

describe('createDocumentsClient: encoding and requests', () => {
  it('encodes every path segment and query value', async () => {
    const seen = answerAll(() => HttpResponse.json({}, { status: 404 }));
    const { client } = makeClient();
    for (const [, call] of everyCall) await call(client).catch(() => undefined);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      `POST ${ROOT}`,
      `GET ${ROOT}/jobs/job%2F1`,
      `GET ${ROOT}`,
      `GET ${ROOT}/d%201`,
      `POST ${ROOT}/d1/refresh-urls`,
      `DELETE ${ROOT}/d1`,
      `GET ${ROOT}/upload-progress?jobId=job1`,
      `POST ${BASE}/api/accounts/acc%2F1/documents`,
    ]);
  });

  it('sends list filters as query parameters', async () => {
    const seen = answerAll(() => HttpResponse.json([doc('d2'), doc('d1')]));
    const { client } = makeClient();
    const docs = await client.listDocuments({ archived: true, sort: 'ID_ASC' });
    expect(docs.map((d) => d.id)).toEqual(['d2', 'd1']);
    expect(seen[0]?.url).toBe(`${ROOT}?archived=true&sort=ID_ASC`);
  });

  it('validates the init request before sending', async () => {
    const seen = answerAll(() => HttpResponse.json({}));
    const { client } = makeClient();
    const empty = client.initUpload({ files: [], type: 'utilityBill' });
    await expect(empty).rejects.toBeInstanceOf(ConfigurationError);
    await expect(empty).rejects.toThrow(
      /^The initUpload request is invalid \(files: .+\); nothing was sent\.$/,
    );
    await expect(client.initUpload({ files: [{ filename: 'a.pdf', size: 1 }] })).rejects.toThrow(
      'needs a document type',
    );
    for (const size of [-1, 1.5])
      await expect(
        client.initUpload({ files: [{ filename: 'a.pdf', size }], type: 'utilityBill' }),
      ).rejects.toThrow('whole number of bytes');
    await expect(client.listDocuments({ sort: 'NEWEST' as never })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(seen).toHaveLength(0);
  });

  it('builds the v1 multipart body with type, grouped and files[i]', async () => {
    let form: FormData | undefined;
    answerAll(async (request) => {
      form = await request.formData();
      return HttpResponse.json(doc('v1doc'), { status: 201 });
    });
    const { client } = makeClient();
    const docs = await uploadV1(client, {
      files: [new File(['aa'], 'a.pdf'), new Blob(['bbb'])],
      filenames: [undefined as unknown as string, 'b.png'],
      type: 'utilityBill',
      grouped: true,
      externalReference: 42,
    });
    expect(docs.map((d) => d.id)).toEqual(['v1doc']);
    expect(form?.get('type')).toBe('utilityBill');
    expect(form?.get('grouped')).toBe('true');
    expect(form?.get('externalReference')).toBe('42');
    expect((form?.get('files[0]') as File).name).toBe('a.pdf');
    expect((form?.get('files[1]') as File).name).toBe('b.png');
    expect(await (form?.get('files[1]') as File).text()).toBe('bbb');
    const prepared = await v1UploadRequest(client, { files: [new File(['x'], 'x.pdf')], type: 't' });
    expect(prepared.url).toBe(`${BASE}/api/accounts/acc%2F1/documents`);
    expect(prepared.headers.authorization).toBe('Bearer stale');
  });

  it('rejects an init response with a different number of files', async () => {
    answerAll(() => HttpResponse.json({ jobId: 'j', status: 'awaitingUpload', files: [] }, { status: 202 }));
    const { client } = makeClient();
    await expect(
      client.initUpload({ files: [{ filename: 'a.pdf', size: 1 }], type: 'utilityBill' }),
    ).rejects.toThrow('returned 0 upload URLs for 1 files');
  });
});

describe('createDocumentsClient: error mapping', () => {
  const cases: [number, Record<string, string>, unknown, new (...args: never[]) => DocumentsError][] = [
    [400, {}, { message: 'invalid document type' }, InvalidRequestError],
    [403, {}, { message: 'forbidden' }, ForbiddenError],
    [404, {}, { message: 'not found' }, NotFoundError],
    [408, {}, '', ServerError],
    [429, { 'retry-after': '5' }, '', RateLimitedError],
    [500, {}, { message: 'boom' }, ServerError],
    [502, {}, '<html>bad gateway</html>', ServerError],
    [503, {}, { message: 'signed uploads unavailable' }, UnavailableError],
  ];
  it.each(cases)('maps %i to its typed error', async (status, headers, body, Type) => {
    answerAll(() =>
      typeof body === 'string'
        ? new HttpResponse(body, { status, headers })
        : HttpResponse.json(body as Record<string, unknown>, { status, headers }),
    );
    const { client } = makeClient();
    const error = await client.getDocument('d1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Type);
    expect(error).toBeInstanceOf(DocumentsError);
    expect((error as DocumentsError).status).toBe(status);
    expect((error as DocumentsError).operation).toBe('getDocument');
  });

  it('carries the allowed extensions of a 400', async () => {
    answerAll(() =>
      HttpResponse.json(
        { message: 'Unsupported file extension ".exe" for file "x.exe". Allowed values: pdf, jpg, png' },
        { status: 400 },
      ),
    );
    const { client } = makeClient();
    const error = (await client
      .initUpload({ files: [{ filename: 'x.exe', size: 1 }], type: 'utilityBill' })
      .catch((e: unknown) => e)) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.allowedExtensions).toEqual(['pdf', 'jpg', 'png']);
    expect(error.message).toContain('Allowed values: pdf, jpg, png');
  });

  it('reads Retry-After as an HTTP-date', async () => {
    const date = new Date(Date.now() + 10_000).toUTCString();
    answerAll(() => new HttpResponse(null, { status: 429, headers: { 'retry-after': date } }));
    const { client } = makeClient();
    const error = (await client.listDocuments().catch((e: unknown) => e)) as RateLimitedError;
    expect(error.retryAfterMs).toBeGreaterThan(8_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it('maps a dropped connection to NetworkError and an abort to AbortedError', async () => {
    answerAll(() => HttpResponse.error());
    const { client } = makeClient();
    const network = await client.listDocuments().catch((e: unknown) => e);
    expect(network).toBeInstanceOf(NetworkError);
    expect((network as NetworkError).retryable).toBe(true);
    const controller = new AbortController();
    controller.abort();
    await expect(client.listDocuments({}, { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortedError,
    );
  });

  it('aborts a request in flight', async () => {
    answerAll(() => new Promise<Response>(() => undefined));
    const { client } = makeClient();
    const controller = new AbortController();
    const pending = client.getDocument('d1', { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('createDocumentsClient: request timeouts on bodies', () => {
  /** A body that sends its first bytes and then nothing, ever. */
  const stalledBody = (status: number) => () =>
    new HttpResponse(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"message":"par'));
        },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    );
  const timedClient = () =>
    createDocumentsClient({
      baseUrl: BASE,
      accountId: 'acc/1',
      getAccessToken: () => 'token_x',
      requestTimeoutMs: 2000,
    });

  it('bounds the JSON body too: headers then silence is a TimeoutError at the bound', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      answerAll(stalledBody(200));
      const pending = timedClient()
        .getDocument('d1')
        .catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(2000);
      const error = await pending;
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).message).toBe('getDocument timed out after 2000 ms.');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an error answer whose body stalls keeps its status: the typed error at the bound', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      answerAll(stalledBody(500));
      const pending = timedClient()
        .listDocuments()
        .catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(2000);
      const error = await pending;
      expect(error).toBeInstanceOf(ServerError);
      expect((error as ServerError).message).toBe('listDocuments failed with 500');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('createDocumentsClient: response validation', () => {
  it('rejects a body that is not JSON', async () => {
    answerAll(() => new HttpResponse('<html>oops</html>', { headers: { 'content-type': 'text/html' } }));
    const { client } = makeClient();
    const error = await client.listDocuments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe('listDocuments returned a body that is not valid JSON');
  });

  it('names the paths of a wrong shape without echoing values', async () => {
    const bad = {
      ...doc('d1'),
      status: 'lost',
      files: [
        { originalName: 'a', contentType: 'x', viewUrls: [{ url: 'https://s/x?sig=SECRET', type: 'huge' }] },
      ],
    };
    answerAll(() => HttpResponse.json([bad]));
    const { client } = makeClient();
    const error = (await client.listDocuments().catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.issues.map((i) => i.path)).toEqual(['0.status', '0.files.0.viewUrls.0.type']);
    expect(JSON.stringify({ m: error.message, i: error.issues, s: String(error) })).not.toContain('SECRET');
  });

  it('validates job events as a discriminated union', async () => {
    answerAll(() => HttpResponse.json({ type: 'complete', jobId: 'j', documents: [doc('d1')] }));
    const { client } = makeClient();
    const event = await client.getJob('j');
    expect(event.type).toBe('complete');
    expect(event.type === 'complete' ? event.documents[0]?.id : undefined).toBe('d1');
    expect(() => parseJobEvent('{"type":"failed"}')).toThrow(InvalidResponseError);
    expect(() => parseJobEvent('{"type":"exploded"}')).toThrow(InvalidResponseError);
    expect(() => parseJobEvent('{"type":"complete"}')).toThrow(InvalidResponseError);
    expect(() => parseJobEvent('{"type":"imageVariantsReady","documents":{}}')).toThrow(InvalidResponseError);
    expect(parseJobEvent('{"type":"queued","jobId":"j"}')).toEqual({ type: 'queued', jobId: 'j' });
    expect(parseJobEvent('{"type":"failed","error":"virus"}')).toEqual({
      type: 'failed',
      error: 'virus',
    });
  });

  it('never puts a signed URL or token into any error', async () => {
    const secrets = ['SECRET', 'stale', 'fresh'];
    const bodies = [
      HttpResponse.json({ message: 'see https://storage.example/x?sig=SECRET' }, { status: 400 }),
      HttpResponse.json({ message: 'Bearer stale rejected' }, { status: 500 }),
      HttpResponse.json([{ ...doc('d'), id: 7 }]),
    ];
    for (const body of bodies) {
      answerAll(() => body.clone());
      const { client } = makeClient();
      const error = (await client.listDocuments().catch((e: unknown) => e)) as DocumentsError;
      const text = JSON.stringify({ message: error.message, cause: String(error.cause), s: String(error) });
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

describe('createDocumentsClient: echoed tokens', () => {
  it('removes the token the server echoes back, even without "Bearer"', async () => {
    answerAll((request) =>
      HttpResponse.json(
        {
          message: `token ${request.headers.get('authorization')?.slice('Bearer '.length) ?? ''} is not valid here`,
        },
        { status: 400 },
      ),
    );
    const client = createDocumentsClient({
      baseUrl: BASE,
      accountId: 'a',
      getAccessToken: () => 'tok_9f8e7d6c5b4a',
    });
    const error = (await client.listDocuments().catch((e: unknown) => e)) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.serverMessage).toBe('token [redacted] is not valid here');
    expect(`${error.message} ${String(error)}`).not.toContain('tok_9f8e7d6c5b4a');
  });
});
