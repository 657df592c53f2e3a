/**
 * The upload engine's side of the security promises (docs/SECURITY.md), against the emulator: the v1 fallback's
 * errors never keep the token, the v1 401 retry joins the client's one shared refresh, and upload URLs and the view
 * URLs that arrive in job events (SSE or polling) or from v1 are checked against the allowlist.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentsClient } from '../../../src/core/api/client';
import { InvalidRequestError, InvalidResponseError, UnauthorizedError } from '../../../src/core/api/errors';
import type { UploadError } from '../../../src/core/upload';
import { file, startHarness, type Harness } from './helpers';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

/** Uploads one file and returns what failed: the rejection, `onError`'s errors and the item's error. */
async function failedUpload(harness: Harness, extra: Parameters<Harness['uploader']>[0] = {}) {
  const errors: UploadError[] = [];
  const uploader = harness.uploader({ onError: (error) => errors.push(error), ...extra });
  const rejected = await uploader.upload([file('bill.pdf')]).then(
    () => undefined,
    (error: unknown) => error,
  );
  return { rejected, errors, item: uploader.getSnapshot().items[0] };
}

/** Every message a user or a log could see of an upload's failure. */
const shown = (failure: Awaited<ReturnType<typeof failedUpload>>): string =>
  [
    String(failure.rejected),
    ...failure.errors.map((e) => `${e.message} ${(e as InvalidRequestError).serverMessage ?? ''}`),
    failure.item?.error?.message ?? '',
  ].join('\n');

describe('a failed job keeps the token out of its message', () => {
  it('a job that fails with a message echoing the bare token', async () => {
    h = startHarness();
    h.mock.control.failJob('next', `virus found; your token ${h.mock.token} was logged`);
    const failure = await failedUpload(h);
    expect(shown(failure)).toContain('virus found');
    expect(shown(failure)).not.toContain(h.mock.token);
  });
});

describe('the v1 fallback keeps the token out of its errors', () => {
  it('a v1 400 that echoes the bare token', async () => {
    h = startHarness();
    h.mock.control.v2Unavailable(true);
    h.mock.control.failEndpoint('v1', {
      status: 400,
      body: { message: `token ${h.mock.token} may not upload this type` },
    });
    const failure = await failedUpload(h);
    expect(failure.errors[0]).toBeInstanceOf(InvalidRequestError);
    expect(shown(failure)).toContain('[redacted]');
    expect(shown(failure)).not.toContain(h.mock.token);
  });

  it('a v1 401, after the one refresh, that echoes the bare token', async () => {
    h = startHarness();
    h.mock.control.v2Unavailable(true);
    h.mock.control.failEndpoint('v1', {
      status: 401,
      count: 2,
      body: { message: `unknown token ${h.mock.token}` },
    });
    const failure = await failedUpload(h);
    expect(failure.errors[0]).toBeInstanceOf(UnauthorizedError);
    expect(h.requests('v1')).toHaveLength(2);
    expect(shown(failure)).not.toContain(h.mock.token);
  });
});

describe('the v1 401 retry joins the client’s shared refresh', () => {
  it('two uploads refused by v1 at once make one forceRefresh call, and both succeed', async () => {
    h = startHarness();
    const mock = h.mock;
    mock.control.v2Unavailable(true);
    mock.control.failEndpoint('v1', { status: 401, count: 2 });
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const getAccessToken = vi.fn(async ({ forceRefresh }: { forceRefresh: boolean }) => {
      if (forceRefresh) await gate;
      return mock.token;
    });
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken,
    });
    const asked = vi.spyOn(client, 'getAccessToken');
    const uploads = [h.uploader({ client }), h.uploader({ client })].map((u) => u.upload([file('bill.pdf')]));
    // Both runners asked the client for a fresh token while the first refresh is still in flight.
    await vi.waitFor(() => {
      expect(asked.mock.calls.filter(([o]) => o?.forceRefresh === true)).toHaveLength(2);
    });
    release();
    const documents = await Promise.all(uploads);
    expect(documents.map((d) => d.length)).toEqual([1, 1]);
    expect(getAccessToken.mock.calls.filter(([o]) => o.forceRefresh)).toHaveLength(1);
    expect(h.requests('v1')).toHaveLength(4);
  });
});

describe('view URLs from job events and v1 are checked', () => {
  const httpsApi = { baseUrl: 'https://api.example.test', storageUrl: 'https://storage.example.test' };

  it.each(['sse', 'poll'] as const)(
    'a complete event (%s) with a javascript: view URL fails the upload with InvalidResponseError',
    async (mode) => {
      h = startHarness(httpsApi);
      h.mock.control.rewriteUrls((url, field) => (field === 'viewUrl' ? 'javascript:alert(1)' : url));
      const failure = await failedUpload(h, { tracking: { mode, pollIntervalMs: 10, timeoutMs: 10_000 } });
      expect(h.requests('put')).toHaveLength(1);
      expect(failure.errors[0]).toBeInstanceOf(InvalidResponseError);
      expect((failure.errors[0] as InvalidResponseError).issues[0]?.path).toBe(
        'documents.0.files.0.viewUrls.0.url',
      );
      expect(failure.item?.status).toBe('failed');
      expect(shown(failure)).not.toContain('javascript:');
    },
  );

  it('a v1 answer (XHR) with a data: view URL fails the upload with InvalidResponseError', async () => {
    h = startHarness(httpsApi);
    h.mock.control.v2Unavailable(true);
    h.mock.control.rewriteUrls(() => 'data:text/html,<script>alert(1)</script>');
    const failure = await failedUpload(h);
    expect(failure.errors[0]).toBeInstanceOf(InvalidResponseError);
    expect((failure.errors[0] as InvalidResponseError).issues[0]?.path).toBe('0.files.0.viewUrls.0.url');
    expect(shown(failure)).not.toContain('data:');
  });

  it('an upload URL outside the allowlist is never PUT to', async () => {
    h = startHarness(httpsApi);
    h.mock.control.rewriteUrls((url, field) =>
      field === 'uploadUrl' ? url.replace('https:', 'http:') : url,
    );
    const failure = await failedUpload(h);
    expect(failure.errors[0]).toBeInstanceOf(InvalidResponseError);
    expect(h.requests('put')).toHaveLength(0);
  });
});
