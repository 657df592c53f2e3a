/**
 * The secrets guard (test/setup/secretsGuard.ts) catches planted leaks of every kind it watches, lets clean library
 * behaviour through; plus the static rules: no `dangerouslySetInnerHTML` (or `innerHTML`) anywhere in src/, and
 * every `blob:` URL a component creates is revoked by unmount.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentGallery, ThumbnailGrid } from '../../src';
import {
  createDocumentsClient,
  createUploader,
  InvalidRequestError,
  NetworkError,
  redactSecrets,
  ServerError,
  type UploadError,
} from '../../src/core';
import { setup } from '../react/helpers';
import {
  allowSecretsInThisTest,
  assertNoViolations,
  checkNow,
  configureSecretsGuard,
  knownApiOrigins,
  liveBlobUrlCount,
  resetSecretsGuardConfig,
  takeViolations,
} from '../setup/secretsGuard';

const SIGNED = 'http://storage.localhost/upload/staging/j/a.pdf?expires=1&ct=application%2Fpdf&sig=abcdef123';
const THIS_FILE = /reliability[\\/]secretsGuard\.test/;

afterEach(() => {
  resetSecretsGuardConfig();
});

const kinds = () => takeViolations().map((v) => v.kind);
/** The end-of-test checks now, then the findings. */
const found = () => {
  checkNow();
  return takeViolations();
};

describe('secrets guard', () => {
  it('catches a token or a signed query string in a console call', () => {
    console.info(`the token is ${'token_'}planted`);
    console.warn('fetching', new Error(`failed: ${SIGNED}`));
    expect(kinds()).toEqual(['console', 'console']);
  });

  it('catches a secret written to sessionStorage or localStorage', () => {
    sessionStorage.setItem('lrd:test', JSON.stringify({ url: SIGNED }));
    localStorage.setItem('token', 'token_planted');
    sessionStorage.clear();
    localStorage.clear();
    expect(kinds()).toEqual(['storage', 'storage']);
  });

  it('catches an Authorization header on a request to signed storage (XMLHttpRequest, fetch through msw)', async () => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', SIGNED);
    xhr.setRequestHeader('Authorization', 'Bearer token_planted');
    expect(kinds()).toEqual(['authorization-to-storage']);

    const server = setupServer(
      http.put('http://storage.localhost/*', () => new HttpResponse(null, { status: 200 })),
    );
    server.listen({ onUnhandledRequest: 'error' });
    try {
      await fetch(SIGNED, { method: 'PUT', headers: { authorization: 'Bearer token_planted' }, body: 'x' });
      // A request to the API with the token is fine (a `<baseUrl>/api/*` handler declares the API's origin).
      const api = setupServer(http.get('http://api.example.test/api/*', () => HttpResponse.json([])));
      server.use(...api.listHandlers());
      await fetch('http://api.example.test/api/v2/accounts/a/documents', {
        headers: { authorization: 'Bearer token_planted' },
      });
    } finally {
      server.close();
    }
    expect(kinds()).toEqual(['authorization-to-storage']);
  });

  it('catches an error created by library code with a secret in its message or cause', () => {
    // Pretend this file is library code.
    configureSecretsGuard({ libraryPath: THIS_FILE });
    void new Error(`PUT ${SIGNED} failed`);
    void new Error('wrapped', { cause: new TypeError(`token_planted was refused`) });
    expect(kinds()).toEqual(['error', 'error']);
  });

  it("lets the library's own redacted errors through", () => {
    const error = new NetworkError(`PUT ${SIGNED} failed; Authorization: Bearer token_planted`, {
      cause: new Error(`socket hang up at ${SIGNED}`),
    });
    expect(error.message).toBe(redactSecrets(error.message));
    expect(error.message).not.toContain('sig=abc');
    expect(String((error.cause as Error).message)).not.toContain('sig=abc');
    expect(takeViolations()).toEqual([]);
  });

  it('fails the test: the after-each check throws on any finding, without repeating the secret', () => {
    console.log('token_planted');
    let message = '';
    try {
      assertNoViolations();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Secrets guard.*1 problem/);
    expect(message).toContain('[console]');
    expect(message).not.toContain('token_planted');
    expect(takeViolations()).toEqual([]);
  });

  it('counts blob: URLs created by library code until they are revoked', () => {
    configureSecretsGuard({ libraryPath: THIS_FILE });
    const url = URL.createObjectURL(new Blob(['x']));
    expect(liveBlobUrlCount({ libraryOnly: true })).toBe(1);
    URL.revokeObjectURL(url);
    expect(liveBlobUrlCount({ libraryOnly: true })).toBe(0);
  });
});

