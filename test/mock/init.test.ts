import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTENSIONS } from '../../src/core/api/documentTypes';
import { InvalidRequestError, errorFromResponse } from '../../src/core/api/errors';
import { initUploadResponseSchema } from '../../src/core/api/schemas';
import { MINUTE, clock, useMock } from './helpers';

const pdf = { filename: 'bill.pdf', size: 10 };

async function errorOf(response: Response): Promise<{ status: number; message: string; body: string }> {
  const body = await response.text();
  return { status: response.status, message: (JSON.parse(body) as { message: string }).message, body };
}

describe('init (POST …/documents)', () => {
  it('answers 202 with one entry per file, in request order, on the storage origin', async () => {
    const t = clock();
    const { init, mock } = useMock({ now: t.now });
    const files = [
      { filename: 'z.pdf', size: 1 },
      { filename: 'a.JPG', size: 2 },
      { filename: 'm.png', size: 0 },
    ];
    const response = await init({ type: 'utilityBill', files });
    expect(response.status).toBe(202);
    const body = initUploadResponseSchema.parse(await response.json());
    expect(body.status).toBe('awaitingUpload');
    expect(body.files.map((f) => f.filename)).toEqual(['z.pdf', 'a.JPG', 'm.png']);
    expect(body.files.map((f) => f.contentType)).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    for (const file of body.files) {
      expect(file.uploadUrl.startsWith(`${mock.storageUrl}/upload/${file.stagingPath}?`)).toBe(true);
      expect(file.stagingPath).toMatch(new RegExp(`^staging/${body.jobId}/`));
      expect(file.expiresAt).toBe(new Date(t.now() + 60 * MINUTE).toISOString());
      const url = new URL(file.uploadUrl);
      expect(url.searchParams.get('ct')).toBe(file.contentType);
      expect(url.searchParams.get('expires')).toBe(String(t.now() + 60 * MINUTE));
      expect(url.searchParams.get('sig')).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(mock.db.jobs.get(body.jobId)?.events).toEqual([
      { type: 'awaitingUpload', jobId: body.jobId, timestamp: new Date(t.now()).toISOString() },
    ]);
    expect(mock.db.staged.size).toBe(3);
  });

  it('ignores the request contentType and derives the canonical MIME type from the extension', async () => {
    const { initOk } = useMock();
    const body = await initOk({
      type: 'utilityBill',
      files: [{ filename: 'scan.tiff', size: 3, contentType: 'application/octet-stream' }],
    });
    expect(body.files[0]!.contentType).toBe('image/tiff');
  });

  it('accepts the type as fields.type, with externalReference and grouped', async () => {
    const { initOk, mock } = useMock();
    const body = await initOk({
      files: [pdf, pdf],
      fields: { type: 'utilityBill', externalReference: 123, grouped: false },
    });
    const job = mock.db.jobs.get(body.jobId)!;
    expect(job).toMatchObject({ type: 'utilityBill', externalReference: 123, grouped: false });
  });

  it('applies the per-type grouped default: split types split, the rest group', async () => {
    const { initOk, mock } = useMock({ splitTypes: ['roofPhoto'] });
    const roof = await initOk({ type: 'roofPhoto', files: [pdf, pdf] });
    const bill = await initOk({ type: 'utilityBill', files: [pdf, pdf] });
    expect(mock.db.jobs.get(roof.jobId)!.grouped).toBe(false);
    expect(mock.db.jobs.get(bill.jobId)!.grouped).toBe(true);
  });

  describe('400 rows of the error table', () => {
    it('missing files', async () => {
      const { init } = useMock();
      expect(await errorOf(await init({ type: 'utilityBill' }))).toMatchObject({
        status: 400,
        message: expect.stringMatching(/files/),
      });
    });

    it('empty files', async () => {
      const { init } = useMock();
      expect((await init({ type: 'utilityBill', files: [] })).status).toBe(400);
    });

    it('more than 25 files (25 is fine)', async () => {
      const { init } = useMock();
      expect((await init({ type: 'utilityBill', files: Array.from({ length: 25 }, () => pdf) })).status).toBe(
        202,
      );
      const tooMany = await errorOf(
        await init({ type: 'utilityBill', files: Array.from({ length: 26 }, () => pdf) }),
      );
      expect(tooMany).toMatchObject({ status: 400, message: expect.stringMatching(/25/) });
    });

    it('missing or empty filename', async () => {
      const { init } = useMock();
      expect(await errorOf(await init({ type: 'utilityBill', files: [{ size: 1 }] }))).toMatchObject({
        status: 400,
        message: 'files[0].filename is required',
      });
      expect((await init({ type: 'utilityBill', files: [pdf, { filename: '', size: 1 }] })).status).toBe(400);
    });

    it('size that is not a non-negative integer', async () => {
      const { init } = useMock();
      for (const size of [-1, 1.5, '10', null, undefined]) {
        const res = await init({ type: 'utilityBill', files: [{ filename: 'a.pdf', size }] });
        expect(res.status, String(size)).toBe(400);
      }
    });

    it('unsupported extension, with a message listing the allowed values that the client can parse', async () => {
      const { init } = useMock();
      const response = await init({ type: 'utilityBill', files: [pdf, { filename: 'x.exe', size: 1 }] });
      const { status, message, body } = await errorOf(response);
      expect(status).toBe(400);
      expect(message).toBe(
        `Unsupported file extension ".exe" for file "x.exe". Allowed values: ${Object.keys(DEFAULT_EXTENSIONS).join(', ')}`,
      );
      const error = errorFromResponse(status, body, response.headers, { operation: 'initUpload' });
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).allowedExtensions).toEqual(Object.keys(DEFAULT_EXTENSIONS));
      expect((await init({ type: 'utilityBill', files: [{ filename: 'README', size: 1 }] })).status).toBe(
        400,
      );
    });

    it('honours a custom extension allowlist', async () => {
      const { init } = useMock({ extensions: { heic: 'image/heic' } });
      expect((await init({ type: 'utilityBill', files: [pdf] })).status).toBe(400);
      expect((await init({ type: 'utilityBill', files: [{ filename: 'a.HEIC', size: 1 }] })).status).toBe(
        202,
      );
    });

    it('invalid or missing document type', async () => {
      const { init } = useMock({ documentTypes: ['utilityBill'] });
      expect(await errorOf(await init({ type: 'permit', files: [pdf] }))).toMatchObject({
        status: 400,
        message: 'Invalid document type "permit"',
      });
      expect((await init({ files: [pdf] })).status).toBe(400);
      expect((await init({ type: '', files: [pdf] })).status).toBe(400);
      expect((await init({ type: 7, files: [pdf] })).status).toBe(400);
    });

    it('bad fields', async () => {
      const { init } = useMock();
      expect((await init({ type: 'utilityBill', files: [pdf], fields: 'x' })).status).toBe(400);
      expect((await init({ type: 'utilityBill', files: [pdf], fields: { grouped: 'yes' } })).status).toBe(
        400,
      );
      expect(
        (await init({ type: 'utilityBill', files: [pdf], fields: { externalReference: {} } })).status,
      ).toBe(400);
    });

    it('malformed JSON and non-object bodies', async () => {
      const { init } = useMock();
      expect(await errorOf(await init('{"files": ['))).toMatchObject({
        status: 400,
        message: 'Malformed JSON in request body',
      });
      expect((await init('[]')).status).toBe(400);
      expect((await init('null')).status).toBe(400);
    });
  });

  it('answers 413 for a JSON body over 1 MB', async () => {
    const { init } = useMock();
    const response = await init({ type: 'utilityBill', files: [pdf], padding: 'x'.repeat(1024 * 1024) });
    expect(response.status).toBe(413);
  });

  describe('auth', () => {
    it('401 without a token or with an unknown one', async () => {
      const { call } = useMock();
      const none = await call('', { method: 'POST', token: null, body: '{}' });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect((await call('', { token: 'wrong' })).status).toBe(401);
    });

    it('403 when the token cannot access the account (before validating the body)', async () => {
      const { init, mock } = useMock();
      mock.addToken('token_other', ['acc_other']);
      expect((await init({ type: 'utilityBill', files: [pdf] }, { account: 'acc_other' })).status).toBe(403);
      expect((await init({}, { account: 'acc_nobody' })).status).toBe(403);
      expect(
        (await init({ type: 'utilityBill', files: [pdf] }, { account: 'acc_other', token: 'token_other' }))
          .status,
      ).toBe(202);
    });
  });
});
