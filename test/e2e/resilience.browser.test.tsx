/**
 * Field faults in Chromium against the loopback emulator, with CDP network conditions (test/browser/commands.ts):
 * the connection drops mid-upload, a PUT stalls, the page reloads while a job is processing. What the user sees is
 * read from the DOM (`data-status` of each row, recorded on every mutation); what was stored, from the emulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { emulator, FAST_RETRY, recordRows, renderApp, requestsTo, row, screenshot, statusOf } from './app';
import { RELOAD_CONFIG_KEY, type ReloadFrameConfig } from './reloadFrame';

const WAIT = { timeout: 30_000 };

const fileInput = () => document.querySelector<HTMLInputElement>('.lrd-uploader input[type=file]')!;

/** A PDF-named file of `size` zero bytes (the emulator checks names and sizes, not content). */
const pdf = (name: string, size: number) =>
  new File([new Uint8Array(size)], name, { type: 'application/pdf' });

/** Every document the emulator stores, by file name. */
async function storedByFile() {
  const byFile = new Map<string, number>();
  for (const doc of await commands.mockDocuments()) {
    for (const name of doc.files) byFile.set(name, (byFile.get(name) ?? 0) + 1);
  }
  return Object.fromEntries([...byFile].sort(([a], [b]) => a.localeCompare(b)));
}

const progressOf = (name: string): number =>
  Number(row(name)?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? 0);

/** Drops every recovery record (sessionStorage is shared by the tests of this tab, and by the reload frame). */
function clearRecoveryRecords() {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith('lrd:')) sessionStorage.removeItem(key);
}

/** The upload rows of a document (the reload frame's), by file name → status. */
function rowsIn(doc: Document | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const element of doc?.querySelectorAll<HTMLElement>('.lrd-upload-item') ?? []) {
    out[element.querySelector('.lrd-upload-item__name')?.textContent ?? ''] =
      element.getAttribute('data-status') ?? '';
  }
  return out;
}

/**
 * Loads test/e2e/reloadFrame.tsx in a same-origin iframe served by the Vitest server: a page of its own whose
 * sessionStorage is this tab's, which the test can reload for real.
 */
async function openReloadFrame(config: ReloadFrameConfig): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.title = 'reload frame';
  frame.style.cssText = 'width: 900px; height: 500px; border: 1px solid #999';
  frame.srcdoc = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>reload frame</title></head><body>',
    `<script>window.${RELOAD_CONFIG_KEY} = ${JSON.stringify(config)};</script>`,
    '<div id="root"></div>',
    `<script type="module" src="${location.origin}/test/e2e/reloadFrame.tsx"></script>`,
    '</body></html>',
  ].join('');
  document.body.append(frame);
  await expect.poll(() => frame.contentWindow?.__lrdReloadFrameApi !== undefined, WAIT).toBe(true);
  return frame;
}

