/**
 * The components never render a `javascript:` or `data:` URL (docs/SECURITY.md): a document may reach them from
 * anywhere (put in the cache by hand, built by the app), not only from the client, which checks URLs itself.
 */
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DocumentGallery } from '../../src';
import {
  DocumentPreview,
  ThumbnailGrid,
  ThumbnailImage,
  isImageFile,
  pickViewUrl,
  type ThumbnailGridItem,
} from '../../src/components';
import type { Document, ViewUrl } from '../../src/core';
import { documentKeys } from '../../src/react';
import { setup } from '../react/helpers';
import { makeDocument } from './fixtures';
import { defaultLabels } from '../../src/react/labels';

const HOSTILE = [
  'javascript:alert(document.domain)',
  ' javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'data:text/html;base64,PHNjcmlwdD4=',
  'vbscript:msgbox(1)',
  '//evil.example/x.png',
];

/** A photo whose renditions all carry `url`, except those given in `keep`. */
function photo(url: string, keep: Partial<Record<ViewUrl['type'], string>> = {}): Document {
  const document = makeDocument({ name: 'roof.jpg', contentType: 'image/jpeg', variants: true });
  const file = document.files[0]!;
  return {
    ...document,
    files: [{ ...file, viewUrls: file.viewUrls.map((v) => ({ ...v, url: keep[v.type] ?? url })) }],
  };
}

const itemOf = (document: Document): ThumbnailGridItem => ({
  id: document.id,
  name: document.files[0]!.originalName,
  contentType: document.files[0]!.contentType,
  document,
});

/** Every URL the rendered DOM would load or navigate to. */
const urls = (root: ParentNode = document) =>
  [...root.querySelectorAll('[src], [href]')].map((el) => el.getAttribute('src') ?? el.getAttribute('href'));

describe('pickViewUrl', () => {
  it.each(HOSTILE)('never picks %s, and falls back to the next rendition', (url) => {
    const file = photo(url, { original: 'https://storage.test/o?sig=1' }).files[0];
    expect(pickViewUrl(file, 'thumbnail')?.url).toBe('https://storage.test/o?sig=1');
    expect(pickViewUrl(photo(url).files[0], 'thumbnail')).toBeUndefined();
    expect(pickViewUrl(photo(url).files[0], 'original')).toBeUndefined();
  });
});

describe('isImageFile and pickViewUrl: what the browser can show', () => {
  it.each([
    ['image/jpeg', true],
    ['IMAGE/PNG; charset=binary', true],
    ['image/webp', true],
    ['image/avif', true],
    ['image/heic', false],
    ['image/heif', false],
    ['image/tiff', false],
    ['application/pdf', false],
    [undefined, false],
  ])('isImageFile(%s) is %s', (contentType, expected) => {
    expect(isImageFile(contentType)).toBe(expected);
  });

  it('picks a HEIC photo’s renditions, never its original', () => {
    const bare = makeDocument({ name: 'roof.heic', contentType: 'image/heic' }).files[0];
    expect(pickViewUrl(bare, 'thumbnail')).toBeUndefined();
    expect(pickViewUrl(bare, 'preview')).toBeUndefined();
    expect(pickViewUrl(bare, 'original')?.type).toBe('original');
    const ready = makeDocument({ name: 'roof.heic', contentType: 'image/heic', variants: true }).files[0];
    expect(pickViewUrl(ready, 'thumbnail')?.type).toBe('thumbnail');
    expect(pickViewUrl(ready, 'preview')?.type).toBe('preview');
  });
});

describe('components with a document holding hostile URLs', () => {
  it.each(HOSTILE)('ThumbnailGrid renders no img for %s', (url) => {
    render(<ThumbnailGrid items={[itemOf(photo(url))]} />);
    expect(urls()).toEqual([]);
  });

  it.each(HOSTILE)('ThumbnailImage ignores a src of %s (a blob: src is fine)', (url) => {
    const item = itemOf(photo('https://storage.test/t?sig=1'));
    const labels = defaultLabels;
    const { unmount } = render(<ThumbnailImage item={item} slot="thumbnail" labels={labels} src={url} />);
    expect(urls()).toEqual(['https://storage.test/t?sig=1']);
    unmount();
    render(<ThumbnailImage item={item} slot="thumbnail" labels={labels} src="blob:http://localhost/0b4c" />);
    expect(urls()).toEqual(['blob:http://localhost/0b4c']);
  });

  it.each(HOSTILE)('DocumentPreview has no download link and no image for %s', (url) => {
    render(
      <DocumentPreview
        items={[itemOf(photo(url))]}
        index={0}
        onIndexChange={() => undefined}
        onClose={() => undefined}
      />,
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(urls()).toEqual([]);
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('DocumentGallery renders none of a document put in the cache by hand', async () => {
    const { mock, wrapper, queryClient } = setup();
    const hostile = photo('javascript:alert(document.cookie)');
    queryClient.setQueryData(documentKeys.list(mock, { archived: false, sort: 'ID_DESC' }), [hostile]);
    render(<DocumentGallery />, { wrapper });
    await waitFor(() => expect(screen.getByRole('button', { name: 'roof.jpg' })).toBeInTheDocument());
    expect(urls().filter((u) => !/^https?:\/\//.test(u ?? ''))).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'roof.jpg' }));
    await waitFor(() => expect(screen.getByRole('dialog')).toBeInTheDocument());
    expect(urls().filter((u) => !/^https?:\/\//.test(u ?? ''))).toEqual([]);
  });
});
