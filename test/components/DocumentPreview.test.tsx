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

/** A stored document with several files (a grouped document), as the API returns it. */
function grouped(names: readonly [string, string][]): ThumbnailGridItem {
  const base = makeDocument({ name: names[0]![0], contentType: names[0]![1], variants: true });
  const files = names.map(([name, contentType], index) => ({
    ...base.files[0]!,
    originalName: name,
    contentType,
    viewUrls: base.files[0]!.viewUrls.map((v) => ({ ...v, url: v.url.replace('/view/', `/view/${index}/`) })),
  }));
  const document = { ...base, files };
  return { id: document.id, name: names[0]![0], contentType: names[0]![1], document };
}

function Pager({ list, start = 0 }: { list: ThumbnailGridItem[]; start?: number }) {
  const [index, setIndex] = useState(start);
  return <DocumentPreview items={list} index={index} onIndexChange={setIndex} onClose={() => undefined} />;
}

describe('DocumentPreview: files of every kind', () => {
  it('shows a PDF inline in a titled frame of its signed original, with a Download link', async () => {
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'open' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    const dialog = screen.getByRole('dialog', { name: 'bill.pdf' });
    const frame = dialog.querySelector('iframe')!;
    expect(frame).toHaveAttribute('title', 'bill.pdf (PDF)');
    expect(frame.getAttribute('src')).toContain('/original?');
    expect(dialog.querySelector('img')).toBeNull();
    expect(screen.getByRole('link', { name: 'Download' }).getAttribute('href')).toContain('/original?');
  });

  it('pages through every file of a grouped document with buttons, and walks files then documents by arrow key', async () => {
    const scan = grouped([
      ['page-1.jpg', 'image/jpeg'],
      ['page-2.jpg', 'image/jpeg'],
      ['page-3.pdf', 'application/pdf'],
    ]);
    const single = makeDocument({ name: 'meter.jpg', contentType: 'image/jpeg', variants: true });
    const list = [scan, { id: single.id, name: 'meter.jpg', contentType: 'image/jpeg', document: single }];
    render(<Pager list={list} />);
    const files = screen.getByRole('group', { name: 'Files of this document' });
    expect(files).toHaveTextContent('File 1 of 3');
    expect(screen.getByText('1 of 2')).toBeInTheDocument();
    const previousFile = screen.getByRole('button', { name: 'Previous file' });
    expect(previousFile).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'Next file' }));
    expect(screen.getByRole('dialog', { name: 'page-2.jpg' })).toBeInTheDocument();
    expect(files).toHaveTextContent('File 2 of 3');
    expect(screen.getByRole('img', { name: 'page-2.jpg' }).getAttribute('src')).toContain('/view/1/');
    await userEvent.click(screen.getByRole('button', { name: 'Next file' }));
    expect(screen.getByRole('dialog', { name: 'page-3.pdf' }).querySelector('iframe')).not.toBeNull();
    expect(screen.getByRole('button', { name: 'Next file' })).toHaveAttribute('aria-disabled', 'true');
    // the arrow keys go on to the next document, and back to the last file of this one
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('dialog', { name: 'meter.jpg' })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Files of this document' })).toBeNull();
    await userEvent.keyboard('{ArrowLeft}');
    expect(screen.getByRole('dialog', { name: 'page-3.pdf' })).toBeInTheDocument();
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(screen.getByRole('dialog', { name: 'page-1.jpg' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    // Previous/Next go document by document and start at the first file
    expect(screen.getByRole('dialog', { name: 'page-1.jpg' })).toBeInTheDocument();
  });

  it('shows a HEIC photo as its type icon until a rendition exists, then the rendition', () => {
    const bare = makeDocument({ name: 'roof.heic', contentType: 'image/heic' });
    const item = { id: bare.id, name: 'roof.heic', contentType: 'image/heic', document: bare };
    const { rerender } = render(<Pager list={[item]} />);
    const dialog = screen.getByRole('dialog', { name: 'roof.heic' });
    expect(dialog.querySelector('img')).toBeNull();
    expect(dialog.querySelector('.lrd-file-icon')).not.toBeNull();
    expect(dialog).toHaveTextContent('No preview available');
    const ready = makeDocument({ id: bare.id, name: 'roof.heic', contentType: 'image/heic', variants: true });
    rerender(<Pager list={[{ ...item, document: ready }]} />);
    expect(screen.getByRole('img', { name: 'roof.heic' }).getAttribute('src')).toContain('/preview?');
  });

  // (happy-dom and user-event skip frames as tab stops; the storybook project checks the frame in Chromium)
  it('traps Tab and Shift+Tab among the file controls of a PDF document', async () => {
    const scan = grouped([
      ['a.pdf', 'application/pdf'],
      ['b.pdf', 'application/pdf'],
    ]);
    render(<Pager list={[scan]} />);
    const dialog = screen.getByRole('dialog');
    const seen = new Set<Element | null>();
    for (let i = 0; i < 10; i += 1) {
      await userEvent.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
      seen.add(document.activeElement);
    }
    expect(seen).toContain(screen.getByRole('button', { name: 'Next file' }));
    for (let i = 0; i < 10; i += 1) {
      await userEvent.tab({ shift: true });
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
  });

  it('shows no Download and an icon for a protected file when it has no way to fetch it', () => {
    const document = makeDocument({ name: 'id.pdf' });
    const file = document.files[0]!;
    const sensitive = {
      ...document,
      files: [
        { ...file, viewUrls: [{ type: 'original' as const, url: 'https://api.test/proxy/0/original' }] },
      ],
    };
    render(
      <Pager
        list={[{ id: document.id, name: 'id.pdf', contentType: file.contentType, document: sensitive }]}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'id.pdf' });
    expect(dialog.querySelector('iframe')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Download' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
  });

  it('shows a busy Download while onDownload works, and a message without the URL when it fails', async () => {
    let fail: (error: Error) => void = () => undefined;
    const onDownload = vi.fn(
      () =>
        new Promise<void>((_resolve, reject) => {
          fail = reject;
        }),
    );
    function WithDownload() {
      return (
        <DocumentPreview
          items={items}
          index={1}
          onIndexChange={() => undefined}
          onClose={() => undefined}
          onDownload={onDownload}
        />
      );
    }
    render(<WithDownload />);
    const button = screen.getByRole('button', { name: 'Download' });
    await userEvent.click(button);
    expect(onDownload).toHaveBeenCalledWith(items[1], 0);
    expect(button).toHaveTextContent('Downloading…');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(button);
    expect(onDownload).toHaveBeenCalledTimes(1);
    fail(new Error('GET https://storage.test/view/x?sig=abc failed'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'bill.pdf could not be downloaded. Try again.',
    );
    expect(screen.getByRole('dialog')).not.toHaveTextContent('storage.test');
  });
});

describe('DocumentPreview: protected images', () => {
  const protectedPhoto = (): ThumbnailGridItem => {
    const document = makeDocument({ name: 'license.jpg', contentType: 'image/jpeg', variants: true });
    const file = document.files[0]!;
    const viewUrls = file.viewUrls.map((v) => ({ type: v.type, url: `https://api.test/proxy/0/${v.type}` }));
    return {
      id: document.id,
      name: 'license.jpg',
      contentType: 'image/jpeg',
      document: { ...document, files: [{ ...file, viewUrls }] },
    };
  };

  it('fetches a protected image with fetchFile into a blob: URL, revoked on close', async () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:license');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const fetchFile = vi.fn(() => Promise.resolve(new Blob(['jpeg'], { type: 'image/jpeg' })));
    const { unmount } = render(
      <DocumentPreview
        items={[protectedPhoto()]}
        index={0}
        onIndexChange={() => undefined}
        onClose={() => undefined}
        fetchFile={fetchFile}
      />,
    );
    expect(await screen.findByRole('img', { name: 'license.jpg' })).toHaveAttribute('src', 'blob:license');
    expect(fetchFile).toHaveBeenCalledWith('https://api.test/proxy/0/preview', expect.anything());
    unmount();
    expect(revoke).toHaveBeenCalledWith('blob:license');
    create.mockRestore();
    revoke.mockRestore();
  });

  it('shows the icon, never an <img> of the proxy URL, without fetchFile', () => {
    render(
      <DocumentPreview
        items={[protectedPhoto()]}
        index={0}
        onIndexChange={() => undefined}
        onClose={() => undefined}
      />,
    );
    expect(screen.getByRole('dialog').querySelector('img')).toBeNull();
    expect(screen.getByRole('dialog')).toHaveTextContent('No preview available');
  });
});