describe('field faults in Chromium (CDP network conditions)', () => {
  beforeEach(async () => {
    await commands.mockReset();
    clearRecoveryRecords();
  });
  afterEach(async () => {
    document.querySelectorAll('iframe[title="reload frame"]').forEach((frame) => frame.remove());
    clearRecoveryRecords();
    await commands.setOffline(false);
    await commands.throttleUploads(0);
    await commands.mockReleasePuts();
    await commands.mockReset();
  });

  it('goes offline mid-upload: every file waits for the connection, none fails, all complete once online', async () => {
    const NAMES = ['offline-a.pdf', 'offline-b.pdf', 'offline-c.pdf'];
    // Two transfers at once: when the link drops, two files are mid-PUT and one is still queued. A dropped mobile
    // link goes silent: the stall watchdog (short here) is what ends the transfers in flight.
    renderApp({ grouped: false, concurrency: 2, engineOptions: { ...FAST_RETRY, stallTimeoutMs: 1_500 } });
    const recorder = recordRows();
    // 300 kB files through a throttled link: the transfers take seconds, so the drop lands mid-upload.
    await commands.throttleUploads(200_000);
    await userEvent.upload(
      fileInput(),
      NAMES.map((name) => pdf(name, 300_000)),
    );
    await expect.poll(() => NAMES.some((name) => progressOf(name) > 0), WAIT).toBe(true);
    const before = NAMES.map(statusOf);
    expect(before.filter((s) => s === 'uploading').length, before.join(', ')).toBeGreaterThanOrEqual(1);

    // The link drops. CDP's offline emulation fails every new request to the emulator and takes the page offline
    // (navigator.onLine, the `offline` event), but lets a request already in flight run on. On a device that
    // connection goes silent: the emulator holds the answers of the two PUTs in flight (a network error instead
    // would be retried by Chromium itself on a fresh connection, invisibly to the page).
    await commands.mockStallPuts({ count: 2 });
    await commands.setOffline(true);
    expect(navigator.onLine).toBe(false);
    await expect.poll(() => NAMES.map(statusOf), WAIT).toEqual(['waiting', 'waiting', 'waiting']);
    for (const name of NAMES) {
      expect(row(name)).toHaveTextContent('Waiting for connection');
      expect(recorder.statuses(name), name).not.toContain('failed');
    }
    expect(document.body).toHaveTextContent('Offline: uploads resume when the connection returns.');
    await screenshot('offline-waiting');

    // Stay offline longer than the whole fast retry budget (4 attempts, backoff ≤ 300 ms): were offline failures
    // counted as attempts, every file would have failed by now. Nothing reaches the server meanwhile.
    const putsOffline = (await requestsTo('put')).length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(NAMES.map(statusOf)).toEqual(['waiting', 'waiting', 'waiting']);
    expect((await requestsTo('put')).length).toBe(putsOffline);

    // Back online: everything resumes by itself (no Retry click) and each file becomes one document.
    await commands.setOffline(false);
    await expect.poll(() => NAMES.map(statusOf), WAIT).toEqual(['complete', 'complete', 'complete']);
    recorder.stop();
    for (const name of NAMES) expect(recorder.statuses(name), name).not.toContain('failed');
    expect(document.body).not.toHaveTextContent('Offline: uploads resume');
    // One PUT per file that landed, plus the ones the drop cut, plus legitimate retries: the engine stops the PUTs in
    // flight on `offline`, so a held answer meant for them can land on a PUT sent after `online`, which the stall
    // watchdog then ends and sends again. A bound, not an exact count; each file is still stored exactly once.
    const puts = (await requestsTo('put')).length;
    expect(puts, `statuses when the link dropped: ${before.join(', ')}`).toBeGreaterThanOrEqual(NAMES.length);
    expect(puts).toBeLessThanOrEqual(3 * NAMES.length);
    expect(await storedByFile()).toEqual({ 'offline-a.pdf': 1, 'offline-b.pdf': 1, 'offline-c.pdf': 1 });
  });

  it('aborts a stalled PUT after stallTimeoutMs and sends the file again: stored once, never shown failed', async () => {
    const NAME = 'stalled.pdf';
    renderApp({ grouped: false, engineOptions: { ...FAST_RETRY, stallTimeoutMs: 1_000 } });
    const recorder = recordRows();
    // The first PUT's answer never comes (bytes read, no response): only the watchdog can end it.
    await commands.mockStallPuts({ count: 1 });
    const started = performance.now();
    await userEvent.upload(fileInput(), [pdf(NAME, 200_000)]);
    await expect.poll(async () => (await requestsTo('put')).length, WAIT).toBeGreaterThanOrEqual(2);
    await expect.poll(() => statusOf(NAME), WAIT).toBe('complete');
    const elapsed = performance.now() - started;
    recorder.stop();

    expect(recorder.statuses(NAME)).not.toContain('failed');
    expect(recorder.statuses(NAME)).toContain('finalizing'); // all bytes sent, the answer held
    const puts = (await requestsTo('put')).length;
    expect(puts).toBeGreaterThanOrEqual(2);
    expect(puts).toBeLessThanOrEqual(3);
    expect(await storedByFile()).toEqual({ [NAME]: 1 });
    // ended by the 1 s watchdog, not by the 30 s default or the request timeout
    expect(elapsed).toBeLessThan(15_000);
  });

  it('reloads mid-job: the same field shows its files again and they complete into its value', async () => {
    const FIELD = 'roof-photos';
    const NAMES = ['reload-1.pdf', 'reload-2.pdf'];
    // The job's progress never reaches the page (SSE and job polls get no answer): after their bytes land, the
    // files stay `processing` in the page for as long as the test needs.
    await commands.mockHangEndpoint('sse');
    await commands.mockHangEndpoint('job');
    const config: ReloadFrameConfig = { ...emulator, name: FIELD, retry: FAST_RETRY.retry };
    const frame = await openReloadFrame(config);
    frame.contentWindow!.__lrdReloadFrameApi!.choose(
      NAMES.map((name) => ({ name, size: 50_000, type: 'application/pdf' })),
    );
    await expect
      .poll(() => rowsIn(frame.contentDocument), WAIT)
      .toEqual({ 'reload-1.pdf': 'processing', 'reload-2.pdf': 'processing' });
    expect((await requestsTo('put')).length).toBe(2);
    // The field's recovery record: names and job ids, never URLs or tokens.
    const keys = Object.keys(sessionStorage).filter((key) => key.startsWith('lrd:'));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toContain(FIELD);
    const record = sessionStorage.getItem(keys[0]!)!;
    for (const name of NAMES) expect(record).toContain(name);
    expect(record).not.toMatch(/https?:|token/i);
    await screenshot('reload-1-before');

    // A real reload of the frame's document: every script, engine and request of the page is gone.
    const firstDocument = frame.contentDocument;
    frame.contentWindow!.location.reload();
    await expect
      .poll(
        () =>
          frame.contentDocument !== firstDocument && frame.contentWindow?.__lrdReloadFrameApi !== undefined,
        WAIT,
      )
      .toBe(true);

    // The same field (same name) resumes on mount: its files are listed again, still processing.
    await expect
      .poll(() => rowsIn(frame.contentDocument), WAIT)
      .toEqual({ 'reload-1.pdf': 'processing', 'reload-2.pdf': 'processing' });
    await screenshot('reload-2-resumed');

    // The job's events reach the page again: the files complete and their documents become the field's value.
    await commands.mockReleaseEndpoint('sse');
    await commands.mockReleaseEndpoint('job');
    await expect
      .poll(() => rowsIn(frame.contentDocument), WAIT)
      .toEqual({ 'reload-1.pdf': 'complete', 'reload-2.pdf': 'complete' });
    const stored = await commands.mockDocuments();
    expect(stored.map((d) => d.files).sort()).toEqual([['reload-1.pdf'], ['reload-2.pdf']]);
    const value = () =>
      [
        ...(frame.contentDocument?.querySelectorAll<HTMLInputElement>(
          `input[type=hidden][name="${FIELD}"]`,
        ) ?? []),
      ]
        .map((input) => input.value)
        .sort();
    await expect.poll(value, WAIT).toEqual(stored.map((d) => d.id).sort());
    // resumed, not sent again
    expect((await requestsTo('put')).length).toBe(2);
    expect((await requestsTo('init')).length).toBe(1);
    await screenshot('reload-3-complete');
  });
});