describe('secrets guard: the bearer token goes to the API only', () => {
  it("catches a bearer token sent to another origin than the API's (XMLHttpRequest, fetch through msw), or in a URL", async () => {
    const server = setupServer(
      http.all('http://api.example.test/api/*', () => HttpResponse.json([])),
      http.all('https://cdn.example.test/*', () => new HttpResponse('ok', { status: 200 })),
    );
    server.listen({ onUnhandledRequest: 'error' });
    try {
      expect(knownApiOrigins()).toContain('http://api.example.test');
      const xhr = new XMLHttpRequest();
      const loaded = new Promise((resolve) => xhr.addEventListener('loadend', resolve));
      xhr.open('GET', 'https://cdn.example.test/view/doc_1/0/original');
      xhr.setRequestHeader('Authorization', 'Bearer token_planted');
      xhr.send();
      await loaded;
      await fetch('https://cdn.example.test/proxy/doc_1', {
        headers: { authorization: 'Bearer token_planted' },
      });
      // The API with the token in its header is fine; the token in a URL never is.
      await fetch('http://api.example.test/api/v2/accounts/a/documents', {
        headers: { authorization: 'Bearer token_planted' },
      });
      await fetch('http://api.example.test/api/v2/accounts/a/documents?access_token=abc123');
    } finally {
      server.close();
    }
    const violations = found();
    expect(violations.map((v) => v.detail.replace(/^\w+: /, '')).sort()).toEqual([
      expect.stringMatching(
        /^GET http:\/\/api\.example\.test\/api\/v2\/accounts\/a\/documents carried a token in its URL/,
      ),
      expect.stringMatching(
        /^GET https:\/\/cdn\.example\.test\/proxy\/doc_1 carried an Authorization header/,
      ),
      expect.stringMatching(
        /^GET https:\/\/cdn\.example\.test\/view\/doc_1\/0\/original carried an Authorization header/,
      ),
    ]);
    expect(violations.map((v) => v.kind).sort()).toEqual([
      'authorization-to-other-origin',
      'authorization-to-other-origin',
      'token-in-url',
    ]);
    expect(JSON.stringify(violations)).not.toContain('token_planted');
  });

  it("judges a request no handler of this process saw by who sent it: library code, not the test's own call", async () => {
    // Port 9 (discard): refused at once. No msw server listens here: only the guard's fetch wrapper sees it.
    const send = () =>
      fetch('http://127.0.0.1:9/api/v2/accounts/a/documents', {
        headers: { authorization: 'Bearer token_planted' },
      }).catch(() => undefined);
    // A test talking to a server of another process (the emulator's bin) knows where it sends its token.
    await send();
    expect(found()).toEqual([]);
    // Library code sending it there does not.
    configureSecretsGuard({ libraryPath: THIS_FILE });
    await send();
    expect(found().map((v) => v.kind)).toEqual(['authorization-to-other-origin']);
  });

  it('knows the API origin of an emulator from its handlers (localhost and 127.0.0.1 are one)', async () => {
    const server = setupServer(
      // The emulator's handler declares the API (behind a dev server's path prefix) …
      http.get('http://127.0.0.1:5999/__lrd/api/api/v2/accounts/:accountId/documents', () =>
        HttpResponse.json([]),
      ),
      // … and the client may call it as localhost (msw matches hosts exactly: a catch-all answers).
      http.get('http://localhost:5999/*', () => HttpResponse.json([])),
    );
    server.listen({ onUnhandledRequest: 'error' });
    try {
      await fetch('http://localhost:5999/__lrd/api/api/v2/accounts/acc_demo/documents', {
        headers: { authorization: 'Bearer token_demo' },
      });
    } finally {
      server.close();
    }
    expect(found()).toEqual([]);
  });
});

