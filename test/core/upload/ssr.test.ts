// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createDocumentsClient } from '../../../src/core/api/client';
import { ConfigurationError } from '../../../src/core/api/errors';

describe('createUploader outside a browser', () => {
  it('imports and starts without window, sessionStorage or XMLHttpRequest, and says what is missing', async () => {
    expect(typeof (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest).toBe('undefined');
    expect(typeof (globalThis as { sessionStorage?: unknown }).sessionStorage).toBe('undefined');
    const { createUploader } = await import('../../../src/core');
    const client = createDocumentsClient({
      baseUrl: 'http://api.example.test',
      accountId: 'acc_1',
      getAccessToken: () => 'token',
      // No request may go out in this test.
      fetch: () => Promise.reject(new Error('no network here')),
    });
    const uploader = createUploader({ client, type: 'utilityBill', retry: { attempts: 1 } });
    expect(uploader.getSnapshot().status).toBe('idle');
    await expect(uploader.resume()).resolves.toEqual({ documents: [], needsReselect: [] });
    uploader.dispose();
    expect(() => uploader.add([])).toThrow(ConfigurationError);
  });
});
