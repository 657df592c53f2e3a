/**
 * Retry-After wording (issue #14, point 3) against the emulator: a 429 or 503 that says when to come back keeps it
 * (`retryAfterMs`, `retryAt`) and its message says when to try again, with no URL in it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedError, UnavailableError, createDocumentsClient } from '../../../src/core';
import { useMock } from '../../mock/helpers';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
});

function useClient() {
  const api = useMock();
  const client = createDocumentsClient({
    baseUrl: api.mock.baseUrl,
    accountId: api.mock.accountId,
    getAccessToken: () => api.mock.token,
  });
  return { ...api, client };
}

describe('Retry-After in errors', () => {
  it('a rate-limited job poll says to try again in 90 s and when that is', async () => {
    const { mock, client, initOk } = useClient();
    const { jobId } = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    mock.control.rateLimit('job', { retryAfter: '90' });
    const error = (await client.getJob(jobId).catch((e: unknown) => e)) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.message).toBe(
      'getJob failed with 429: Too many requests: rate limit exceeded. Try again in 90 s.',
    );
    expect(error.retryAfterMs).toBe(90_000);
    expect(error.retryAt).toBe(NOW + 90_000);
    expect(error.retryable).toBe(true);
  });

  it('a day-long demand is kept as said, in hours, for the engine to refuse rather than wait', async () => {
    const { mock, client } = useClient();
    mock.control.rateLimit('init', { retryAfter: '86400' });
    const error = (await client
      .initUpload({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] })
      .catch((e: unknown) => e)) as RateLimitedError;
    expect(error.message).toMatch(/^initUpload failed with 429: .*\. Try again in 24 h\.$/);
    expect([error.retryAfterMs, error.retryAt]).toEqual([86_400_000, NOW + 86_400_000]);
    expect(error.message).not.toMatch(/http|lightreach/);
  });

  it('an HTTP-date on a 503 becomes minutes from now', async () => {
    const { mock, client } = useClient();
    mock.control.failEndpoint('list', {
      status: 503,
      headers: { 'retry-after': new Date(NOW + 5 * 60_000).toUTCString() },
    });
    const error = (await client.listDocuments().catch((e: unknown) => e)) as UnavailableError;
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toBe('listDocuments failed with 503: Injected failure (503). Try again in 5 min.');
    expect(error.retryAt).toBe(NOW + 5 * 60_000);
  });
});
