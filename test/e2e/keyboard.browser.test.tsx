import { beforeEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { makeImage, makePdf } from '../../stories/emulator/files';
import { focused, renderApp, screenshot, statusOf, toChooserFile } from './app';

const WAIT = { timeout: 30_000 };

/** Presses Tab until the button named `name` has focus (at most `max` times); fails with where focus went. */
async function tabTo(name: string, { max = 15 } = {}) {
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

/**
 * Opens the chooser from the keyboard: Tab to the drop zone's "Choose files" button (named "Documents" by the
 * field's <label>), Enter; Playwright answers the chooser with `files`.
 */
async function chooseWithKeyboard(files: File[]) {
  await commands.armFileChooser(await Promise.all(files.map(toChooserFile)));
  const button = await tabTo('Documents');
  expect(button).toHaveTextContent('Choose files');
  await userEvent.keyboard('{Enter}');
}

describe('keyboard only', () => {
  beforeEach(async () => {
    await commands.mockReset();
  });

  it('chooses files with Enter, then retries a failed file and cancels a running one from the keyboard', async () => {
    await commands.mockControl('failNextPuts', [100, { status: 500 }]);
    renderApp({
      type: 'utilityBill',
      engineOptions: { retry: { attempts: 2, baseDelayMs: 20, maxDelayMs: 50 } },
    });

    await chooseWithKeyboard([makePdf('keyboard-bill.pdf')]);
    await expect.poll(() => statusOf('keyboard-bill.pdf'), WAIT).toBe('failed');
    await screenshot('keyboard-failed');

    // Retry from the keyboard, with the server healthy again.
    await commands.mockControl('failNextPuts', [0]);
    await tabTo('Retry keyboard-bill.pdf');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => statusOf('keyboard-bill.pdf'), WAIT).toBe('complete');

    // A second file held at the server: Tab to its Cancel button and press Enter.
    await commands.mockStallPuts();
    (document.activeElement as HTMLElement | null)?.blur();
    await chooseWithKeyboard([makePdf('keyboard-cancel.pdf')]);
    await expect.poll(() => statusOf('keyboard-cancel.pdf'), WAIT).toMatch(/uploading|finalizing/);
    await tabTo('Cancel keyboard-cancel.pdf');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => statusOf('keyboard-cancel.pdf'), WAIT).toBe('canceled');
    await commands.mockReleasePuts();
  });

  it('opens a preview from the gallery, arrows between items, and Escape returns focus to the tile', async () => {
    renderApp({ type: 'roofPhoto', grouped: false });
    await chooseWithKeyboard([
      await makeImage('north.png', { hue: 200 }),
      await makeImage('south.png', { hue: 20 }),
      makePdf('survey.pdf'),
    ]);
    const tile = (name: string) => page.getByRole('button', { name, exact: true });
    for (const name of ['north.png', 'south.png', 'survey.pdf']) {
      await expect.element(tile(name), WAIT).toBeVisible();
    }

    // The grid is one tab stop; arrows move between tiles (newest first: survey.pdf, south.png, north.png).
    const first = await tabTo('survey.pdf');
    expect(first).toHaveAttribute('data-lrd-tile');
    await userEvent.keyboard('{ArrowRight}');
    expect(focused()).toBe(tile('south.png').element());
    await userEvent.keyboard('{ArrowLeft}');
    expect(focused()).toBe(tile('survey.pdf').element());
    await userEvent.keyboard('{ArrowRight}');

    // Enter opens the preview on that item; arrows page through; Escape closes and gives focus back.
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('dialog', { name: 'south.png' })).toBeVisible();
    expect(page.getByRole('dialog').element().contains(focused())).toBe(true);
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(page.getByRole('dialog', { name: 'north.png' })).toBeVisible();
    await screenshot('keyboard-preview');
    await userEvent.keyboard('{ArrowLeft}');
    await expect.element(page.getByRole('dialog', { name: 'south.png' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
    expect(focused()).toBe(tile('south.png').element());
  });
});
