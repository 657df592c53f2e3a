import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import {
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  UploadList,
  type Document,
  type UploadItem,
  type UploadStatus,
} from '../src';

let n = 0;
function item(status: UploadStatus, name: string, extra: Partial<UploadItem> = {}): UploadItem {
  n += 1;
  const size = extra.size ?? 1_800_000;
  return {
    id: `story-${n}`,
    file: new File([], name),
    name,
    size,
    status,
    loaded: extra.loaded ?? 0,
    total: size,
    attempt: 1,
    error: undefined,
    rejection: undefined,
    jobId: undefined,
    documentIds: [],
    viaV1: false,
    ...extra,
  };
}

/** The list of an upload, in every state a file can be in. Presentational: any data source can feed it. */
const meta = {
  title: 'Components/UploadList',
  component: UploadList,
  args: {
    onRetry: fn(),
    onCancel: fn(),
    onRemove: fn(),
    items: [
      item('queued', 'queued-bill.pdf'),
      item('waiting', 'waiting-offline.pdf'),
      item('initializing', 'initializing.pdf'),
      item('uploading', 'roof-south.jpg', { loaded: 700_000 }),
      item('finalizing', 'finalizing.pdf', { loaded: 1_800_000 }),
      item('processing', 'processing.pdf', { loaded: 1_800_000 }),
      item('complete', 'stored.pdf', { loaded: 1_800_000, documentIds: ['doc_1'] }),
      item('failed', 'network-failed.pdf', {
        error: new NetworkError('The connection was lost. Retry when you are back online.'),
      }),
      item('failed', 'bad-type.pdf', {
        error: new InvalidRequestError('The server refused this file: invalid document type.'),
      }),
      item('canceled', 'canceled.pdf'),
      item('rejected', 'setup.exe', {
        rejection: [{ code: 'invalid-extension', message: '.exe files are not accepted.' }],
      }),
    ],
    progress: {
      loaded: 4_300_000,
      total: 9_000_000,
      percent: 47,
      bytesPerSecond: 1_250_000,
      etaSeconds: 4,
      counts: {
        rejected: 1,
        collected: 0,
        queued: 1,
        waiting: 1,
        initializing: 1,
        uploading: 1,
        finalizing: 1,
        processing: 1,
        complete: 1,
        failed: 2,
        canceled: 1,
      },
    },
  },
} satisfies Meta<typeof UploadList>;

export default meta;
type Story = StoryObj<typeof meta>;

export const EveryStatus: Story = {};

export const LongAndUnicodeNames: Story = {
  args: {
    items: [
      item('uploading', `${'an-extremely-long-file-name-'.repeat(5)}.pdf`, { loaded: 400_000 }),
      item('complete', 'Ünïcödé-façade-照片-✓.jpg'),
      item('queued', 'شهادة-الملكية.pdf'),
      item('failed', '<script>alert(1)</script>.pdf', { error: new NetworkError('Connection lost.') }),
    ],
  },
};

function heldDocument(id: string, name: string, status: Document['status']): Document {
  return {
    id,
    accountId: 'acc_demo',
    applicationId: null,
    status,
    archived: false,
    type: 'utilityBill',
    externalReference: null,
    files: [{ originalName: name, contentType: 'application/pdf', md5Hash: '', sizeKB: 240, viewUrls: [] }],
    meta: { createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z' },
  };
}

/** Documents the field already holds (a reopened application) before this session's uploads. */
export const HeldDocuments: Story = {
  args: {
    onRemoveStored: fn(),
    stored: [
      { id: 'doc_1', document: heldDocument('doc_1', 'bill-january.pdf', 'approved') },
      { id: 'doc_2', document: heldDocument('doc_2', 'bill-february.pdf', 'pending') },
      { id: 'doc_3' },
      { id: 'doc_gone', error: new NotFoundError('Document not found.') },
    ],
    items: [item('uploading', 'bill-march.pdf', { loaded: 900_000 })],
    progress: undefined,
  },
};

/** A thousand files: the first rows at once, the rest as the list scrolls (or from the button at its end). */
export const AThousandFiles: Story = {
  args: {
    onRetryAll: fn(),
    onCancelAll: fn(),
    onClear: fn(),
    items: Array.from({ length: 1_000 }, (_, i) =>
      item(i % 7 === 0 ? 'uploading' : 'queued', `scan-${String(i + 1).padStart(4, '0')}.pdf`, {
        loaded: i % 7 === 0 ? 600_000 : 0,
      }),
    ),
    progress: undefined,
  },
};
