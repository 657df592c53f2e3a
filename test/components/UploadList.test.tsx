import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NetworkError, type UploadProgress } from '../../src/core';
import { UploadList } from '../../src/components';
import { makeItem } from './fixtures';

const counts = (over: Partial<UploadProgress['counts']> = {}): UploadProgress['counts'] => ({
  rejected: 0,
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
});
