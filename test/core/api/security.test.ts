/**
 * The client's security promises (docs/SECURITY.md), against the emulator wherever it can express the case:
 * secrets never reach an error, path segments name one segment, one token refresh at a time, bounded and linear
 * handling of server text, the URL allowlist (docs/decisions/0003, decision 15) and no redirects with the token.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  InvalidRequestError,
  InvalidResponseError,
  MAX_SERVER_MESSAGE,
  NetworkError,
  allowedExtensionsFrom,
  createDocumentsClient,
  errorFromResponse,
  isAllowedUrl,
  messageFromBody,
  redactSecrets,
  type DocumentsClient,
  type DocumentsClientOptions,
} from '../../../src/core';
import { openUploadProgress, parseV1Response, uploadV1 } from '../../../src/core/upload/uploadApi';
import { createDocumentsApiMock } from '../../../src/mock';

type MockOptions = NonNullable<Parameters<typeof createDocumentsApiMock>[0]>;

let close: (() => void) | undefined;
afterEach(() => {
  close?.();
  close = undefined;
});

/** An emulator on msw, and a client for its default account (options override the client's). */
function start(mockOptions: MockOptions = {}, clientOptions: Partial<DocumentsClientOptions> = {}) {
  const mock = createDocumentsApiMock({ processingDelayMs: 1, variantsDelayMs: 1, ...mockOptions });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  close = () => {
    server.close();
    mock.dispose();
  };
  const getAccessToken = vi.fn(() => mock.token);
  const client = createDocumentsClient({
    baseUrl: mock.baseUrl,
    accountId: mock.accountId,
    getAccessToken,
    ...clientOptions,
  });
  return { mock, server, client, getAccessToken };
}

const onePdf = { type: 'utilityBill', files: [{ filename: 'a.pdf', size: 4 }] };

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

// ------------------------------------------------------------------------------------------------ (2) secrets

describe('errors built from responses never keep the token or a signature', () => {
  it('parseV1Response removes the bare token it is given from a v1 400 or 401 message', () => {
    const token = 'tok_0123456789abcdef';
    for (const status of [400, 401]) {
      const body = JSON.stringify({ message: `the token ${token} is not valid here` });
      let error: unknown;
      try {
        parseV1Response(status, body, new Headers(), undefined, token);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toContain(token);
      expect((error as Error).message).toContain('[redacted]');
    }
  });

  it('uploadV1 (fetch) keeps the token out of a v1 400 that echoes it bare', async () => {
    const { mock, client } = start();
    mock.control.failEndpoint('v1', {
      status: 400,
      body: { message: `token ${mock.token} may not upload utilityBill` },
    });
    const error = await rejection(
      uploadV1(client, { files: [new File(['x'], 'a.pdf')], type: 'utilityBill' }),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).message).not.toContain(mock.token);
    expect((error as InvalidRequestError).serverMessage).not.toContain(mock.token);
  });
});

// ------------------------------------------------------------------------------------------------ (3) segments

