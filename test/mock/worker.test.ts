import { describe, expect, it } from 'vitest';
import { documentSchema, jobEventSchema, type Document, type JobEvent } from '../../src/core/api/schemas';
import { md5Hex } from '../../src/mock';
import { encode, readSse, useMock } from './helpers';

function documentsOf(event: JobEvent | undefined): Document[] {
  if (event === undefined || !('documents' in event)) throw new Error(`no documents in ${event?.type}`);
  return event.documents;
}

describe('job worker', () => {
  it('runs awaitingUpload → queued → complete → imageVariantsReady, every event valid', async () => {
    const { upload, mock, job } = useMock();
    const bytes = new Uint8Array(2050).map((_, i) => i & 255);
    const body = await upload('roofPhoto', [{ filename: 'roof.jpg', bytes }], { externalReference: 'ext-1' });
    await mock.flush();
    const events = mock.db.jobs.get(body.jobId)!.events;
    expect(events.map((e) => e.type)).toEqual(['awaitingUpload', 'queued', 'complete', 'imageVariantsReady']);
    for (const event of events) expect(jobEventSchema.safeParse(event).success).toBe(true);
    const [complete] = documentsOf(events[2]);
    expect(documentSchema.parse(complete)).toBeTruthy();
    expect(complete).toMatchObject({
      accountId: mock.accountId,
      applicationId: 'app_demo',
      status: 'pending',
      archived: false,
      type: 'roofPhoto',
      externalReference: 'ext-1',
    });
    expect(complete!.files[0]).toMatchObject({
      originalName: 'roof.jpg',
      contentType: 'image/jpeg',
      md5Hash: md5Hex(bytes),
      sizeKB: 3,
    });
    expect(complete!.files[0]!.viewUrls.map((v) => v.type)).toEqual(['original']);
    const [ready] = documentsOf(events[3]);
    expect(ready!.id).toBe(complete!.id);
    expect(ready!.files[0]!.viewUrls.map((v) => v.type).sort()).toEqual([
      'gallery',
      'original',
      'preview',
      'thumbnail',
    ]);
    expect(await job(body.jobId)).toEqual(events[3]);
    expect(Date.parse(complete!.meta!.createdAt!)).not.toBeNaN();
  });

  it('md5Hash of known bytes and sizeKB = ceil(bytes / 1024)', async () => {
    const { upload, mock } = useMock();
    const body = await upload('utilityBill', [
      { filename: 'a.txt', bytes: 'hello' },
      { filename: 'b.csv', bytes: new Uint8Array(1024) },
      { filename: 'c.pdf', bytes: new Uint8Array(0) },
    ]);
    await mock.flush();
    const [doc] = documentsOf(mock.db.jobs.get(body.jobId)!.events.at(-1));
    expect(doc!.files.map((f) => [f.md5Hash, f.sizeKB])).toEqual([
      ['5d41402abc4b2a76b9719d911017c592', 1],
      [md5Hex(new Uint8Array(1024)), 1],
      ['d41d8cd98f00b204e9800998ecf8427e', 0],
    ]);
  });

  it('waits for every file of the job before queueing', async () => {
    const { initOk, put, mock } = useMock();
    const body = await initOk({
      type: 'utilityBill',
      files: [
        { filename: 'a.pdf', size: 1 },
        { filename: 'b.pdf', size: 1 },
      ],
    });
    await put(body.files[1]!, 'b');
    await mock.flush();
    expect(mock.db.jobs.get(body.jobId)!.events.map((e) => e.type)).toEqual(['awaitingUpload']);
    await put(body.files[0]!, 'a');
    await mock.flush();
    expect(mock.db.jobs.get(body.jobId)!.state).toBe('settled');
  });

  it('grouped: true makes one document with every file in request order', async () => {
    const { upload, mock } = useMock();
    const body = await upload(
      'roofPhoto',
      [
        { filename: 'one.jpg', bytes: '1' },
        { filename: 'two.png', bytes: '22' },
      ],
      { grouped: true },
    );
    await mock.flush();
    const docs = documentsOf(mock.db.jobs.get(body.jobId)!.events.find((e) => e.type === 'complete'));
    expect(docs).toHaveLength(1);
    expect(docs[0]!.files.map((f) => f.originalName)).toEqual(['one.jpg', 'two.png']);
  });

  it('grouped: false (and the split-type default) makes one document per file', async () => {
    const { upload, mock } = useMock();
    const a = await upload(
      'utilityBill',
      [
        { filename: 'a.pdf', bytes: 'a' },
        { filename: 'b.pdf', bytes: 'b' },
      ],
      { grouped: false },
    );
    const b = await upload('sitePhoto', [
      { filename: 'a.jpg', bytes: 'a' },
      { filename: 'b.jpg', bytes: 'b' },
    ]);
    const c = await upload('utilityBill', [
      { filename: 'a.pdf', bytes: 'a' },
      { filename: 'b.pdf', bytes: 'b' },
    ]);
    await mock.flush();
    const count = (jobId: string): number =>
      documentsOf(mock.db.jobs.get(jobId)!.events.find((e) => e.type === 'complete')).length;
    expect([count(a.jobId), count(b.jobId), count(c.jobId)]).toEqual([2, 2, 1]);
    expect(mock.db.documents.size).toBe(5);
  });

  it('emits imageVariantsReady with unchanged documents right after complete for a job without images', async () => {
    const { upload, mock } = useMock({ variantsDelayMs: 10_000 });
    const body = await upload('utilityBill', [{ filename: 'a.pdf', bytes: 'pdf' }]);
    await mock.flush();
    const events = mock.db.jobs.get(body.jobId)!.events;
    expect(events.map((e) => e.type)).toEqual(['awaitingUpload', 'queued', 'complete', 'imageVariantsReady']);
    expect(documentsOf(events[3])[0]!.files[0]!.viewUrls.map((v) => v.type)).toEqual(['original']);
  });

  it('variantsBeforeComplete emits imageVariantsReady first; SSE closes after both', async () => {
    const { upload, mock, call } = useMock({ variantsBeforeComplete: true });
    const body = await upload('roofPhoto', [{ filename: 'a.jpg', bytes: 'jpg' }]);
    const read = await readSse(await call(`/upload-progress?jobId=${body.jobId}`));
    expect(read.closed).toBe(true);
    const types = mock.db.jobs.get(body.jobId)!.events.map((e) => e.type);
    expect(types).toEqual(['awaitingUpload', 'queued', 'imageVariantsReady', 'complete']);
    expect(read.events.at(-1)!.type).toBe('complete');
    expect(documentsOf(read.events.at(-1))[0]!.files[0]!.viewUrls).toHaveLength(4);
  });

  it('view URLs return the stored bytes with their Content-Type, without a token', async () => {
    const { upload, mock } = useMock();
    const body = await upload('roofPhoto', [{ filename: 'p.png', bytes: 'png-bytes' }]);
    await mock.flush();
    const [doc] = documentsOf(mock.db.jobs.get(body.jobId)!.events.at(-1));
    for (const view of doc!.files[0]!.viewUrls) {
      expect(view.expiresAt).toBeDefined();
      const res = await fetch(view.url);
      expect(res.status, view.type).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(await res.text()).toBe('png-bytes');
    }
  });

  it('persists documents the reads return', async () => {
    const { upload, mock, call } = useMock();
    const body = await upload('utilityBill', [{ filename: 'a.pdf', bytes: encode('abc') }]);
    await mock.flush();
    const id = documentsOf(mock.db.jobs.get(body.jobId)!.events.at(-1))[0]!.id;
    const res = await call(`/${id}`);
    expect(res.status).toBe(200);
    expect(documentSchema.parse(await res.json()).id).toBe(id);
  });
});