describe('secrets guard: the DOM', () => {
  it('catches a token or a signed query string in the text or any attribute, a token even in a URL attribute', () => {
    render(
      <div>
        <p>Download {SIGNED}</p>
        <span data-url={SIGNED} />
        <img alt="" src={`http://storage.localhost/view/d/0/original?token=abc123`} />
        <a href="http://api.example.test/x?id=1">token_planted</a>
      </div>,
    );
    const violations = found();
    expect(violations.map((v) => v.kind)).toEqual(['dom', 'dom', 'dom', 'dom']);
    const details = violations.map((v) => v.detail).join('\n');
    expect(details).toContain('the text of <p>');
    expect(details).toContain('<span> data-url="…"');
    expect(details).toContain('<img> src="…"');
    expect(details).toContain('the text of <a>');
    expect(details).not.toContain('abcdef123');
  });

  it('sees a secret shown during the test, even when it is gone at its end', async () => {
    const { unmount } = render(<output>{SIGNED}</output>);
    await Promise.resolve();
    unmount();
    expect(found().map((v) => v.detail)).toEqual([
      expect.stringContaining('the DOM showed a secret during the test in the text of <output>'),
    ]);
  });

  it('lets a signed URL through in the src or href that must carry it', () => {
    render(
      <div>
        <img alt="roof" src={SIGNED} />
        <a href={SIGNED} download="a.pdf">
          Download a.pdf
        </a>
        <video>
          <source src={SIGNED} />
        </video>
      </div>,
    );
    expect(found()).toEqual([]);
  });
});

describe("secrets guard: dehydrate(), with the library's shouldDehydrateQuery", () => {
  it('catches a query whose dehydrated state holds a signed URL or a token', () => {
    const client = new QueryClient();
    client.setQueryData(['app', 'avatar'], { url: SIGNED });
    client.setQueryData(['app', 'session'], { note: 'token_planted' });
    const violations = found();
    expect(violations.map((v) => v.kind)).toEqual(['dehydrate']);
    expect(violations[0]?.detail).toMatch(/shouldDehydrateQuery.*at the end of the test.*\["app","avatar"\]/);
  });

  it('looks before clear() empties the cache (the React helpers clear theirs before the guard runs)', () => {
    const client = new QueryClient();
    client.setQueryData(['app', 'avatar'], { url: SIGNED });
    client.clear();
    expect(found().map((v) => v.detail)).toEqual([expect.stringContaining('before clear()')]);
  });

  it('lets through what the library keeps out of dehydrate() (meta.persist false), and clean queries', async () => {
    const client = new QueryClient();
    await client.prefetchQuery({
      queryKey: ['app', 'signed'],
      queryFn: () => ({ url: SIGNED }),
      meta: { persist: false },
    });
    client.setQueryData(['app', 'count'], 3);
    expect(found()).toEqual([]);
    client.clear();
  });

  it("catches an error a query keeps (what the app's error UI gets)", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await client.prefetchQuery({
      queryKey: ['app', 'failing'],
      queryFn: () => Promise.reject(new TypeError(`GET ${SIGNED} failed`)),
    });
    expect(found().map((v) => v.kind)).toEqual(['query-error']);
  });
});

