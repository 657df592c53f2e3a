/**
 * Field-grade resilience of the engine, against the emulator: offline pauses instead of failing, inits go just in
 * time, a shared pool bounds transfers and SSE streams across uploaders, `update` never drops a file, duplicates
 * are refused, and the recovery record is never erased by an uploader that has not resumed it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentsClient } from '../../../src/core/api/client';
import { createUploadPool, type Uploader, type UploadSnapshot } from '../../../src/core/upload';
import {
  file,
  files,
  memoryStorage,
  onEachAnswer,
  recordingTransport,
  sleep,
  startHarness,
  switchableConnectivity,
  until,
  type Harness,
} from './helpers';

// Uploads of 75 and 1,000 files: bounds on what happens, not on how fast a loaded machine does it.
vi.setConfig({ testTimeout: 60_000 });
const waitFor = (uploader: Uploader, predicate: (s: UploadSnapshot) => boolean) =>
  until(uploader, predicate, 30_000);

let h: Harness;
afterEach(() => {
  h.close();
});

const statuses = (s: UploadSnapshot) => s.items.map((i) => i.status);

describe('offline', () => {
  it('files added while offline wait (no request at all) and go by themselves when the connection returns', async () => {
    h = startHarness();
    const net = switchableConnectivity(false);
    const uploader = h.uploader({ connectivity: net });
    const done = uploader.upload(files(3));
    await sleep(30);
    expect(statuses(uploader.getSnapshot())).toEqual(['waiting', 'waiting', 'waiting']);
    expect(uploader.getSnapshot().online).toBe(false);
    expect(h.mock.db.requests).toHaveLength(0);
    net.set(true);
    expect(await done).toHaveLength(1);
    expect(uploader.getSnapshot().online).toBe(true);
  });

  it('a PUT that fails while the browser is offline waits instead of failing: no attempt used, stored once back', async () => {
    h = startHarness();
    const net = switchableConnectivity();
    // Every PUT sent while "offline" drops; the first one is the moment the connection goes.
    let offline = false;
    h.mock.control.failNextPuts(1_000, { network: true });
    const { transport } = recordingTransport();
    const errors: unknown[] = [];
    const uploader = h.uploader({
      connectivity: net,
      transport: {
        send(request) {
          if (!offline) {
            offline = true;
            net.set(false);
          }
          return transport.send(request);
        },
      },
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5, networkRetryWindowMs: 50 },
      onError: (error) => errors.push(error),
    });
    uploader.add([file('a.pdf'), file('b.pdf')]);
    await waitFor(uploader, (s) => s.items.every((i) => i.status === 'waiting'));
    // Long past the network retry window: offline time does not count.
    await sleep(150);
    expect(statuses(uploader.getSnapshot())).toEqual(['waiting', 'waiting']);
    expect(errors).toEqual([]);
    const sentOffline = h.requests('put').length;
    expect(sentOffline).toBeLessThanOrEqual(2);
    h.mock.control.reset();
    net.set(true);
    await waitFor(uploader, (s) => s.status === 'complete');
    expect(errors).toEqual([]);
    expect(h.requests('put')).toHaveLength(sentOffline + 2);
    expect(h.mock.db.documents.size).toBe(1);
  });

  it('an init that fails for want of a connection is held and sent again on `online`, its tries unused', async () => {
    h = startHarness();
    const net = switchableConnectivity();
    // The first init never reaches the emulator: the connection is gone (fetch rejects, as browsers do).
    let dropped = 0;
    const client = createDocumentsClient({
      baseUrl: h.mock.baseUrl,
      accountId: h.mock.accountId,
      getAccessToken: () => h.mock.token,
      fetch: (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (dropped === 0 && init?.method === 'POST' && url.endsWith('/documents')) {
          dropped += 1;
          net.set(false);
          return Promise.reject(new TypeError('Failed to fetch'));
        }
        return fetch(input, init);
      },
    });
    const uploader = h.uploader({
      client,
      connectivity: net,
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 5 },
    });
    const done = uploader.upload([file('a.pdf')]);
    await waitFor(uploader, (s) => s.items[0]?.status === 'waiting');
    net.set(true);
    expect(await done).toHaveLength(1);
    expect(dropped).toBe(1);
    expect(h.requests('init')).toHaveLength(1);
  });

  it('the user can still cancel a waiting file; dispose removes the online/offline listeners', async () => {
    h = startHarness();
    const net = switchableConnectivity(false);
    const uploader = h.uploader({ connectivity: net });
    const [item] = uploader.add([file('a.pdf')]).accepted;
    expect(net.listeners).toBe(1);
    await waitFor(uploader, (s) => s.items[0]?.status === 'waiting');
    uploader.cancel(item?.id);
    expect(uploader.getSnapshot().items[0]?.status).toBe('canceled');
    net.set(true);
    await sleep(20);
    expect(h.mock.db.requests).toHaveLength(0);
    uploader.dispose();
    expect(net.listeners).toBe(0);
  });

  it('touches no connectivity before the first file (nothing at creation)', () => {
    h = startHarness();
    const net = switchableConnectivity();
    h.uploader({ connectivity: net });
    expect(net.listeners).toBe(0);
  });
});

describe('just-in-time inits', () => {
  it('on a slow link, URLs are fresh when used: 75 files in 3 jobs, no re-init and no byte sent twice', async () => {
    // The emulator's clock and the engine's move one minute per PUT: the 75 files take 75 minutes, longer than an
    // upload URL lives (60 min). Inits sent eagerly at the start would see the third job's URLs expire.
    let clock = Date.parse('2030-01-01T09:00:00Z');
    h = startHarness({ now: () => clock });
    const transport = onEachAnswer(() => {
      clock += 60_000;
    });
    const inFlightInits: number[] = [];
    const uploader = h.uploader({
      now: () => clock,
      concurrency: 1,
      grouped: false,
      transport: {
        send(request) {
          inFlightInits.push(h.requests('init').length);
          return transport.send(request);
        },
      },
    });
    const documents = await uploader.upload(files(75, 'photo'));
    expect(documents).toHaveLength(75);
    expect(h.requests('init')).toHaveLength(3);
    expect(h.requests('put')).toHaveLength(75);
    // At most one job ahead: when the first PUT went, two inits had been sent, not three.
    expect(inFlightInits[0]).toBe(2);
  });
});

describe('one pool for several uploaders', () => {
  it('two uploaders with a pool of 2 never have more than 2 PUTs open; the others show queued', async () => {
    h = startHarness();
    const stall = h.mock.control.stallPuts({ ms: 60_000 });
    const pool = createUploadPool({ concurrency: 2 });
    const a = h.uploader({ pool });
    const b = h.uploader({ pool, type: 'sitePhoto' });
    a.add(files(3, 'bill'));
    b.add(files(3, 'roof', 256).map((f) => new File([f], f.name.replace('.pdf', '.jpg'))));
    await waitFor(a, () => pool.active === 2 && pool.waiting > 0);
    await sleep(30);
    expect(pool.active).toBe(2);
    const open = [...a.getSnapshot().items, ...b.getSnapshot().items].filter(
      (i) => i.status === 'uploading' || i.status === 'finalizing',
    );
    expect(open.length).toBeLessThanOrEqual(2);
    stall.release();
    await waitFor(a, (s) => s.status === 'complete');
    await waitFor(b, (s) => s.status === 'complete');
    expect(pool.active).toBe(0);
    expect(pool.waiting).toBe(0);
  });

  it('an uploader may ask for less than its pool, never more', async () => {
    h = startHarness();
    const stall = h.mock.control.stallPuts({ ms: 60_000 });
    const pool = createUploadPool({ concurrency: 3 });
    const one = h.uploader({ pool, concurrency: 1, grouped: false });
    one.add(files(3));
    await waitFor(one, () => pool.active === 1);
    await sleep(30);
    expect(pool.active).toBe(1);
    const greedy = h.uploader({ pool, concurrency: 10, grouped: false });
    greedy.add(files(5, 'x'));
    await waitFor(greedy, () => pool.active === 3);
    await sleep(30);
    expect(pool.active).toBe(3);
    stall.release();
    await waitFor(greedy, (s) => s.status === 'complete');
  });

  it('at most maxStreamsPerOrigin SSE streams: other jobs are polled and every job completes', async () => {
    h = startHarness({ processingDelayMs: 150 });
    const pool = createUploadPool({ maxStreamsPerOrigin: 1 });
    const uploader = h.uploader({ pool, tracking: { pollIntervalMs: 10, heartbeatMs: 1000 } });
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, h.mock.openStreams());
    }, 2);
    try {
      await Promise.all([1, 2, 3].map((n) => uploader.upload([file(`bill-${n}.pdf`)])));
    } finally {
      clearInterval(watch);
    }
    expect(most).toBeLessThanOrEqual(1);
    expect(h.requests('job').length).toBeGreaterThan(0);
    expect(h.mock.db.documents.size).toBe(3);
  });
});

describe('update() in place', () => {
  it('files in flight keep their type; files added after the change get the new one; none is dropped', async () => {
    h = startHarness();
    const stall = h.mock.control.stallPuts({ ms: 60_000 });
    const uploader = h.uploader({ type: 'utilityBill' });
    uploader.add([file('first.pdf')]);
    await waitFor(uploader, (s) => s.items[0]?.status === 'uploading' || s.items[0]?.status === 'finalizing');
    uploader.update({ type: 'proofOfIncome', rules: { maxFiles: 2 }, concurrency: 2 });
    const { accepted, rejected } = uploader.add([file('second.pdf'), file('third.pdf')]);
    expect(accepted).toHaveLength(1);
    expect(rejected[0]?.rejection?.[0]?.code).toBe('too-many-files');
    stall.release();
    await waitFor(uploader, (s) => s.items.filter((i) => i.status === 'complete').length === 2);
    const byName = new Map([...h.mock.db.documents.values()].map((d) => [d.files[0]?.originalName, d.type]));
    expect(byName.get('first.pdf')).toBe('utilityBill');
    expect(byName.get('second.pdf')).toBe('proofOfIncome');
  });

  it('callbacks given to update() are the ones called', async () => {
    h = startHarness();
    const calls: string[] = [];
    const uploader = h.uploader({ onJobComplete: () => calls.push('old') });
    uploader.update({ onJobComplete: () => calls.push('new') });
    await uploader.upload([file('a.pdf')]);
    expect(calls).toEqual(['new']);
  });
});

describe('duplicates', () => {
  it('the same file added again while active or stored is rejected as a duplicate; a failed one may come back', async () => {
    h = startHarness();
    const bill = file('bill.pdf');
    const uploader = h.uploader();
    uploader.add([bill]);
    const again = uploader.add([bill, file('other.pdf')]);
    expect(again.accepted.map((i) => i.name)).toEqual(['other.pdf']);
    expect(again.rejected[0]?.rejection).toEqual([
      { code: 'duplicate', message: 'This file is already in the list.' },
    ]);
    await waitFor(uploader, (s) => s.status === 'complete');
    expect(uploader.add([bill]).rejected).toHaveLength(1);
    expect(h.mock.db.documents.size).toBe(2);
  });

  it('rejectDuplicates: false accepts the same file twice', () => {
    h = startHarness();
    const bill = file('bill.pdf');
    const uploader = h.uploader({ rejectDuplicates: false });
    expect(uploader.add([bill, bill]).accepted).toHaveLength(2);
  });
});

describe('recovery record', () => {
  it('is kept under <prefix>:<account>:<type>:<persistenceId>, so two fields never share one', async () => {
    h = startHarness({ processingDelayMs: 60_000 });
    const storage = memoryStorage();
    const a = h.uploader({ persistence: storage, persistenceId: 'billA', persistenceKey: 'portal' });
    const b = h.uploader({ persistence: storage, persistenceId: 'billB', persistenceKey: 'portal' });
    a.add([file('a.pdf')]);
    b.add([file('b.pdf')]);
    await waitFor(a, (s) => s.items[0]?.status === 'processing');
    await waitFor(b, (s) => s.items[0]?.status === 'processing');
    expect([...storage.data.keys()].sort()).toEqual([
      `portal:${h.mock.accountId}:utilityBill:billA`,
      `portal:${h.mock.accountId}:utilityBill:billB`,
    ]);
    expect(storage.data.get(`portal:${h.mock.accountId}:utilityBill:billA`)).toContain('a.pdf');
    expect(storage.data.get(`portal:${h.mock.accountId}:utilityBill:billA`)).not.toContain('b.pdf');
  });

  it('a new uploader does not erase a record it has not resumed: resume() still finds it', async () => {
    h = startHarness({ processingDelayMs: 200 });
    const storage = memoryStorage();
    const before = h.uploader({ persistence: storage });
    before.add([file('landed.pdf')]);
    await waitFor(before, (s) => s.items[0]?.status === 'processing');
    before.dispose(); // a reload: the record stays
    const after = h.uploader({ persistence: storage });
    // A file added before resume() used to overwrite the record whole.
    after.add([file('new.pdf')]);
    await waitFor(after, (s) => s.status === 'complete');
    const { documents } = await after.resume();
    expect(documents.map((d) => d.files[0]?.originalName)).toEqual(['landed.pdf']);
  });

  it('for 1,000 files, storage writes stay far below one full record per change', async () => {
    h = startHarness();
    let written = 0;
    const inner = memoryStorage();
    const storage = {
      ...inner,
      setItem(key: string, value: string) {
        written += value.length;
        inner.setItem(key, value);
      },
    };
    const uploader = h.uploader({ persistence: storage, grouped: false, concurrency: 8 });
    await uploader.upload(files(1000, 'p', 16));
    const record = 1000 * 60; // about 60 characters per file in a full record
    // Every file changes phase about 5 times: a full write per change would be ≈ 5,000 records (≈ 150 MB here).
    expect(written).toBeLessThan(60 * record);
  });
});

describe('recovery record follows update()', () => {
  it("moves to the new type's key when the type changes, so a reload with the new type finds it", async () => {
    h = startHarness({ processingDelayMs: 60_000 });
    const storage = memoryStorage();
    const uploader = h.uploader({ persistence: storage, persistenceId: 'field' });
    uploader.add([file('a.pdf')]);
    await waitFor(uploader, (s) => s.items[0]?.status === 'processing');
    uploader.update({ type: 'proofOfIncome' });
    const key = (type: string) => `lrd:uploads:${h.mock.accountId}:${type}:field`;
    expect(storage.data.has(key('utilityBill'))).toBe(false);
    expect(storage.data.get(key('proofOfIncome'))).toContain('a.pdf');
  });

  it('resume() tells onNeedsReselect at once of files that must be picked again', async () => {
    h = startHarness();
    const storage = memoryStorage();
    storage.setItem(
      `lrd:uploads:${h.mock.accountId}:utilityBill`,
      JSON.stringify({
        version: 1,
        files: [{ name: 'lost.pdf', size: 3, jobId: null, landed: false, status: 'initializing' }],
      }),
    );
    const uploader = h.uploader({ persistence: storage });
    const heard: unknown[] = [];
    const done = uploader.resume({ onNeedsReselect: (files) => heard.push(...files) });
    expect(heard).toEqual([{ name: 'lost.pdf', size: 3 }]);
    expect((await done).needsReselect).toEqual([{ name: 'lost.pdf', size: 3 }]);
  });
});
