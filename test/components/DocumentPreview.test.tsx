import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DocumentPreview, type ThumbnailGridItem } from '../../src/components';
import { makeDocument } from './fixtures';

const items: ThumbnailGridItem[] = [
  makeDocument({ name: 'front.jpg', contentType: 'image/jpeg', variants: true }),
  makeDocument({ name: 'bill.pdf' }),
].map((document) => ({
  id: document.id,
  name: document.files[0]!.originalName,
  contentType: document.files[0]!.contentType,
  document,
}));

function Harness({ onClose }: { onClose?: () => void }) {
  const [index, setIndex] = useState<number | undefined>(undefined);
  return (
    <>
      <button type="button" onClick={() => setIndex(0)}>
        open
      </button>
      {index === undefined ? null : (
        <DocumentPreview
          items={items}
          index={index}
          onIndexChange={setIndex}
          onClose={() => {
            setIndex(undefined);
            onClose?.();
          }}
        />
      )}
    </>
  );
}

describe('DocumentPreview', () => {
  it('shows the preview rendition in a labelled modal dialog', async () => {
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'open' }));
    const dialog = screen.getByRole('dialog', { name: 'front.jpg' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(screen.getByRole('img', { name: 'front.jpg' }).getAttribute('src')).toContain('/preview?');
    expect(screen.getByText('1 of 2')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download' }).getAttribute('href')).toContain('/original?');
  });

  it('pages with buttons and arrow keys', async () => {
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'open' }));
    expect(screen.getByRole('button', { name: 'Previous' })).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('dialog', { name: 'bill.pdf' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByRole('dialog', { name: 'bill.pdf' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(screen.getByRole('dialog', { name: 'front.jpg' })).toBeInTheDocument();
  });

  it('traps focus, closes on Escape and gives focus back', async () => {
    const onClose = vi.fn();
    render(<Harness onClose={onClose} />);
    const opener = screen.getByRole('button', { name: 'open' });
    await userEvent.click(opener);
    expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus();
    for (let i = 0; i < 6; i += 1) await userEvent.tab();
    expect(screen.getByRole('dialog').contains(document.activeElement)).toBe(true);
    await userEvent.tab({ shift: true });
    expect(screen.getByRole('dialog').contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
  });
});
