import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ThumbnailGrid, type ThumbnailGridItem } from '../../src/components';
import { makeDocument } from './fixtures';

const itemOf = (
  document: ReturnType<typeof makeDocument>,
  extra: Partial<ThumbnailGridItem> = {},
): ThumbnailGridItem => ({
  id: document.id,
  name: document.files[0]!.originalName,
  contentType: document.files[0]!.contentType,
  document,
  ...extra,
});

afterEach(() => vi.restoreAllMocks());

describe('ThumbnailGrid', () => {
  it('shows the thumbnail rendition of images, lazily, and an icon for other files', () => {
    const photo = makeDocument({ name: 'roof.jpg', contentType: 'image/jpeg', variants: true });
    const bill = makeDocument({ name: 'bill.pdf' });
    render(<ThumbnailGrid items={[itemOf(photo), itemOf(bill)]} />);
    const img = screen.getByRole('img', { name: 'roof.jpg' });
    expect(img.getAttribute('src')).toContain('/thumbnail?');
    expect(img).toHaveAttribute('loading', 'lazy');
    const billTile = screen.getByRole('button', { name: 'bill.pdf' });
    expect(billTile.querySelector('img')).toBeNull();
    expect(billTile.querySelector('.lrd-file-icon')).toHaveAttribute('data-ext', 'pdf');
  });

  it('falls back to the original while an image has no variants yet', () => {
    const photo = makeDocument({ name: 'roof.png', contentType: 'image/png' });
    render(<ThumbnailGrid items={[itemOf(photo)]} />);
    expect(screen.getByRole('img', { name: 'roof.png' }).getAttribute('src')).toContain('/original?');
  });

  it('previews a just-uploaded image locally until server variants exist, then revokes it', () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:local-1');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const file = new File(['img'], 'roof.jpg', { type: 'image/jpeg' });
    const before = makeDocument({ id: 'd1', name: 'roof.jpg', contentType: 'image/jpeg' });
    const { rerender, unmount } = render(<ThumbnailGrid items={[itemOf(before, { file })]} />);
    expect(screen.getByRole('img', { name: 'roof.jpg' })).toHaveAttribute('src', 'blob:local-1');
    expect(create).toHaveBeenCalledTimes(1);
    const after = makeDocument({ id: 'd1', name: 'roof.jpg', contentType: 'image/jpeg', variants: true });
    rerender(<ThumbnailGrid items={[itemOf(after, { file })]} />);
    expect(screen.getByRole('img', { name: 'roof.jpg' }).getAttribute('src')).toContain('/thumbnail?');
    expect(revoke).toHaveBeenCalledWith('blob:local-1');
    unmount();
    expect(create).toHaveBeenCalledTimes(1);
    expect(revoke).toHaveBeenCalledTimes(1);
  });

  it('reports an image error once per URL', () => {
    const onImageError = vi.fn();
    const photo = makeDocument({ name: 'a.jpg', contentType: 'image/jpeg', variants: true });
    const { rerender } = render(<ThumbnailGrid items={[itemOf(photo)]} onImageError={onImageError} />);
    const img = screen.getByRole('img', { name: 'a.jpg' });
    fireEvent.error(img);
    fireEvent.error(img);
    expect(onImageError).toHaveBeenCalledTimes(1);
    const refreshed = makeDocument({
      id: photo.id,
      name: 'a.jpg',
      contentType: 'image/jpeg',
      variants: true,
    });
    rerender(<ThumbnailGrid items={[itemOf(refreshed)]} onImageError={onImageError} />);
    fireEvent.error(screen.getByRole('img', { name: 'a.jpg' }));
    expect(onImageError).toHaveBeenCalledTimes(2);
  });

  it('is one tab stop with arrow-key navigation and opens a tile with Enter', async () => {
    const onOpen = vi.fn();
    const docs = [
      makeDocument({ name: 'one.pdf' }),
      makeDocument({ name: 'two.pdf' }),
      makeDocument({ name: 'three.pdf' }),
    ];
    render(
      <>
        <ThumbnailGrid items={docs.map((d) => itemOf(d))} onOpen={onOpen} />
        <button type="button">after</button>
      </>,
    );
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'one.pdf' })).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('button', { name: 'two.pdf' })).toHaveFocus();
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('button', { name: 'three.pdf' })).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}{Enter}');
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ name: 'two.pdf' }), 1);
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'after' })).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(screen.getByRole('button', { name: 'two.pdf' })).toHaveFocus();
  });
});
