import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { emulator, focused, recordRows, renderApp, row, screenshot, statusOf, threeFiles } from './app';

const NAMES = ['roof-south.png', 'utility-bill.pdf', 'site-survey-5mb.pdf'];
const WAIT = { timeout: 30_000 };

describe('upload flow in Chromium over real HTTP', () => {
  beforeEach(async () => {
    await commands.mockReset();
  });
  afterEach(async () => {
    await commands.throttleUploads(0);
    await commands.mockReleasePuts();
  });

  it('uploads an image, a PDF and a 5 MB file with real progress, shows them in the gallery, and archives one', async () => {
    renderApp({ grouped: false });
    const recorder = recordRows();
    await expect.element(page.getByText('No documents yet')).toBeVisible();

    // Real XHR progress over loopback is one or two events for 5 MB; a CDP upload throttle (2.5 MB/s) makes the
    // bytes take ~2 s, so the bar has to move in steps. Held PUT responses keep every file in `finalizing`.
    await commands.throttleUploads(2_500_000);
    await commands.mockStallPuts();

    // Keyboard: Tab to the drop zone's button, Enter opens the chooser; Playwright answers it with the files.
    await commands.armFileChooser(await threeFiles());
    await userEvent.tab();
    expect(focused()).toHaveTextContent('Choose files');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => NAMES.map((n) => row(n) !== null), WAIT).toEqual([true, true, true]);
    await expect.poll(() => statusOf('site-survey-5mb.pdf'), WAIT).toBe('uploading');
    await screenshot('1-uploading');

    // Bytes sent, responses held: 100 % is not "uploaded" yet.
    await expect.poll(() => NAMES.map(statusOf), WAIT).toEqual(['finalizing', 'finalizing', 'finalizing']);
    await screenshot('2-finalizing');
    await commands.mockReleasePuts();

    await expect.poll(() => NAMES.map(statusOf), WAIT).toEqual(['complete', 'complete', 'complete']);
    await screenshot('3-complete');
    recorder.stop();

    for (const name of NAMES) {
      // every file went through these states, in this order, and none other after uploading
      expect(recorder.statuses(name).slice(-4)).toEqual([
        'uploading',
        'finalizing',
        'processing',
        'complete',
      ]);
    }
    const big = recorder.progress('site-survey-5mb.pdf');
    const steps = big.filter((value) => value > 0 && value < 100);
    expect(steps.length, `aria-valuenow of the 5 MB file: ${big.join(', ')}`).toBeGreaterThan(1);
    expect([...big].sort((a, b) => a - b)).toEqual(big); // never goes back

    // The gallery lists all three; the image gets a server thumbnail (from the storage origin) once its variants
    // are ready.
    const tile = (name: string) => page.getByRole('button', { name, exact: true });
    for (const name of NAMES) await expect.element(tile(name), WAIT).toBeVisible();
    await expect
      .poll(() => tile('roof-south.png').element().querySelector('img')?.getAttribute('src') ?? '', WAIT)
      .toMatch(new RegExp(`^${emulator.storageUrl}/view/[^/]+/0/thumbnail\\?`));
    await expect
      .poll(() => tile('roof-south.png').element().querySelector('img')?.naturalWidth ?? 0, WAIT)
      .toBeGreaterThan(0);
    await screenshot('4-gallery');

    // Archive the PDF: it leaves the active list and shows under Archived.
    await userEvent.click(page.getByRole('button', { name: 'Archive utility-bill.pdf' }));
    await userEvent.click(page.getByRole('button', { name: 'Archive', exact: true }));
    await expect.element(tile('utility-bill.pdf')).not.toBeInTheDocument();
    await userEvent.click(page.getByRole('button', { name: 'Archived' }));
    await expect.element(tile('utility-bill.pdf'), WAIT).toBeVisible();
    await expect.element(tile('roof-south.png')).not.toBeInTheDocument();
    await screenshot('5-archived');
  });
});