describe('secrets guard: DocumentsErrors, as onError and rejections hand them to the app', () => {
  it('catches a DocumentsError holding a secret at the end of the test: message, cause or own property', () => {
    const changed = new NetworkError('PUT upload failed');
    changed.message = `PUT ${SIGNED} failed`;
    const echoed = new InvalidRequestError('initUpload failed with 400', { serverMessage: 'bad request' });
    (echoed as { serverMessage: string | undefined }).serverMessage = 'the token token_planted is invalid';
    const caused = new ServerError('listDocuments failed', { cause: new Error('socket hang up') });
    (caused.cause as Error).message += ` at ${SIGNED}`;
    const violations = found();
    expect(violations.map((v) => v.kind)).toEqual(['documents-error', 'documents-error', 'documents-error']);
    expect(violations.map((v) => v.detail)).toEqual([
      expect.stringMatching(/NetworkError .* in its message/),
      expect.stringMatching(/InvalidRequestError .* in its `serverMessage`/),
      expect.stringMatching(/ServerError .* in its cause/),
    ]);
  });

  it('stays quiet on an onError payload the library redacted (a storage error echoing the signed URL)', async () => {
    const { mock } = setup();
    mock.control.failNextPuts(1, {
      status: 400,
      body: '<Error><Code>InvalidArgument</Code><Message>Bad upload to /upload/x?expires=1&sig=abc123def</Message></Error>',
    });
    const errors: UploadError[] = [];
    const uploader = createUploader({
      client: createDocumentsClient({
        baseUrl: mock.baseUrl,
        accountId: mock.accountId,
        getAccessToken: () => mock.token,
      }),
      type: 'utilityBill',
      persistence: false,
      onError: (error) => errors.push(error),
    });
    const rejected = await uploader.upload([new File(['%PDF'], 'a.pdf')]).catch((error: unknown) => error);
    uploader.dispose();
    expect(rejected).toBeInstanceOf(InvalidRequestError);
    expect(errors).toHaveLength(1);
    expect(found()).toEqual([]);
  });
});

describe('secrets guard: a clean run', () => {
  it('stays quiet on a gallery of signed images: its requests, its DOM, its cache and its errors', async () => {
    const { mock, wrapper, queryClient } = setup();
    await mock.seedDocuments([
      { filename: 'roof.png', type: 'roofPhoto' },
      { filename: 'bill.pdf', type: 'utilityBill' },
    ]);
    render(<DocumentGallery />, { wrapper });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'roof.png' }).querySelector('img')).toHaveAttribute(
        'src',
        expect.stringMatching(/[?&]sig=/),
      ),
    );
    expect(queryClient.getQueryCache().getAll().length).toBeGreaterThan(0);
    expect(found()).toEqual([]);
  });
});

describe('secrets guard: opting out', () => {
  it('allowSecretsInThisTest() lets a test plant every kind of leak on purpose', () => {
    allowSecretsInThisTest();
    render(<p>{SIGNED}</p>);
    new QueryClient().setQueryData(['app'], { url: SIGNED });
    new NetworkError('x').message = SIGNED;
    console.info('planted on purpose: token_planted');
  });

  const verdicts: string[] = [];

  it.fails(
    'allowSecretsInThisTest(kind) lets only that kind through (this test must fail)',
    ({ onTestFailed }) => {
      onTestFailed(({ task }) => {
        verdicts.push((task.result?.errors ?? []).map((e) => e.message ?? '').join('\n'));
      });
      allowSecretsInThisTest('console');
      console.info('planted on purpose: token_planted');
      render(<p>{SIGNED}</p>);
    },
  );

  it('…and the after-each verdict of that test named the DOM, not the console', () => {
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatch(/Secrets guard.*1 problem/);
    expect(verdicts[0]).toContain('[dom]');
    expect(verdicts[0]).not.toContain('[console]');
  });
});

describe('blob: URLs of components', () => {
  it('ThumbnailGrid revokes the local preview of a just-uploaded image on unmount', () => {
    const { unmount } = render(
      <ThumbnailGrid
        items={[
          {
            id: 'local',
            name: 'roof.png',
            contentType: 'image/png',
            file: new Blob(['png'], { type: 'image/png' }),
          },
        ]}
      />,
    );
    expect(document.querySelector('img')?.getAttribute('src')).toMatch(/^blob:/);
    expect(liveBlobUrlCount({ libraryOnly: true })).toBe(1);
    unmount();
    expect(liveBlobUrlCount({ libraryOnly: true })).toBe(0);
  });
});

describe('no HTML from data', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
    });
  }

  it('src/ never uses dangerouslySetInnerHTML, innerHTML, outerHTML or insertAdjacentHTML', () => {
    const offenders = sources(join(process.cwd(), 'src')).filter((path) =>
      /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML/.test(
        readFileSync(path, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