describe('path segments name exactly one segment', () => {
  const bad = ['', ' ', '.', '..', 'a\u0000b', 'a\nb', 'a\u001fb', 'a\u007fb', '\t'];

  const calls: [string, (c: DocumentsClient, id: string) => Promise<unknown>][] = [
    ['getDocument', (c, id) => c.getDocument(id)],
    ['refreshUrls', (c, id) => c.refreshUrls(id)],
    ['archiveDocument', (c, id) => c.archiveDocument(id)],
    ['getJob', (c, id) => c.getJob(id)],
    ['openUploadProgress', (c, id) => openUploadProgress(c, id)],
  ];

  it.each(calls)(
    '%s rejects "", ".", ".." and control characters before reading the token',
    async (_, call) => {
      const { mock, client, getAccessToken } = start();
      for (const id of bad) await expect(call(client, id)).rejects.toBeInstanceOf(ConfigurationError);
      expect(mock.db.requests).toEqual([]);
      expect(getAccessToken).not.toHaveBeenCalled();
    },
  );

  it('archiveDocument("..") never sends DELETE to the account', async () => {
    const { mock, client } = start();
    await expect(client.archiveDocument('..')).rejects.toThrow(
      'documentId must be a non-empty string, not "." or ".."',
    );
    expect(mock.db.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('accountId is checked when the client is made', () => {
    for (const accountId of ['.', '..', 'acc\u0000', 'acc\r\n'])
      expect(() =>
        createDocumentsClient({ baseUrl: 'https://api.example.test', accountId, getAccessToken: () => 't' }),
      ).toThrow(ConfigurationError);
  });

  it('still encodes what it allows: dots inside a segment, slashes, spaces, non-ASCII', async () => {
    const { mock, client } = start();
    for (const id of ['...', '.a', 'a/../b', 'é ü']) await client.getDocument(id).catch(() => undefined);
    expect(mock.db.requests.map((r) => r.path.split('/documents/')[1])).toEqual([
      '...',
      '.a',
      'a%2F..%2Fb',
      '%C3%A9%20%C3%BC',
    ]);
  });
});

// ------------------------------------------------------------------------------------------------ (4) refresh

describe('one token refresh at a time', () => {
  it('50 concurrent calls with a stale token share one forceRefresh, and all 50 succeed', async () => {
    const { mock } = start();
    const getAccessToken = vi.fn(({ forceRefresh }: { forceRefresh: boolean }) =>
      forceRefresh ? mock.token : 'token_stale',
    );
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken,
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => client.listDocuments()));
    expect(results).toHaveLength(50);
    expect(getAccessToken.mock.calls.filter(([o]) => o.forceRefresh)).toHaveLength(1);
    // each call: the stale try, then one retry with the fresh token
    expect(mock.db.requests).toHaveLength(100);
  });

  it('calls refused while a slow refresh is in flight join it; so does getAccessToken({ forceRefresh: true })', async () => {
    const { mock } = start();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const getAccessToken = vi.fn(async ({ forceRefresh }: { forceRefresh: boolean }) => {
      if (!forceRefresh) return 'token_stale';
      await gate;
      return mock.token;
    });
    let refused = 0;
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken,
      fetch: (async (input: string, init?: RequestInit) => {
        const response = await globalThis.fetch(input, init);
        if (response.status === 401) refused += 1;
        return response;
      }) as typeof fetch,
    });
    const first = client.listDocuments();
    await vi.waitFor(() => {
      expect(getAccessToken).toHaveBeenCalledWith({ forceRefresh: true });
    });
    // These read their (stale) token after the refresh started: they join it because it is still in flight.
    const more = [
      client.getDocument('nope').catch((e: unknown) => e),
      client.listDocuments({ archived: true }),
      client.getAccessToken({ forceRefresh: true }),
      client.getAccessToken({ forceRefresh: true }),
    ];
    await vi.waitFor(() => {
      expect(refused).toBe(3);
    });
    release();
    await Promise.all([first, ...more]);
    expect(await more[2]).toBe(mock.token);
    expect(getAccessToken.mock.calls.filter(([o]) => o.forceRefresh)).toHaveLength(1);
  });

  it('a call whose token was read after the refresh refreshes again (each call still retries once)', async () => {
    const { mock } = start();
    const getAccessToken = vi.fn(({ forceRefresh }: { forceRefresh: boolean }) =>
      forceRefresh ? mock.token : 'token_stale',
    );
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken,
    });
    await client.listDocuments();
    await client.listDocuments();
    expect(getAccessToken.mock.calls.map(([o]) => o.forceRefresh)).toEqual([false, true, false, true]);
  });

  it('a failed refresh is shared by the calls waiting on it, and the next refresh tries again', async () => {
    const { mock } = start();
    let fail = true;
    const getAccessToken = vi.fn(({ forceRefresh }: { forceRefresh: boolean }) => {
      if (!forceRefresh) return 'token_stale';
      if (fail) throw new Error('identity provider down');
      return mock.token;
    });
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken,
    });
    const failed = await Promise.allSettled([client.listDocuments(), client.listDocuments()]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(getAccessToken.mock.calls.filter(([o]) => o.forceRefresh)).toHaveLength(1);
    fail = false;
    await expect(client.listDocuments()).resolves.toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------ (5) server text

describe('server text is cut before it is parsed, and every pattern on it is linear', () => {
  const LONG = 80_000;
  /** Shapes that make a backtracking pattern quadratic (or worse) on the text it was given. */
  const adversarial: [string, string][] = [
    ['spaces after "allowed"', `allowed ${' '.repeat(LONG)}x`],
    ['"allowed" then "is" runs', `allowed${' is'.repeat(LONG / 3)}${' '.repeat(LONG)}x`],
    ['"allowed" many times', 'allowed '.repeat(LONG / 8)],
    ['URL schemes without a query', 'https://'.repeat(LONG / 8)],
    ['a URL with a huge query', `https://x/${'a'.repeat(LONG)}?${'b'.repeat(LONG)}`],
    ['Bearer then spaces', `Bearer ${' '.repeat(LONG)}!`],
    ['signature parameters', 'sig='.repeat(LONG / 4)],
    ['an XML message never closed', `<Message>${'a'.repeat(LONG)}`],
    ['one long word', 'x'.repeat(LONG)],
  ];
  const bound = MAX_SERVER_MESSAGE + 1;

  it.each(adversarial)('an init 400 whose message is %s maps to a short error', async (_, message) => {
    const { mock, client } = start();
    mock.control.failEndpoint('init', { status: 400, body: { message } });
    const error = await rejection(client.initUpload(onePdf));
    expect(error).toBeInstanceOf(InvalidRequestError);
    const { serverMessage } = error as InvalidRequestError;
    expect(serverMessage?.length ?? 0).toBeLessThanOrEqual(bound);
    expect((error as Error).message.length).toBeLessThanOrEqual(
      bound + 'initUpload failed with 400: '.length,
    );
  });

  it.each(adversarial)(
    'a storage 400 of %s, as plain text or as an XML <Message>, maps to a short error',
    (_, text) => {
      for (const body of [text, `<Error><Code>InvalidArgument</Code><Message>${text}</Message></Error>`]) {
        const error = errorFromResponse(400, body, new Headers(), { operation: 'PUT upload', storage: true });
        expect((error as InvalidRequestError).serverMessage?.length ?? 0).toBeLessThanOrEqual(bound);
        expect(error.message.length).toBeLessThanOrEqual(bound + 'PUT upload failed with 400: '.length);
      }
    },
  );

  it('messageFromBody keeps at most 300 characters and never half a secret', () => {
    const token = 'token_0123456789abcdefghij';
    const text = `${'word '.repeat(58)}${token} and more`;
    expect(text.indexOf(token)).toBeLessThan(MAX_SERVER_MESSAGE);
    expect(text.indexOf(token) + token.length).toBeGreaterThan(MAX_SERVER_MESSAGE);
    const kept = messageFromBody(JSON.stringify({ message: text }));
    expect(kept?.length).toBeLessThanOrEqual(bound);
    expect(kept).not.toContain('token_');
    expect(kept?.endsWith('…')).toBe(true);
    expect(messageFromBody(JSON.stringify({ message: ['a'.repeat(LONG), 'b'] }))?.length).toBe(1);
  });

  it('allowedExtensionsFrom: structured lists with adversarial values, and messages', () => {
    // quotes and dots at both ends are trimmed; a run of them inside (before a non-quote) made the old pattern quadratic
    const inner = `x${'.'.repeat(LONG)}y`;
    expect(
      allowedExtensionsFrom(
        JSON.stringify({ allowedValues: ['.PDF', '"jpg"', `"${inner}"`, `x${'"'.repeat(LONG)}`] }),
        '',
      ),
    ).toEqual(['pdf', 'jpg', inner, 'x']);
    expect(allowedExtensionsFrom('', `allowed ${' '.repeat(LONG)}: pdf`)).toBeUndefined();
    expect(allowedExtensionsFrom('', 'Allowed file types: pdf, jpg')).toEqual(['pdf', 'jpg']);
    expect(allowedExtensionsFrom('', 'Not allowed. Type: utilityBill')).toBeUndefined();
  });

  it('redactSecrets handles megabytes of adversarial text in one pass', () => {
    const text = `${'https://'.repeat(LONG)} https://s.example/x?sig=SECRET`;
    const out = redactSecrets(text);
    expect(out).not.toContain('SECRET');
    expect(
      redactSecrets('see https://a.example/x?sig=1#frag, "http://b.example/?t=2" blob:https://c/x?y=3'),
    ).toBe(
      'see https://a.example/x?[redacted]#frag, "http://b.example/?[redacted]" blob:https://c/x?[redacted]',
    );
  });
});

// ------------------------------------------------------------------------------------------------ (6) URL allowlist

describe('upload and view URLs are checked against the allowlist', () => {
  const HOSTILE = [
    'data:text/html;base64,PHNjcmlwdD4=',
    'javascript:alert(document.domain)',
    'blob:https://evil.example/0b4c',
    '//evil.example/x.pdf',
    'http://evil.example/x.pdf',
    'file:///etc/passwd',
    '/relative/x.pdf',
  ];
  const httpsApi = { baseUrl: 'https://api.example.test', storageUrl: 'https://storage.example.test' };

  it.each(HOSTILE)(
    'init with uploadUrl %s is an InvalidResponseError naming files.0.uploadUrl',
    async (url) => {
      const { mock, client } = start(httpsApi);
      mock.control.rewriteUrls((u, field) => (field === 'uploadUrl' ? url : u));
      const error = await rejection(client.initUpload(onePdf));
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as InvalidResponseError).issues.map((i) => i.path)).toEqual(['files.0.uploadUrl']);
      expect((error as Error).message).toContain('files.0.uploadUrl');
      expect(JSON.stringify(error) + (error as Error).message).not.toContain(url);
    },
  );

  it.each(HOSTILE)(
    'every read with a view URL %s is an InvalidResponseError naming its path',
    async (url) => {
      const { mock, client } = start(httpsApi);
      const [seeded] = await mock.seedDocuments([{ filename: 'a.pdf' }]);
      mock.control.rewriteUrls(() => url);
      const id = seeded!.id;
      const reads: [() => Promise<unknown>, string][] = [
        [() => client.listDocuments(), '0.files.0.viewUrls.0.url'],
        [() => client.getDocument(id), 'files.0.viewUrls.0.url'],
        [() => client.refreshUrls(id), 'files.0.viewUrls.0.url'],
        [
          () => uploadV1(client, { files: [new File(['x'], 'b.pdf')], type: 'utilityBill' }),
          '0.files.0.viewUrls.0.url',
        ],
      ];
      for (const [read, path] of reads) {
        const error = await rejection(read());
        expect(error).toBeInstanceOf(InvalidResponseError);
        expect((error as InvalidResponseError).issues[0]?.path).toBe(path);
        expect((error as Error).message).not.toContain(url);
      }
    },
  );

  it('a job event carrying a refused view URL is an InvalidResponseError (getJob)', async () => {
    const { mock, client } = start(httpsApi);
    mock.control.rewriteUrls((u, field) => (field === 'viewUrl' ? 'javascript:alert(1)' : u));
    const { jobId, files } = await client.initUpload(onePdf);
    const put = await fetch(files[0]!.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': files[0]!.contentType },
      body: 'abcd',
    });
    expect(put.status).toBe(200);
    await mock.flush();
    const error = await rejection(client.getJob(jobId));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).issues[0]?.path).toBe('documents.0.files.0.viewUrls.0.url');
  });

  it('http: view URLs are fine against an http: API (development, the emulator)', async () => {
    const { mock, client } = start({ storageUrl: 'http://storage.example.test' });
    expect(mock.baseUrl.startsWith('http:')).toBe(true);
    await mock.seedDocuments([{ filename: 'a.pdf' }]);
    await expect(client.listDocuments()).resolves.toHaveLength(1);
    await expect(client.initUpload(onePdf)).resolves.toMatchObject({ status: 'awaitingUpload' });
  });

  it.each(['http://localhost:9000', 'http://127.0.0.1:9000', 'http://127.8.9.10', 'http://[::1]:9000'])(
    'http: on loopback (%s) is fine against an https: API',
    async (storageUrl) => {
      const { client, mock } = start({ ...httpsApi, storageUrl });
      await mock.seedDocuments([{ filename: 'a.pdf' }]);
      await expect(client.listDocuments()).resolves.toHaveLength(1);
    },
  );

  it('allowedUrlOrigins lets an integrator allow more origins, and only those', async () => {
    const storageUrl = 'http://files.intranet.example';
    const { client, mock } = start({ ...httpsApi, storageUrl }, { allowedUrlOrigins: [storageUrl] });
    expect(client.allowedUrlOrigins).toEqual([storageUrl]);
    await mock.seedDocuments([{ filename: 'a.pdf' }]);
    await expect(client.listDocuments()).resolves.toHaveLength(1);
    await expect(client.initUpload(onePdf)).resolves.toMatchObject({ status: 'awaitingUpload' });
    // the origin only: not a host that starts with it, not userinfo, not another origin
    for (const other of [
      'http://files.intranet.example.evil',
      'http://files.intranet.example@evil',
      'http://other.example',
    ]) {
      mock.control.rewriteUrls((u) => u.replace(storageUrl, other));
      await expect(client.listDocuments()).rejects.toBeInstanceOf(InvalidResponseError);
    }
    expect(
      isAllowedUrl(
        { baseUrl: 'https://api.example.test', allowedUrlOrigins: [storageUrl] },
        `${storageUrl}:80/x`,
      ),
    ).toBe(false);
  });

  it('isAllowedUrl: the rule on its own', () => {
    const https = { baseUrl: 'https://api.example.test' };
    expect(isAllowedUrl(https, 'https://cdn.example/x?sig=1')).toBe(true);
    for (const url of [
      ...HOSTILE,
      'http://127.0.0.1.nip.io/x',
      'http://localhost.evil.example/x',
      'http://storage.localhost/x',
      'http://localhost:80@evil.example/x',
      'http://127.0.0.1:9000@evil.example/x',
      ' https://leading.space/x',
      'HTTP://evil/x',
    ])
      expect(isAllowedUrl(https, url), url).toBe(false);
    expect(isAllowedUrl({ baseUrl: 'http://localhost:6006' }, 'http://evil.example/x')).toBe(true);
    expect(isAllowedUrl({ baseUrl: 'http://localhost:6006' }, 'javascript:alert(1)')).toBe(false);
  });
});

