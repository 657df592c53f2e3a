import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError, InvalidRequestError } from '../../../src/core/api/errors';
import {
  file,
  files,
  recordingTransport,
  startHarness,
  steppedTransport,
  until,
  type Harness,
} from './helpers';

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => {
  h.close();
});

describe('createUploader', () => {
  it('uploads a file through XMLHttpRequest and resolves with the stored document', async () => {
    const uploader = h.uploader({ externalReference: 'crm-42' });
    const documents = await uploader.upload([file('utility-bill.pdf', 2048)]);

    expect(documents).toHaveLength(1);
    const [doc] = documents;
    expect(doc?.type).toBe('utilityBill');
    expect(doc?.externalReference).toBe('crm-42');
    expect(doc?.files[0]?.originalName).toBe('utility-bill.pdf');
    // The emulator stored the bytes that were sent.
    const stored = h.mock.db.documents.get(doc!.id);
    expect(stored?.files[0]?.size).toBe(2048);

    const snapshot = uploader.getSnapshot();
    expect(snapshot.status).toBe('complete');
    expect(snapshot.items[0]).toMatchObject({ status: 'complete', documentIds: [doc!.id], attempt: 1 });
    expect(snapshot.jobs[0]).toMatchObject({ status: 'complete' });
    expect(snapshot.documents.map((d) => d.id)).toEqual([doc!.id]);
    expect(snapshot.progress).toMatchObject({ loaded: 2048, total: 2048, percent: 100 });
  });

  it('PUTs with exactly the init content type and never an Authorization header', async () => {
    const { transport, stats } = recordingTransport();
    const uploader = h.uploader({ transport, grouped: false });
    // The browser's own File.type is OS-dependent; the server's canonical type is what the URL is signed with.
    await uploader.upload([
      file('scan.PDF', 100, 'application/x-pdf'),
      file('roof.jpeg', 100, 'image/pjpeg'),
    ]);

    expect(stats.sent.map((r) => r.headers)).toEqual([
      { 'Content-Type': 'application/pdf' },
      { 'Content-Type': 'image/jpeg' },
    ]);
    expect(stats.sent.every((r) => r.body instanceof File)).toBe(true);
    const puts = h.requests('put');
    expect(puts).toHaveLength(2);
    expect(puts.every((r) => !r.authorization)).toBe(true);
    expect(puts.map((r) => r.contentType)).toEqual(['application/pdf', 'image/jpeg']);
  });

  it('rejects invalid files before any request, each with its reasons', async () => {
    const uploader = h.uploader({ rules: { maxSize: 1000 } });
    const result = uploader.add([
      file('virus.exe', 10),
      file('empty.pdf', 0),
      file('huge.pdf', 5000),
      file('fine.pdf', 10),
    ]);

    expect(result.accepted.map((i) => i.name)).toEqual(['fine.pdf']);
    expect(result.rejected.map((i) => [i.name, i.status, i.rejection?.map((r) => r.code)])).toEqual([
      ['virus.exe', 'rejected', ['invalid-extension']],
      ['empty.pdf', 'rejected', ['empty-file']],
      ['huge.pdf', 'rejected', ['file-too-large']],
    ]);
    expect(result.rejected[0]?.rejection?.[0]?.message).toMatch(/\.exe files are not accepted/);
    await until(uploader, (s) => s.status === 'complete');
    // Only the valid file was announced to init and sent.
    const [init] = h.requests('init');
    expect(h.requests('init')).toHaveLength(1);
    expect(init).toBeDefined();
    expect(h.requests('put')).toHaveLength(1);
    expect(uploader.getSnapshot().progress.counts.rejected).toBe(3);
  });

  it('rejects files beyond maxFiles and never sends them', async () => {
    const uploader = h.uploader({ rules: { maxFiles: 2 } });
    uploader.add([file('a.pdf')]);
    const second = uploader.add([file('b.pdf'), file('c.pdf')]);
    expect(second.accepted.map((i) => i.name)).toEqual(['b.pdf']);
    expect(second.rejected[0]?.rejection?.[0]?.code).toBe('too-many-files');
    await until(uploader, (s) => s.status === 'complete');
    expect(h.requests('put')).toHaveLength(2);
  });

  it('upload() rejects without sending anything when a file is invalid', async () => {
    const uploader = h.uploader();
    await expect(uploader.upload([file('ok.pdf'), file('bad.exe')])).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    expect(h.mock.db.requests).toHaveLength(0);
    expect(uploader.getSnapshot().items.map((i) => [i.name, i.status])).toEqual([['bad.exe', 'rejected']]);
  });

  it('splits 60 files into 3 jobs of at most 25 files', async () => {
    const uploader = h.uploader({ grouped: false, concurrency: 6 });
    const documents = await uploader.upload(files(60));

    expect(h.requests('init')).toHaveLength(3);
    const jobs = uploader.getSnapshot().jobs;
    expect(jobs.map((j) => j.itemIds.length)).toEqual([25, 25, 10]);
    expect(jobs.every((j) => j.status === 'complete')).toBe(true);
    expect(documents).toHaveLength(60);
    expect(h.mock.db.documents.size).toBe(60);
    // Each file got its own document, matched by name.
    for (const item of uploader.getSnapshot().items) {
      const doc = documents.find((d) => d.id === item.documentIds[0]);
      expect(doc?.files[0]?.originalName).toBe(item.name);
    }
  });

  it('gives every file of a grouped job the one document', async () => {
    const completedFiles: string[] = [];
    const uploader = h.uploader({ grouped: true, onFileComplete: (item) => completedFiles.push(item.name) });
    const documents = await uploader.upload(files(3));
    expect(completedFiles).toEqual(['page-001.pdf', 'page-002.pdf', 'page-003.pdf']);
    expect(documents).toHaveLength(1);
    expect(documents[0]?.files.map((f) => f.originalName)).toEqual([
      'page-001.pdf',
      'page-002.pdf',
      'page-003.pdf',
    ]);
    expect(uploader.getSnapshot().items.map((i) => i.documentIds)).toEqual([
      [documents[0]!.id],
      [documents[0]!.id],
      [documents[0]!.id],
    ]);
  });

  it('refuses grouped: true with more than 25 files before any request', async () => {
    const errors: unknown[] = [];
    const uploader = h.uploader({ grouped: true, onError: (error) => errors.push(error) });
    const result = uploader.add(files(26));
    expect(result.accepted).toHaveLength(0);
    expect(result.rejected).toHaveLength(26);
    expect(result.rejected[0]?.error).toBeInstanceOf(ConfigurationError);
    expect(result.rejected[0]?.rejection?.[0]?.message).toMatch(/at most 25 files/);
    expect(errors).toHaveLength(1);

    await expect(uploader.upload(files(30))).rejects.toBeInstanceOf(ConfigurationError);
    expect(h.mock.db.requests).toHaveLength(0);
  });

  it('keeps at most `concurrency` PUTs in flight across jobs', async () => {
    h.mock.control.latency(15, 'put');
    const { transport, stats } = recordingTransport();
    const uploader = h.uploader({ transport, concurrency: 3, grouped: false });
    await uploader.upload(files(30));
    expect(h.requests('init')).toHaveLength(2);
    expect(stats.sent).toHaveLength(30);
    expect(stats.maxInFlight).toBe(3);
  });

  it('shows finalizing between 100 % sent and the storage answer', async () => {
    const stall = h.mock.control.stallPuts();
    const uploader = h.uploader({ transport: steppedTransport(2) });
    const done = uploader.upload([file('a.pdf', 4096)]);
    const held = await until(uploader, (s) => s.items[0]?.status === 'finalizing');
    expect(held.items[0]).toMatchObject({ loaded: 4096, total: 4096 });
    // 100 % sent is not stored: the aggregate stays below 100.
    expect(held.progress.percent).toBe(99);
    stall.release();
    await done;
    expect(uploader.getSnapshot().items[0]?.status).toBe('complete');
  });

  it('reports byte-weighted progress from multi-step transfers', async () => {
    const uploader = h.uploader({ transport: steppedTransport(4, 15), concurrency: 2 });
    const percents: number[] = [];
    uploader.subscribe(() => percents.push(uploader.getSnapshot().progress.percent));
    uploader.add([file('small.pdf', 1000), file('large.pdf', 3000)]);
    const mid = await until(uploader, (s) => s.items.every((i) => i.loaded > 0 && i.status === 'uploading'));
    const [small, large] = mid.items;
    expect(mid.progress.loaded).toBe(small!.loaded + large!.loaded);
    expect(mid.progress.total).toBe(4000);
    expect(mid.progress.percent).toBe(Math.floor(((small!.loaded + large!.loaded) * 100) / 4000));
    await until(uploader, (s) => s.status === 'complete');
    expect(uploader.getSnapshot().progress.percent).toBe(100);
    // Progress only goes up, through intermediate values.
    expect(percents.filter((p) => p > 0 && p < 100).length).toBeGreaterThan(0);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });

  it('leaves failed and canceled files out of the aggregate progress', async () => {
    h.mock.control.failNextPuts(1, { status: 400 });
    const uploader = h.uploader({ concurrency: 1 });
    uploader.add([file('broken.pdf', 1000), file('fine.pdf', 3000)]);
    const snapshot = await until(uploader, (s) => s.status === 'failed');
    expect(snapshot.items.map((i) => i.status)).toEqual(['failed', 'complete']);
    expect(snapshot.progress).toMatchObject({ loaded: 3000, total: 3000, percent: 100 });
    expect(snapshot.progress.counts).toMatchObject({ failed: 1, complete: 1 });
  });

  it('reports a smoothed rate and an ETA while bytes move', async () => {
    const uploader = h.uploader({ transport: steppedTransport(10, 40), concurrency: 1 });
    uploader.add([file('a.pdf', 100_000)]);
    const moving = await until(uploader, (s) => s.progress.bytesPerSecond > 0 && s.progress.percent < 90);
    expect(moving.progress.etaSeconds).toBeGreaterThanOrEqual(0);
    await until(uploader, (s) => s.status === 'complete');
    expect(uploader.getSnapshot().progress).toMatchObject({ bytesPerSecond: 0, etaSeconds: 0 });
  });
});
