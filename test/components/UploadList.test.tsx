import { afterEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NetworkError, type UploadProgress } from '../../src/core';
import { UploadList } from '../../src/components';
import { makeDocument, makeItem } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const counts = (over: Partial<UploadProgress['counts']> = {}): UploadProgress['counts'] => ({
  rejected: 0,
  collected: 0,
  queued: 0,
  waiting: 0,
  initializing: 0,
  uploading: 0,
  finalizing: 0,
  processing: 0,
  complete: 0,
  failed: 0,
  canceled: 0,
  ...over,
});

describe('UploadList', () => {
  it('shows name, size, status and a labelled progress bar per file', () => {
    const item = makeItem('uploading', {
      name: 'bill.pdf',
      size: 2_000_000,
      loaded: 500_000,
      total: 2_000_000,
    });
    render(<UploadList items={[item]} locale="en-US" />);
    const row = screen.getByText('bill.pdf').closest('li')!;
    expect(row).toHaveAttribute('data-status', 'uploading');
    expect(within(row).getByText('2 MB')).toBeInTheDocument();
    expect(within(row).getByText('Uploading · 25%')).toBeInTheDocument();
    const bar = within(row).getByRole('progressbar', { name: 'Upload progress of bill.pdf' });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
  });

  it('shows finalizing and processing as such, never a stuck 100 %', () => {
    render(
      <UploadList
        items={[
          makeItem('finalizing', { name: 'a.pdf', loaded: 10, total: 10 }),
          makeItem('processing', { name: 'b.pdf', loaded: 10, total: 10 }),
        ]}
      />,
    );
    for (const [name, status] of [
      ['a.pdf', 'Finalizing'],
      ['b.pdf', 'Processing'],
    ] as const) {
      const bar = screen.getByRole('progressbar', { name: `Upload progress of ${name}` });
      expect(bar).not.toHaveAttribute('aria-valuenow');
      expect(bar).toHaveAttribute('aria-valuetext', status);
      expect(bar).toHaveAttribute('data-indeterminate', 'true');
    }
  });

  it('says which failed file a stored file of a grouped document waits for', () => {
    render(
      <UploadList
        items={[
          makeItem('failed', { name: 'a.pdf', error: new NetworkError('Connection lost') }),
          makeItem('processing', { name: 'b.pdf', loaded: 10, total: 10, waitingFor: 'a.pdf' }),
        ]}
      />,
    );
    const row = screen.getByText('b.pdf').closest('li')!;
    expect(row).toHaveTextContent('Waiting for a.pdf');
    expect(screen.getByRole('progressbar', { name: 'Upload progress of b.pdf' })).toHaveAttribute(
      'aria-valuetext',
      'Waiting for a.pdf',
    );
  });

  it('ties the error text to its file and names actions after the file', async () => {
    const onRetry = vi.fn();
    const onRemove = vi.fn();
    const onCancel = vi.fn();
    const failed = makeItem('failed', { name: 'roof.jpg', error: new NetworkError('Connection lost') });
    const active = makeItem('uploading', { name: 'id.png' });
    render(<UploadList items={[failed, active]} onRetry={onRetry} onRemove={onRemove} onCancel={onCancel} />);
    const row = screen.getByText('roof.jpg').closest('li')!;
    expect(row).toHaveAccessibleDescription('Connection lost');
    await userEvent.click(screen.getByRole('button', { name: 'Retry roof.jpg' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove roof.jpg' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel id.png' }));
    expect(onRetry).toHaveBeenCalledWith(failed.id);
    expect(onRemove).toHaveBeenCalledWith(failed.id);
    expect(onCancel).toHaveBeenCalledWith(active.id);
    expect(screen.queryByRole('button', { name: 'Retry id.png' })).toBeNull();
  });

  it('lists the reasons of a rejected file', () => {
    const item = makeItem('rejected', {
      name: 'virus.exe',
      rejection: [{ code: 'invalid-extension', message: '.exe files are not accepted.' }],
    });
    render(<UploadList items={[item]} />);
    expect(screen.getByText('virus.exe').closest('li')).toHaveAccessibleDescription(
      '.exe files are not accepted.',
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('renders HTML-looking and unicode names as text', () => {
    const name = '<img src=x onerror=alert(1)>‮fdp.exe.pdf';
    const { container } = render(<UploadList items={[makeItem('queued', { name })]} />);
    expect(screen.getByText(name)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('summarises progress with speed and time left', () => {
    const progress: UploadProgress = {
      loaded: 5_000_000,
      total: 10_000_000,
      percent: 50,
      bytesPerSecond: 1_000_000,
      etaSeconds: 5,
      counts: counts({ uploading: 1, complete: 1 }),
    };
    render(
      <UploadList items={[makeItem('uploading'), makeItem('complete')]} progress={progress} locale="en-US" />,
    );
    expect(screen.getByRole('progressbar', { name: '1 of 2 files uploaded' })).toHaveAttribute(
      'aria-valuenow',
      '50',
    );
    expect(screen.getByText('1 MB/s')).toBeInTheDocument();
    expect(screen.getByText('5 sec')).toBeInTheDocument();
  });

  it('re-renders only the rows whose item changed', () => {
    const a = makeItem('uploading', { name: 'a.pdf' });
    const b = makeItem('uploading', { name: 'b.pdf' });
    const { rerender } = render(<UploadList items={[a, b]} onRetry={() => undefined} />);
    const rowB = screen.getByText('b.pdf').closest('li')!;
    const before = rowB.innerHTML;
    rerender(<UploadList items={[{ ...a, loaded: a.total / 2 }, b]} onRetry={() => undefined} />);
    expect(screen.getByText('a.pdf').closest('li')!.textContent).toContain('50%');
    expect(screen.getByText('b.pdf').closest('li')).toBe(rowB);
    expect(rowB.innerHTML).toBe(before);
  });

  it('is compact: a finished, failed or queued row has no bar, and actions are icon buttons with names', () => {
    render(
      <UploadList
        items={[
          makeItem('complete', { name: 'done.pdf' }),
          makeItem('failed', { name: 'bad.pdf', error: new NetworkError('Connection lost') }),
          makeItem('queued', { name: 'next.pdf' }),
          makeItem('uploading', { name: 'now.pdf' }),
        ]}
        onRetry={() => undefined}
        onRemove={() => undefined}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getAllByRole('progressbar').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Upload progress of now.pdf',
    ]);
    const retry = screen.getByRole('button', { name: 'Retry bad.pdf' });
    expect(retry).toHaveAttribute('title', 'Retry');
    expect(retry.querySelector('svg')).toHaveAttribute('aria-hidden', 'true');
  });

  it('shows a local thumbnail of an image (object URL revoked on removal), the type icon for HEIC', () => {
    vi.stubGlobal('createImageBitmap', undefined);
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const photo = makeItem('uploading', {
      name: 'roof.jpg',
      file: new File(['jpg'], 'roof.jpg', { type: 'image/jpeg' }),
    });
    const heic = makeItem('uploading', {
      name: 'roof.heic',
      file: new File(['heic'], 'roof.heic', { type: 'image/heic' }),
    });
    const { rerender } = render(<UploadList items={[photo, heic]} />);
    const img = screen.getByText('roof.jpg').closest('li')!.querySelector('img')!;
    expect(img.getAttribute('src')).toMatch(/^blob:/);
    expect(img).toHaveAttribute('alt', '');
    const heicRow = screen.getByText('roof.heic').closest('li')!;
    expect(heicRow.querySelector('img, canvas')).toBeNull();
    expect(heicRow.querySelector('.lrd-file-icon')).not.toBeNull();
    const url = img.getAttribute('src');
    rerender(<UploadList items={[heic]} />);
    expect(revoke).toHaveBeenCalledWith(url);
  });

  it('draws the local thumbnail from a downscaled bitmap where the browser can resize', async () => {
    const close = vi.fn();
    const bitmap = vi.fn(() => Promise.resolve({ width: 32, height: 24, close } as unknown as ImageBitmap));
    vi.stubGlobal('createImageBitmap', bitmap);
    const file = new File(['png'], 'plan.png', { type: 'image/png' });
    const { unmount } = render(<UploadList items={[makeItem('uploading', { name: 'plan.png', file })]} />);
    expect(screen.getByText('plan.png').closest('li')!.querySelector('canvas')).not.toBeNull();
    await vi.waitFor(() => expect(bitmap).toHaveBeenCalledTimes(1));
    expect(bitmap).toHaveBeenCalledWith(file, expect.objectContaining({ resizeWidth: expect.any(Number) }));
    await Promise.resolve();
    unmount();
    await vi.waitFor(() => expect(close).toHaveBeenCalled());
  });

  it('swaps in the server thumbnail once the variants exist', () => {
    vi.stubGlobal('createImageBitmap', undefined);
    const doc = makeDocument({ name: 'roof.jpg', contentType: 'image/jpeg', variants: true });
    const item = makeItem('complete', {
      name: 'roof.jpg',
      file: new File(['jpg'], 'roof.jpg', { type: 'image/jpeg' }),
      documentIds: [doc.id],
    });
    const { rerender } = render(<UploadList items={[item]} />);
    expect(screen.getByText('roof.jpg').closest('li')!.querySelector('img')!.getAttribute('src')).toMatch(
      /^blob:/,
    );
    rerender(<UploadList items={[item]} documents={[doc]} />);
    expect(screen.getByText('roof.jpg').closest('li')!.querySelector('img')!.getAttribute('src')).toMatch(
      /\/thumbnail\?sig=/,
    );
  });

  it('renders a long list in batches, the rest on scroll or from a button', async () => {
    const items = Array.from({ length: 1_000 }, (_, i) => makeItem('queued', { name: `f-${i}.pdf` }));
    render(<UploadList items={items} renderBatch={40} onCancel={() => undefined} />);
    expect(document.querySelectorAll('.lrd-upload-item')).toHaveLength(40);
    await userEvent.click(screen.getByRole('button', { name: 'Show 960 more files' }));
    expect(document.querySelectorAll('.lrd-upload-item')).toHaveLength(80);
  });

  it('after Remove moves focus to the next row, and out of the list after the last', async () => {
    const a = makeItem('complete', { name: 'a.pdf' });
    const b = makeItem('complete', { name: 'b.pdf' });
    const onFocusLeave = vi.fn();
    function Harness() {
      const [items, setItems] = useState([a, b]);
      return (
        <UploadList
          items={items}
          onRemove={(id) => {
            setItems((all) => all.filter((i) => i.id !== id));
          }}
          onFocusLeave={onFocusLeave}
        />
      );
    }
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove a.pdf' }));
    expect(screen.getByRole('button', { name: 'Remove b.pdf' })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Remove b.pdf' }));
    expect(onFocusLeave).toHaveBeenCalledTimes(1);
  });
});
