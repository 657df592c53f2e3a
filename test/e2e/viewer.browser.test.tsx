/**
 * The viewer in Chromium against the loopback emulator: PDFs inline in the gallery's preview (a signed URL, or a
 * token-fetched `blob:` URL for a sensitive document), and Download of a sensitive document saved under its
 * original name through Playwright's download event.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import { makePdf, seedFrom } from '../../stories/emulator/files';
import { decodeBase64 } from '../../stories/emulator/protocol';
import { emulator, renderApp, screenshot } from './app';

const WAIT = { timeout: 30_000 };

const tile = (name: string) => page.getByRole('button', { name, exact: true });
const frameOf = (name: string) =>
  document.querySelector<HTMLIFrameElement>(`iframe[title="${CSS.escape(`${name} (PDF)`)}"]`);

/** The path of a sensitive document's proxy URL for its first file's original (what Download fetches). */
const proxyPath = (id: string) =>
  `/api/v2/accounts/${encodeURIComponent(emulator.accountId)}/documents/${encodeURIComponent(id)}/files/0/original`;

async function openPreview(name: string) {
  await expect.element(tile(name), WAIT).toBeVisible();
  await userEvent.click(tile(name));
  await expect.element(page.getByRole('dialog', { name })).toBeVisible();
}

async function closePreview() {
  await userEvent.keyboard('{Escape}');
  await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
}

describe('the viewer in Chromium', () => {
  beforeEach(async () => {
    await commands.mockReset();
  });

  it('shows a PDF inline from its signed URL, and a sensitive PDF from a token-fetched blob: URL', async () => {
    const bill = makePdf('bill-october.pdf');
    const passport = makePdf('passport-scan.pdf');
    const [billId, passportId] = await commands.mockSeed([
      await seedFrom(bill, { type: 'utilityBill' }),
      await seedFrom(passport, { type: 'governmentId' }),
    ]);
    renderApp();

    await openPreview('bill-october.pdf');
    await expect
      .poll(() => frameOf('bill-october.pdf')?.getAttribute('src') ?? '', WAIT)
      .toMatch(new RegExp(`^${emulator.storageUrl}/view/${billId}/0/original\\?expires=\\d+&sig=`));
    await screenshot('viewer-pdf-signed');
    await closePreview();

    const before = (await commands.mockRequestsWithAuth()).filter((r) => r.path === proxyPath(passportId!));
    await openPreview('passport-scan.pdf');
    await expect.poll(() => frameOf('passport-scan.pdf')?.getAttribute('src') ?? '', WAIT).toMatch(/^blob:/);
    const src = frameOf('passport-scan.pdf')!.getAttribute('src')!;
    // the frame's blob holds the document's bytes, typed as a PDF
    const blob = await (await fetch(src)).blob();
    expect(blob.type).toBe('application/pdf');
    expect(await blob.text()).toBe(await passport.text());
    // fetched from the proxy with the token; the proxy URL itself never went into the frame (it would answer 401)
    const after = (await commands.mockRequestsWithAuth()).filter((r) => r.path === proxyPath(passportId!));
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.every((r) => r.authorization)).toBe(true);
    await screenshot('viewer-pdf-sensitive');
    await closePreview();
    // the blob: URL is revoked once the frame is gone
    await expect
      .poll(
        () =>
          fetch(src).then(
            () => 'readable',
            () => 'revoked',
          ),
        WAIT,
      )
      .toBe('revoked');
  });

  it('downloads a sensitive document under its original name, fetched with the token', async () => {
    const passport = makePdf('passport-scan.pdf', 'PASSPORT 123');
    const [id] = await commands.mockSeed([await seedFrom(passport, { type: 'governmentId' })]);
    renderApp();
    await openPreview('passport-scan.pdf');
    // the frame's own fetch is done first, so the requests counted below are the download's
    await expect.poll(() => frameOf('passport-scan.pdf')?.getAttribute('src') ?? '', WAIT).toMatch(/^blob:/);
    const seen = async () =>
      (await commands.mockRequestsWithAuth()).filter((r) => r.method === 'GET' && r.path === proxyPath(id!));
    const before = (await seen()).length;

    const download = page.getByRole('button', { name: 'Download', exact: true });
    await expect.element(download).toBeVisible();
    await commands.armDownload();
    await userEvent.click(download);
    const saved = await commands.takeDownload();

    expect(saved.suggestedFilename).toBe('passport-scan.pdf');
    expect(saved.protocol).toBe('blob:');
    expect(saved.size).toBe(passport.size);
    expect(new TextDecoder().decode(decodeBase64(saved.base64))).toBe(await passport.text());

    const requests = await seen();
    expect(requests.length).toBe(before + 1);
    expect(requests.every((r) => r.authorization)).toBe(true);
    await expect.element(download).toHaveTextContent('Download');
    expect(document.querySelector('.lrd-preview__error')).toBeNull();
  });
});
