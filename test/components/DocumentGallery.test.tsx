import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DocumentGallery } from '../../src';
import { setup } from '../react/helpers';

const day = 86_400_000;
const seed = [
  {
    filename: 'bill-january.pdf',
    type: 'utilityBill',
    status: 'approved' as const,
    createdAt: Date.UTC(2026, 0, 5),
    bytes: 'x'.repeat(3000),
  },
  { filename: 'roof.png', type: 'roofPhoto', createdAt: Date.UTC(2026, 0, 5) + day },
  { filename: 'old-bill.pdf', type: 'utilityBill', archived: true, createdAt: Date.UTC(2025, 5, 1) },
];

const tiles = () =>
  screen.getAllByRole('listitem').map((li) => li.querySelector('.lrd-thumbnail__name')?.textContent);

describe('DocumentGallery', () => {
  it('shows each document with its thumbnail, type, status, size and date, newest first', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments(seed);
    render(<DocumentGallery locale="en-US" />, { wrapper });
    expect(screen.getByRole('status')).toHaveTextContent('Loading documents…');
    await waitFor(() => expect(tiles()).toEqual(['roof.png', 'bill-january.pdf']));
    const bill = screen.getByRole('button', { name: 'bill-january.pdf' }).closest('li')!;
    expect(within(bill).getByText('Approved')).toHaveAttribute('data-status', 'approved');
    expect(within(bill).getByText('Utility bill')).toBeInTheDocument();
    expect(within(bill).getByText('3.1 kB')).toBeInTheDocument();
    expect(within(bill).getByText('Jan 5, 2026')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'roof.png' }).querySelector('img')).toHaveAttribute(
        'src',
        expect.stringContaining('/thumbnail'),
      ),
    );
  });

  it('toggles the sort order and the archived list', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments(seed);
    render(<DocumentGallery />, { wrapper });
    await waitFor(() => expect(tiles()).toEqual(['roof.png', 'bill-january.pdf']));
    await userEvent.click(screen.getByRole('button', { name: 'Newest first' }));
    await waitFor(() => expect(tiles()).toEqual(['bill-january.pdf', 'roof.png']));
    const archived = screen.getByRole('button', { name: 'Archived' });
    await userEvent.click(archived);
    expect(archived).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(tiles()).toEqual(['old-bill.pdf']));
    expect(screen.queryByRole('button', { name: /^Archive old-bill/ })).toBeNull();
  });

  it('archives after confirmation, at once, and lists it under archived', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments(seed);
    render(<DocumentGallery />, { wrapper });
    await userEvent.click(await screen.findByRole('button', { name: 'Archive roof.png' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Archive roof.png' });
    expect(within(dialog).getByRole('button', { name: 'Keep' })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep' }));
    expect(tiles()).toContain('roof.png');
    await userEvent.click(screen.getByRole('button', { name: 'Archive roof.png' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(tiles()).toEqual(['bill-january.pdf']));
    await userEvent.click(screen.getByRole('button', { name: 'Archived' }));
    // ids are assigned in seeding order, and lists sort by id
    await waitFor(() => expect(tiles()).toEqual(['old-bill.pdf', 'roof.png']));
    expect([...mock.db.documents.values()].filter((d) => d.archived)).toHaveLength(2);
  });

  it('puts a document back and says so when archiving fails', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments(seed);
    mock.control.failEndpoint('archive', { status: 500 });
    render(<DocumentGallery />, { wrapper });
    await userEvent.click(await screen.findByRole('button', { name: 'Archive roof.png' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Archive' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('roof.png could not be archived.');
    await waitFor(() => expect(tiles()).toEqual(['roof.png', 'bill-january.pdf']));
  });

  it('shows empty and error states, and retries', async () => {
    const { mock, wrapper } = setup();
    mock.control.failEndpoint('list', { status: 500 });
    render(<DocumentGallery />, { wrapper });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The documents could not be loaded.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No documents yet')).toBeInTheDocument();
  });

  it('opens a preview from a tile and returns focus on Escape', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments(seed);
    render(<DocumentGallery />, { wrapper });
    const tile = await screen.findByRole('button', { name: 'roof.png' });
    await userEvent.click(tile);
    expect(screen.getByRole('dialog', { name: 'roof.png' })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(tile).toHaveFocus();
  });

  it('fetches a sensitive document through the proxy into a blob: URL and revokes it on unmount', async () => {
    const created: string[] = [];
    const revoked: string[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
      created.push(`blob:proxy-${created.length}`);
      return created.at(-1)!;
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
    const { mock, wrapper } = setup();
    await mock.seedDocuments([{ filename: 'license.png', type: 'governmentId' }]);
    const { unmount } = render(<DocumentGallery />, { wrapper });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'license.png' }).querySelector('img')).toHaveAttribute(
        'src',
        'blob:proxy-0',
      ),
    );
    unmount();
    expect(revoked).toEqual(created);
    create.mockRestore();
    revoke.mockRestore();
  });
});

describe('DocumentGallery: the viewer', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Object URLs made by the code under test, and which were revoked. */
  function spyObjectUrls() {
    const created: { url: string; blob: Blob }[] = [];
    const revoked: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      const url = `blob:test-${created.length}`;
      created.push({ url, blob: blob as Blob });
      return url;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
    return { created, revoked };
  }

  it('pages through every file of a grouped document from the API', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments([
      {
        type: 'roofPhoto',
        files: [{ filename: 'roof-1.png' }, { filename: 'roof-2.png' }, { filename: 'roof-3.pdf' }],
      },
    ]);
    render(<DocumentGallery />, { wrapper });
    await userEvent.click(await screen.findByRole('button', { name: 'roof-1.png' }));
    expect(screen.getByRole('group', { name: 'Files of this document' })).toHaveTextContent('File 1 of 3');
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'roof-1.png' }).getAttribute('src')).toContain('/0/preview'),
    );
    await userEvent.keyboard('{ArrowRight}');
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'roof-2.png' }).getAttribute('src')).toContain('/1/preview'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Next file' }));
    const dialog = screen.getByRole('dialog', { name: 'roof-3.pdf' });
    expect(dialog.querySelector('iframe')?.getAttribute('src')).toContain('/2/original');
    expect(within(dialog).getByText('File 3 of 3')).toBeInTheDocument();
  });

  it('shows a sensitive PDF inline from the proxy, fetched with the token, and revokes it on close', async () => {
    const { created, revoked } = spyObjectUrls();
    const { mock, wrapper, count } = setup();
    await mock.seedDocuments([
      { filename: 'passport.pdf', type: 'governmentId', bytes: '%PDF-1.4 passport' },
    ]);
    render(<DocumentGallery />, { wrapper });
    await userEvent.click(await screen.findByRole('button', { name: 'passport.pdf' }));
    const dialog = screen.getByRole('dialog', { name: 'passport.pdf' });
    await waitFor(() => expect(dialog.querySelector('iframe')).toHaveAttribute('src', 'blob:test-0'));
    expect(dialog.querySelector('iframe')).toHaveAttribute('title', 'passport.pdf (PDF)');
    expect(created[0]!.blob.type).toBe('application/pdf');
    expect(await created[0]!.blob.text()).toBe('%PDF-1.4 passport');
    expect(count('view')).toBe(1);
    await userEvent.keyboard('{Escape}');
    expect(revoked).toContain('blob:test-0');
  });

  it('downloads a sensitive document with the token under its original name', async () => {
    const { created, revoked } = spyObjectUrls();
    const clicks: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.getAttribute('href') ?? '', download: this.download });
    });
    const { mock, wrapper } = setup();
    await mock.seedDocuments([{ filename: 'license.png', type: 'governmentId', bytes: 'png bytes' }]);
    const { unmount } = render(<DocumentGallery />, { wrapper });
    await userEvent.click(await screen.findByRole('button', { name: 'license.png' }));
    const dialog = screen.getByRole('dialog', { name: 'license.png' });
    // no link to the proxy URL (it answers 401 without the token)
    expect(within(dialog).queryByRole('link')).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(clicks).toHaveLength(1));
    const saved = created.find((c) => c.url === clicks[0]!.href)!;
    expect(clicks[0]!.download).toBe('license.png');
    expect(await saved.blob.text()).toBe('png bytes');
    expect(within(dialog).getByRole('button', { name: 'Download' })).not.toHaveAttribute('aria-disabled');
    // the saved file's URL is revoked (after a while, or when the preview goes)
    unmount();
    expect(revoked).toEqual(expect.arrayContaining(created.map((c) => c.url)));
  });

  it('says so, without the URL, when a sensitive download fails', async () => {
    spyObjectUrls();
    const { mock, wrapper } = setup();
    await mock.seedDocuments([{ filename: 'id-card.pdf', type: 'governmentId' }]);
    render(<DocumentGallery />, { wrapper });
    await userEvent.click(await screen.findByRole('button', { name: 'id-card.pdf' }));
    const dialog = screen.getByRole('dialog', { name: 'id-card.pdf' });
    await waitFor(() => expect(dialog.querySelector('iframe')).not.toBeNull());
    mock.control.failEndpoint('view', { status: 500 });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Download' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'id-card.pdf could not be downloaded. Try again.',
    );
    expect(dialog.textContent).not.toContain('/api/');
  });

  it('shows a HEIC photo as its type icon until the server has renditions', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments([{ filename: 'roof.heic', type: 'roofPhoto', variants: false }]);
    render(<DocumentGallery />, { wrapper });
    const tile = await screen.findByRole('button', { name: 'roof.heic' });
    expect(tile.querySelector('img')).toBeNull();
    expect(tile.querySelector('.lrd-file-icon')).toHaveAttribute('data-ext', 'heic');
    await userEvent.click(tile);
    const dialog = screen.getByRole('dialog', { name: 'roof.heic' });
    expect(dialog.querySelector('img')).toBeNull();
    expect(dialog).toHaveTextContent('No preview available');
  });

  it('traps focus in the archive confirmation, keeps the document on Escape and gives focus back', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments(seed);
    render(<DocumentGallery />, { wrapper });
    const opener = await screen.findByRole('button', { name: 'Archive roof.png' });
    await userEvent.click(opener);
    const dialog = screen.getByRole('alertdialog', { name: 'Archive roof.png' });
    for (let i = 0; i < 5; i += 1) {
      await userEvent.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    for (let i = 0; i < 5; i += 1) {
      await userEvent.tab({ shift: true });
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(opener).toHaveFocus();
    expect(tiles()).toContain('roof.png');
  });

  it('after archiving, moves focus to the tile that took the archived one’s place', async () => {
    const { mock, wrapper } = setup();
    await mock.seedDocuments(seed);
    render(<DocumentGallery />, { wrapper });
    await userEvent.click(await screen.findByRole('button', { name: 'Archive roof.png' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'bill-january.pdf' })).toHaveFocus());
    await userEvent.click(screen.getByRole('button', { name: 'Archive bill-january.pdf' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Archive' }));
    // the last one: the gallery's heading
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Documents' })).toHaveFocus());
  });
});
