import { beforeEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { makePdf } from '../../stories/emulator/files';
import { renderApp, requestsTo, screenshot, statusOf } from './app';

const WAIT = { timeout: 30_000 };

const fileInput = () => document.querySelector<HTMLInputElement>('.lrd-uploader input[type=file]')!;

/** Chooses one PDF through the uploader's file input and waits for it to be stored and listed. */
async function uploadAndExpectComplete(name: string) {
  await userEvent.upload(fileInput(), [makePdf(name)]);
  await expect.poll(() => statusOf(name), WAIT).toBe('complete');
  await expect.element(page.getByRole('button', { name, exact: true }), WAIT).toBeVisible();
}

describe('upload flow with faults at the server', () => {
  beforeEach(async () => {
    await commands.mockReset();
  });

  it('retries a PUT that fails twice', async () => {
    await commands.mockControl('failNextPuts', [2, { status: 500 }]);
    renderApp();
    await uploadAndExpectComplete('retried.pdf');
    expect(await requestsTo('put')).toHaveLength(3);
    await screenshot('fault-put-retried');
  });

  it('reconnects when the SSE stream drops', async () => {
    await commands.mockControl('dropSseAfter', [1]);
    renderApp();
    await uploadAndExpectComplete('sse-dropped.pdf');
    expect((await requestsTo('sse')).length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => commands.mockOpenStreams(), WAIT).toBe(0);
  });

  it('re-initialises a file whose upload URL expired before its PUT was checked', async () => {
    // PUTs are recorded on arrival and checked after their latency: expire every URL while the PUT waits.
    await commands.mockControl('latency', [5_000, 'put']);
    renderApp();
    await userEvent.upload(fileInput(), [makePdf('expired-url.pdf')]);
    await expect.poll(async () => (await requestsTo('put')).length, WAIT).toBe(1);
    await commands.mockControl('expireAllUrls', []);
    await commands.mockControl('latency', [0, 'put']);
    // the held PUT is answered 403 "expired"; the engine asks for a fresh URL and sends the file again
    await expect.poll(() => statusOf('expired-url.pdf'), WAIT).toBe('complete');
    expect(await requestsTo('init')).toHaveLength(2);
    expect(await requestsTo('put')).toHaveLength(2);
  });

  it('falls back to the v1 multipart endpoint when init answers 503', async () => {
    await commands.mockControl('v2Unavailable', [true]);
    renderApp();
    await uploadAndExpectComplete('via-v1.pdf');
    expect(await requestsTo('v1')).toHaveLength(1);
    expect(await requestsTo('put')).toHaveLength(0);
  });
});
