import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
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

/** A tile's image: decorative (alt=""), the tile button is named by the visible file name. */
const thumbnail = (name: string) => screen.getByRole('button', { name }).querySelector('img')!;

describe('ThumbnailGrid', () => {
  it('shows the thumbnail rendition of images, lazily, and an icon for other files', () => {
    const photo = makeDocument({ name: 'roof.jpg', contentType: 'image/jpeg', variants: true });
    const bill = makeDocument({ name: 'bill.pdf' });
    render(<ThumbnailGrid items={[itemOf(photo), itemOf(bill)]} />);
    const img = thumbnail('roof.jpg');
    expect(img.getAttribute('src')).toContain('/thumbnail?');
    expect(img).toHaveAttribute('loading', 'lazy');
    const billTile = screen.getByRole('button', { name: 'bill.pdf' });
    expect(billTile.querySelector('img')).toBeNull();
    expect(billTile.querySelector('.lrd-file-icon')).toHaveAttribute('data-ext', 'pdf');
  });

  it('falls back to the original while an image has no variants yet', () => {
    const photo = makeDocument({ name: 'roof.png', contentType: 'image/png' });
    render(<ThumbnailGrid items={[itemOf(photo)]} />);
    expect(thumbnail('roof.png').getAttribute('src')).toContain('/original?');
  });

  it('previews a just-uploaded image locally until server variants exist, then revokes it', () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:local-1');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const file = new File(['img'], 'roof.jpg', { type: 'image/jpeg' });
    const before = makeDocument({ id: 'd1', name: 'roof.jpg', contentType: 'image/jpeg' });
    const { rerender, unmount } = render(<ThumbnailGrid items={[itemOf(before, { file })]} />);
    expect(thumbnail('roof.jpg')).toHaveAttribute('src', 'blob:local-1');
    expect(create).toHaveBeenCalledTimes(1);
    const after = makeDocument({ id: 'd1', name: 'roof.jpg', contentType: 'image/jpeg', variants: true });
    rerender(<ThumbnailGrid items={[itemOf(after, { file })]} />);
    expect(thumbnail('roof.jpg').getAttribute('src')).toContain('/thumbnail?');
    expect(revoke).toHaveBeenCalledWith('blob:local-1');
    unmount();
    expect(create).toHaveBeenCalledTimes(1);
    expect(revoke).toHaveBeenCalledTimes(1);
  });

  it.each(['image/heic', 'image/heif', 'image/tiff'])(
    'shows a %s photo as its type icon, not a broken image, until the server has a rendition',
    (contentType) => {
      const create = vi.spyOn(URL, 'createObjectURL');
      const name = `roof.${contentType.slice(6)}`;
      const file = new File(['heic'], name, { type: contentType });
      const bare = makeDocument({ id: 'h1', name, contentType });
      const { rerender } = render(<ThumbnailGrid items={[itemOf(bare, { file })]} />);
      const tile = screen.getByRole('button', { name });
      expect(tile.querySelector('img')).toBeNull();
      expect(tile.querySelector('.lrd-file-icon')).not.toBeNull();
      // no local preview either: the browser could not decode it
      expect(create).not.toHaveBeenCalled();
      const ready = makeDocument({ id: 'h1', name, contentType, variants: true });
      rerender(<ThumbnailGrid items={[itemOf(ready, { file })]} />);
      expect(thumbnail(name).getAttribute('src')).toContain('/thumbnail?');
    },
  );

  it('reports an image error once per URL', () => {
    const onImageError = vi.fn();
    const photo = makeDocument({ name: 'a.jpg', contentType: 'image/jpeg', variants: true });
    const { rerender } = render(<ThumbnailGrid items={[itemOf(photo)]} onImageError={onImageError} />);
    const img = thumbnail('a.jpg');
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
    fireEvent.error(thumbnail('a.jpg'));
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

describe('ThumbnailGrid with many items', () => {
  const many = () => Array.from({ length: 7 }, (_, i) => makeDocument({ name: `doc-${i + 1}.pdf` }));
  const rendered = () =>
    screen.getAllByRole('listitem').filter((li) => li.querySelector('[data-lrd-tile]') !== null);

  it('renders the first batch, then more as the end nears the viewport', () => {
    let trigger: ((entries: { isIntersecting: boolean }[]) => void) | undefined;
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(callback: (entries: { isIntersecting: boolean }[]) => void) {
          trigger = callback;
        }
        observe() {}
        disconnect() {}
      },
    );
    render(<ThumbnailGrid items={many().map((d) => itemOf(d))} renderBatch={3} />);
    expect(rendered()).toHaveLength(3);
    expect(rendered()[0]).toHaveAttribute('aria-setsize', '7');
    expect(rendered()[2]).toHaveAttribute('aria-posinset', '3');
    act(() => trigger?.([{ isIntersecting: true }]));
    expect(rendered()).toHaveLength(6);
    act(() => trigger?.([{ isIntersecting: true }]));
    expect(rendered()).toHaveLength(7);
    vi.unstubAllGlobals();
  });

  it('renders up to a tile reached by keyboard and focuses it', async () => {
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        observe() {}
        disconnect() {}
      },
    );
    render(<ThumbnailGrid items={many().map((d) => itemOf(d))} renderBatch={3} />);
    await userEvent.tab();
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('button', { name: 'doc-7.pdf' })).toHaveFocus();
    vi.unstubAllGlobals();
  });

  it('renders everything where IntersectionObserver does not exist', () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    render(<ThumbnailGrid items={many().map((d) => itemOf(d))} renderBatch={3} />);
    expect(rendered()).toHaveLength(7);
    vi.unstubAllGlobals();
  });
});

describe('ThumbnailGrid render props', () => {
  it('renders meta and actions from renderMeta/renderActions, and item.meta/actions without them', () => {
    const doc = makeDocument({ name: 'a.pdf' });
    const items = [
      { id: 'a', name: 'a.pdf', contentType: 'application/pdf', document: doc, meta: 'old meta' },
    ];
    const { rerender } = render(<ThumbnailGrid items={items} />);
    expect(screen.getByText('old meta')).toBeInTheDocument();
    rerender(
      <ThumbnailGrid
        items={items}
        renderMeta={(item) => `meta of ${item.name}`}
        renderActions={(item) => <button type="button">Act on {item.name}</button>}
      />,
    );
    expect(screen.getByText('meta of a.pdf')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Act on a.pdf' })).toBeInTheDocument();
    expect(screen.queryByText('old meta')).toBeNull();
  });
});