// ------------------------------------------------------------------------------------------------ (7a) redirects

describe('requests with the token never follow a redirect', () => {
  function elsewhere(server: ReturnType<typeof setupServer>) {
    const seen: { url: string; authorization: string | null }[] = [];
    server.use(
      http.all('https://evil.example/*', ({ request }) => {
        seen.push({ url: request.url, authorization: request.headers.get('authorization') });
        return HttpResponse.json([]);
      }),
    );
    return seen;
  }

  it.each([301, 302, 303, 307, 308])(
    'a %i to another origin is a NetworkError; nothing reaches it',
    async (status) => {
      const { mock, server, client } = start();
      const seen = elsewhere(server);
      for (const endpoint of ['list', 'init', 'get', 'archive'] as const)
        mock.control.failEndpoint(endpoint, { status, headers: { location: 'https://evil.example/steal' } });
      const calls = [
        () => client.listDocuments(),
        () => client.initUpload(onePdf),
        () => client.getDocument('d1'),
        () => client.archiveDocument('d1'),
      ];
      for (const call of calls) {
        const error = await rejection(call());
        expect(error).toBeInstanceOf(NetworkError);
        expect((error as NetworkError).status).toBeUndefined();
      }
      expect(seen).toEqual([]);
    },
  );

  it('a redirect to the API itself is not followed either', async () => {
    const { mock, client } = start();
    mock.control.failEndpoint('list', {
      status: 302,
      headers: { location: `${client.endpoints.documents}?archived=true` },
    });
    await expect(client.listDocuments()).rejects.toBeInstanceOf(NetworkError);
    expect(mock.db.requests).toHaveLength(1);
  });

  it('asks fetch not to follow redirects', async () => {
    const { mock } = start();
    const fetchSpy = vi.fn((input: string, init?: RequestInit) => globalThis.fetch(input, init));
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => mock.token,
      fetch: fetchSpy as unknown as typeof fetch,
    });
    await client.listDocuments();
    expect(fetchSpy.mock.calls[0]?.[1]?.redirect).toBe('error');
  });
});
