import { describe, expect, it } from 'vitest';
import { ForbiddenError, errorFromResponse } from '../../src/core/api/errors';
import { md5Hex } from '../../src/mock';
import { allowSecretsInThisTest } from '../setup/secretsGuard';
import { MINUTE, clock, encode, useMock } from './helpers';

describe('signed upload URLs (storage PUT)', () => {
  it('stores the bytes of a PUT with the signed Content-Type and answers 200 with an md5 ETag', async () => {
    const { initOk, put, mock } = useMock();
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 5 }] });
    const response = await put(body.files[0]!, 'hello');
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"5d41402abc4b2a76b9719d911017c592"');
    const staged = mock.db.staged.get(body.files[0]!.stagingPath)!;
    expect(new TextDecoder().decode(staged.bytes)).toBe('hello');
    expect(mock.db.requests.at(-1)).toMatchObject({ method: 'PUT', endpoint: 'put', authorization: false });
    expect(mock.db.requests.at(-1)!.url).not.toContain('sig=');
  });

  it('403 SignatureDoesNotMatch for another Content-Type; the client reads it as a content-type refusal', async () => {
    const { initOk, put, mock } = useMock();
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 5 }] });
    const response = await put(body.files[0]!, 'hello', { 'content-type': 'application/octet-stream' });
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).toContain('<Code>SignatureDoesNotMatch</Code>');
    const error = errorFromResponse(403, text, response.headers, { operation: 'PUT', storage: true });
    expect((error as ForbiddenError).reason).toBe('content-type');
    expect(mock.db.staged.get(body.files[0]!.stagingPath)!.bytes).toBeUndefined();
    expect((await put(body.files[0]!, 'hello', {})).status).toBe(403);
  });

  it('403 SignatureDoesNotMatch for a tampered URL (path, expiry or signature)', async () => {
    const { initOk } = useMock();
    const body = await initOk({
      type: 'utilityBill',
      files: [
        { filename: 'a.pdf', size: 1 },
        { filename: 'b.pdf', size: 1 },
      ],
    });
    const [a, b] = body.files;
    const swapped = `${a!.uploadUrl.split('?')[0]!}?${b!.uploadUrl.split('?')[1]!}`;
    const longer = a!.uploadUrl.replace(/expires=(\d+)/, (_, n: string) => `expires=${Number(n) + 1}`);
    for (const url of [swapped, longer, a!.uploadUrl.replace(/sig=\w+/, 'sig=' + '0'.repeat(64))]) {
      const res = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/pdf' },
        body: 'x',
      });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('SignatureDoesNotMatch');
    }
    const unsigned = await fetch(a!.uploadUrl.split('?')[0]!, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: 'x',
    });
    expect(unsigned.status).toBe(403);
  });

  it('403 AccessDenied "Request has expired" after 60 minutes, distinguishable from a mismatch', async () => {
    const t = clock();
    const { initOk, put } = useMock({ now: t.now });
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    t.advance(60 * MINUTE - 1);
    t.advance(1);
    const response = await put(body.files[0]!, 'x');
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
    expect(text).not.toContain('SignatureDoesNotMatch');
    const error = errorFromResponse(403, text, response.headers, { operation: 'PUT', storage: true });
    expect((error as ForbiddenError).reason).toBe('expired');
  });

  it('is still valid one millisecond before expiry', async () => {
    const t = clock();
    const { initOk, put } = useMock({ now: t.now });
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    t.advance(60 * MINUTE - 1);
    expect((await put(body.files[0]!, 'x')).status).toBe(200);
  });

  it('400 when the PUT carries an Authorization header (two auth mechanisms)', async () => {
    // The bearer token goes to the signed URL on purpose here, to see the storage refuse it.
    allowSecretsInThisTest();
    const { initOk, put, mock } = useMock();
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 1 }] });
    const response = await put(body.files[0]!, 'x', {
      'content-type': 'application/pdf',
      authorization: `Bearer ${mock.token}`,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('InvalidArgument');
  });

  it('400 when the body length differs from the declared size', async () => {
    const { initOk, put, mock } = useMock();
    const body = await initOk({ type: 'utilityBill', files: [{ filename: 'a.pdf', size: 5 }] });
    const short = await put(body.files[0]!, 'hey');
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('IncompleteBody');
    expect((await put(body.files[0]!, 'hello!')).status).toBe(400);
    expect(mock.db.staged.get(body.files[0]!.stagingPath)!.bytes).toBeUndefined();
    expect((await put(body.files[0]!, encode('hello'))).status).toBe(200);
  });

  it('stores binary bytes exactly', async () => {
    const { initOk, put, mock } = useMock();
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) & 255);
    const body = await initOk({ type: 'roofPhoto', files: [{ filename: 'r.jpg', size: bytes.length }] });
    await put(body.files[0]!, bytes);
    const stored = mock.db.staged.get(body.files[0]!.stagingPath)!.bytes!;
    expect(md5Hex(stored)).toBe(md5Hex(bytes));
  });

  it('answers 404 XML for unknown storage paths', async () => {
    const { mock } = useMock();
    const res = await fetch(`${mock.storageUrl}/nothing/here`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('NoSuchKey');
  });
});
