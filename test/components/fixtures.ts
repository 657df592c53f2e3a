import type { Document, UploadItem, UploadStatus } from '../../src/core';

let counter = 0;

/** A stored document as the API returns it. */
export function makeDocument(
  overrides: Partial<Document> & { name?: string; contentType?: string; variants?: boolean } = {},
): Document {
  counter += 1;
  const id = overrides.id ?? `doc_${String(counter).padStart(4, '0')}`;
  const name = overrides.name ?? `file-${counter}.pdf`;
  const contentType = overrides.contentType ?? 'application/pdf';
  const expiresAt = new Date(Date.now() + 30 * 60_000).toISOString();
  const view = (type: 'original' | 'thumbnail' | 'preview' | 'gallery') => ({
    type,
    url: `https://storage.test/view/${id}/${type}?sig=s${counter}`,
    expiresAt,
  });
  const rest: Partial<Document> = { ...overrides };
  for (const key of ['name', 'contentType', 'variants']) Reflect.deleteProperty(rest, key);
  const variants = overrides.variants;
  return {
    id,
    accountId: 'acc_demo',
    applicationId: 'app_1',
    status: 'pending',
    archived: false,
    type: 'utilityBill',
    externalReference: null,
    files: [
      {
        originalName: name,
        contentType,
        md5Hash: 'abc',
        sizeKB: 12,
        viewUrls:
          variants === true
            ? [view('original'), view('thumbnail'), view('preview'), view('gallery')]
            : [view('original')],
      },
    ],
    meta: { createdAt: '2026-03-04T10:00:00.000Z', updatedAt: '2026-03-04T10:00:00.000Z' },
    ...rest,
  };
}

/** An engine item in a given state. */
export function makeItem(status: UploadStatus, overrides: Partial<UploadItem> = {}): UploadItem {
  counter += 1;
  const name = overrides.name ?? `scan-${counter}.pdf`;
  const size = overrides.size ?? 2_500_000;
  return {
    id: `item_${counter}`,
    file: new File(['x'], name, { type: 'application/pdf' }),
    name,
    size,
    status,
    loaded: 0,
    total: size,
    attempt: status === 'queued' ? 0 : 1,
    error: undefined,
    rejection: undefined,
    jobId: undefined,
    documentIds: [],
    viaV1: false,
    ...overrides,
  };
}
