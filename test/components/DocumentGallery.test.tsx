import { describe, expect, it, vi } from 'vitest';
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
