/**
 * The form field in Chromium against the loopback emulator: local thumbnails while an image uploads (then the
 * server's), the camera `capture` attribute, and collect-then-upload (several choices, reordered from the keyboard,
 * one grouped document in list order).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { makeImage, makePdf } from '../../stories/emulator/files';
import { emulator, focused, renderApp, row, screenshot, statusOf, toChooserFile } from './app';

const WAIT = { timeout: 30_000 };

/** Presses Tab until the button named `name` has focus (at most `max` times); fails with where focus went. */
async function tabTo(name: string, { max = 20 } = {}) {
  const target = page.getByRole('button', { name, exact: true });
  const seen: string[] = [];
  for (let i = 0; i < max; i += 1) {
    await userEvent.keyboard('{Tab}');
    const element = focused();
    if (element !== null && element === target.query()) return element;
    seen.push(element?.getAttribute('aria-label') ?? element?.textContent?.slice(0, 30) ?? 'nothing');
  }
  throw new Error(`Tab never reached "${name}"; focus went: ${seen.join(' → ')}`);
}

/** Opens the native chooser from the keyboard (the drop zone's button is named "Documents" by the field's label). */
async function chooseWithKeyboard(files: File[]) {
  await commands.armFileChooser(await Promise.all(files.map(toChooserFile)));
  (document.activeElement as HTMLElement | null)?.blur();
  const button = await tabTo('Documents');
  expect(button).toHaveTextContent('Choose files');
  await userEvent.keyboard('{Enter}');
}

/** The names of the collected (not yet uploaded) files, in list order. */
const collectedNames = () =>
  Array.from(document.querySelectorAll('.lrd-collected .lrd-upload-item__name'), (e) => e.textContent);

/** Whether a canvas has any opaque pixel (the decoded image was drawn into it). */
function hasPaint(canvas: HTMLCanvasElement): boolean {
  if (canvas.width === 0 || canvas.height === 0) return false;
  const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
  if (data === undefined) return false;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
  return false;
}

describe('the form field in Chromium', () => {
  beforeEach(async () => {
    await commands.mockReset();
  });
  afterEach(async () => {
    await commands.mockReleasePuts();
  });

  it('shows a local thumbnail of a PNG while it uploads, then the server thumbnail once variants exist', async () => {
    renderApp({ type: 'sitePhoto' });
    // The bytes land but the PUT's response is held: the row stays short of `complete` for as long as we look.
    await commands.mockStallPuts();
    await chooseWithKeyboard([await makeImage('meter-box.png', { hue: 140 })]);
    await expect.poll(() => row('meter-box.png') !== null, WAIT).toBe(true);

    // Chromium's createImageBitmap resizes, so the local preview is a small canvas it draws into (README:
    // "decoded at that size by createImageBitmap where it can resize … else an <img> of an object URL").
    const local = () =>
      row('meter-box.png')?.querySelector<HTMLCanvasElement>('canvas.lrd-upload-item__thumb');
    await expect.poll(() => local()?.getAttribute('data-ready'), WAIT).toBe('true');
    expect(statusOf('meter-box.png')).not.toBe('complete');
    const canvas = local()!;
    expect(hasPaint(canvas)).toBe(true);
    // Downscaled, not the 640×480 original: at most twice the 32 px slot.
    expect(canvas.width).toBeGreaterThan(0);
    expect(canvas.width).toBeLessThanOrEqual(64);
    expect(canvas.getBoundingClientRect().width).toBeGreaterThan(0);
    await screenshot('field-local-thumbnail');

    await commands.mockReleasePuts();
    await expect.poll(() => statusOf('meter-box.png'), WAIT).toBe('complete');

    // Once the emulator made the variants, the row shows the server's thumbnail (signed, storage origin), loaded.
    const server = () => row('meter-box.png')?.querySelector<HTMLImageElement>('img.lrd-upload-item__thumb');
    await expect
      .poll(() => server()?.getAttribute('src') ?? '', WAIT)
      .toMatch(new RegExp(`^${emulator.storageUrl}/view/[^/]+/0/thumbnail\\?`));
    await expect.poll(() => server()?.naturalWidth ?? 0, WAIT).toBeGreaterThan(0);
    expect(local()).toBeNull();
    await screenshot('field-server-thumbnail');
  });

  it('gives the file input the capture attribute the prop names', () => {
    const { unmount } = renderApp({ type: 'sitePhoto', capture: 'environment' });
    const input = () => document.querySelector<HTMLInputElement>('.lrd-uploader input[type="file"]');
    expect(input()).not.toBeNull();
    expect(input()).toHaveAttribute('capture', 'environment');
    unmount();

    renderApp({ type: 'sitePhoto', capture: 'user' });
    expect(input()).toHaveAttribute('capture', 'user');
  });

  it('has no capture attribute without the prop', () => {
    renderApp({ type: 'sitePhoto' });
    const input = document.querySelector<HTMLInputElement>('.lrd-uploader input[type="file"]');
    expect(input).not.toBeNull();
    expect(input).not.toHaveAttribute('capture');
  });

  it('collects files over two choices, reorders them from the keyboard and uploads one document in that order', async () => {
    renderApp({ type: 'utilityBill', grouped: true, autoUpload: false });

    await chooseWithKeyboard([makePdf('page-a.pdf'), makePdf('page-b.pdf')]);
    await expect.poll(collectedNames, WAIT).toEqual(['page-a.pdf', 'page-b.pdf']);
    await chooseWithKeyboard([makePdf('page-c.pdf')]);
    await expect.poll(collectedNames, WAIT).toEqual(['page-a.pdf', 'page-b.pdf', 'page-c.pdf']);
    await expect.element(page.getByText('3 files to upload')).toBeVisible();
    // nothing is sent while they are collected
    expect((await commands.mockRequests()).filter((r) => r.endpoint === 'init')).toEqual([]);

    // c up twice (focus stays on its Move up button, so Enter again moves it again) → c, a, b. React moves the
    // row (the focused button leaves the DOM for a moment) and puts focus back in an effect: poll for it.
    await tabTo('Move page-c.pdf up');
    await userEvent.keyboard('{Enter}');
    await expect.poll(collectedNames).toEqual(['page-a.pdf', 'page-c.pdf', 'page-b.pdf']);
    await expect.poll(focused).toBe(page.getByRole('button', { name: 'Move page-c.pdf up' }).element());
    await userEvent.keyboard('{Enter}');
    await expect.poll(collectedNames).toEqual(['page-c.pdf', 'page-a.pdf', 'page-b.pdf']);
    // at the top its Move up is disabled: focus moved to its Move down
    await expect.poll(focused).toBe(page.getByRole('button', { name: 'Move page-c.pdf down' }).element());
    // then a down once → c, b, a
    await tabTo('Move page-a.pdf down');
    await userEvent.keyboard('{Enter}');
    await expect.poll(collectedNames).toEqual(['page-c.pdf', 'page-b.pdf', 'page-a.pdf']);
    await screenshot('field-collected');

    await tabTo('Upload 3 files');
    await userEvent.keyboard('{Enter}');
    for (const name of ['page-c.pdf', 'page-b.pdf', 'page-a.pdf']) {
      await expect.poll(() => statusOf(name), WAIT).toBe('complete');
    }
    expect(collectedNames()).toEqual([]);

    const documents = await commands.mockDocuments();
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      type: 'utilityBill',
      files: ['page-c.pdf', 'page-b.pdf', 'page-a.pdf'],
    });
    // one job: one init
    expect((await commands.mockRequests()).filter((r) => r.endpoint === 'init')).toHaveLength(1);
  });
});
