import { afterEach, describe, expect, it, vi } from 'vitest';
import { file, files, memoryStorage, startHarness, until, type Harness } from './helpers';

let h: Harness;
afterEach(() => {
  h.close();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const KEY = 'lrd:uploads:acc_demo:utilityBill';

describe('createUploader recovery', () => {
  it('resume() after a reload re-attaches to a job whose bytes all landed and reports its documents', async () => {
    h = startHarness({ processingDelayMs: 150 });
    const storage = memoryStorage();
    const before = h.uploader({ persistence: storage, grouped: false });
    before.add([file('a.pdf', 100), file('b.pdf', 200)]);
    const landed = await until(before, (s) => s.status === 'processing');
    const jobId = landed.jobs[0]!.id;
    // The page goes away.
    before.dispose();

    const record = storage.data.get(KEY)!;
    expect(JSON.parse(record)).toEqual({
      version: 1,
      files: [
        { name: 'a.pdf', size: 100, jobId, landed: true, status: 'processing' },
        { name: 'b.pdf', size: 200, jobId, landed: true, status: 'processing' },
      ],
    });
    // Never a URL, a signature or a token.
    expect(record).not.toMatch(/http|sig=|expires|token_demo/);

    const after = h.uploader({ persistence: storage });
    const result = await after.resume();
    expect(result.needsReselect).toEqual([]);
    expect(result.documents.map((d) => d.files[0]?.originalName)).toEqual(['a.pdf', 'b.pdf']);
    const snapshot = after.getSnapshot();
    expect(snapshot.items.map((i) => [i.name, i.status, i.jobId])).toEqual([
      ['a.pdf', 'complete', jobId],
      ['b.pdf', 'complete', jobId],
    ]);
    expect(snapshot.documents).toHaveLength(2);
    expect(h.requests('init')).toHaveLength(1);
    expect(h.requests('put')).toHaveLength(2);
    // Nothing left in flight: the record is gone.
    expect(storage.data.has(KEY)).toBe(false);
  });

  it('collected files (collect, then upload) are recorded too: after a reload they are offered to pick again', async () => {
    h = startHarness();
    const storage = memoryStorage();
    const before = h.uploader({ persistence: storage });
    before.add([file('page-1.pdf', 100), file('page-2.pdf', 200)], { collect: true });
    expect(before.getSnapshot().items.map((i) => i.status)).toEqual(['collected', 'collected']);
    before.dispose();
    expect(JSON.parse(storage.data.get(KEY)!)).toEqual({
      version: 1,
      files: [
        { name: 'page-1.pdf', size: 100, jobId: null, landed: false, status: 'collected' },
        { name: 'page-2.pdf', size: 200, jobId: null, landed: false, status: 'collected' },
      ],
    });

    const after = h.uploader({ persistence: storage });
    const result = await after.resume();
    expect(result.needsReselect).toEqual([
      { name: 'page-1.pdf', size: 100 },
      { name: 'page-2.pdf', size: 200 },
    ]);
    // nothing was ever sent
    expect(h.requests('init')).toEqual([]);
  });

  it('reports files that had not landed as needsReselect', async () => {
    h = startHarness();
    const stall = h.mock.control.stallPuts();
    const storage = memoryStorage();
    const before = h.uploader({ persistence: storage, concurrency: 1 });
    before.add([file('a.pdf', 100), file('b.pdf', 200)]);
    await vi.waitFor(() => expect(h.requests('put')).toHaveLength(1));
    before.dispose();
    stall.release();

    const after = h.uploader({ persistence: storage });
    const result = await after.resume();
    expect(result).toEqual({
      documents: [],
      needsReselect: [
        { name: 'a.pdf', size: 100 },
        { name: 'b.pdf', size: 200 },
      ],
    });
    expect(after.getSnapshot().items).toEqual([]);
    expect(storage.data.has(KEY)).toBe(false);
  });

  it('keeps its record in sessionStorage by default in a browser', async () => {
    h = startHarness({ processingDelayMs: 100 });
    const uploader = h.uploader({ persistence: undefined });
    const done = uploader.upload(files(2));
    expect(JSON.parse(sessionStorage.getItem(KEY)!)).toMatchObject({
      version: 1,
      files: [{ name: 'page-001.pdf' }, {}],
    });
    await done;
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it('uploads without recovery when sessionStorage is unavailable', async () => {
    vi.stubGlobal('sessionStorage', {
      getItem() {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem() {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    h = startHarness();
    const uploader = h.uploader({ persistence: undefined });
    await expect(uploader.upload([file('a.pdf')])).resolves.toHaveLength(1);
    await expect(uploader.resume()).resolves.toEqual({ documents: [], needsReselect: [] });
  });

  it('resume() reports a job that failed meanwhile without its documents', async () => {
    h = startHarness({ processingDelayMs: 100 });
    const storage = memoryStorage();
    const before = h.uploader({ persistence: storage });
    before.add([file('a.pdf')]);
    const landed = await until(before, (s) => s.status === 'processing');
    before.dispose();
    h.mock.control.failJob(landed.jobs[0]!.id, 'Corrupt file');

    const after = h.uploader({ persistence: storage });
    const result = await after.resume();
    expect(result.documents).toEqual([]);
    expect(after.getSnapshot().items[0]?.error?.message).toMatch(/Corrupt file/);
  });
});
