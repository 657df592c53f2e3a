import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DocumentUploader } from '../src';
import { useStoryEmulator } from './emulator/connection';
import { makeBigFile, makeImage, makePdf, seedFrom } from './emulator/files';
import { choose, row } from './play';

/** The drop-in uploader: `<DocumentUploader type="utilityBill" />`. Uploads go to the emulator over real HTTP. */
const meta = {
  title: 'Components/DocumentUploader',
  component: DocumentUploader,
  args: { type: 'utilityBill' },
  render: function Render(args) {
    const { engineOptions } = useStoryEmulator();
    return (
      <DocumentUploader
        {...args}
        engineOptions={{ ...engineOptions, retry: { baseDelayMs: 300, maxDelayMs: 1500 } }}
      />
    );
  },
} satisfies Meta<typeof DocumentUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {};

export const RejectedFiles: Story = {
  args: { accept: ['pdf', 'jpg', 'png'], maxSize: 5_000_000 },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [
      new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }),
      new File([], 'empty.pdf', { type: 'application/pdf' }),
      makeBigFile('huge-scan.pdf', 6_000_000),
    ]);
    await waitFor(() => expect(canvasElement.querySelectorAll('[data-status="rejected"]')).toHaveLength(3));
  },
};

export const Complete: Story = {
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [makePdf('utility-bill.pdf')]);
    await waitFor(
      () => expect(row(canvasElement, 'utility-bill.pdf')).toHaveAttribute('data-status', 'complete'),
      {
        timeout: 15_000,
      },
    );
  },
};

export const Uploading25Files: Story = {
  name: 'Uploading 25 files',
  args: { type: 'roofPhoto', grouped: false },
  play: async ({ canvasElement }) => {
    const files = Array.from({ length: 25 }, (_, i) =>
      makeBigFile(`roof-${String(i + 1).padStart(2, '0')}.pdf`, 400_000 + i * 40_000),
    );
    await choose(canvasElement, files);
    await waitFor(() => expect(canvasElement.querySelectorAll('.lrd-upload-item')).toHaveLength(25));
  },
};

export const RetryingAfterPutFailure: Story = {
  name: 'Retrying after a PUT failure',
  parameters: { emulator: { faults: [{ name: 'failNextPuts', args: [2, { status: 500 }] }] } },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [makePdf('bill-retry.pdf')]);
    await waitFor(
      () => expect(row(canvasElement, 'bill-retry.pdf')).toHaveAttribute('data-status', 'complete'),
      {
        timeout: 20_000,
      },
    );
  },
};

export const Failed: Story = {
  parameters: { emulator: { faults: [{ name: 'failNextPuts', args: [50, { status: 500 }] }] } },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [makePdf('bill-failing.pdf')]);
    await waitFor(
      () => expect(row(canvasElement, 'bill-failing.pdf')).toHaveAttribute('data-status', 'failed'),
      {
        timeout: 20_000,
      },
    );
    await expect(within(canvasElement).getByRole('button', { name: 'Retry bill-failing.pdf' })).toBeVisible();
  },
};

export const FallbackToV1: Story = {
  name: '503 → v1 multipart',
  parameters: { emulator: { faults: [{ name: 'v2Unavailable', args: [true] }] } },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [makePdf('bill-v1.pdf')]);
    await waitFor(
      () => expect(row(canvasElement, 'bill-v1.pdf')).toHaveAttribute('data-status', 'complete'),
      {
        timeout: 15_000,
      },
    );
  },
};

export const Processing: Story = {
  parameters: { emulator: { options: { processingDelayMs: 3_600_000 } } },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [makePdf('bill-processing.pdf')]);
    await waitFor(
      () => expect(row(canvasElement, 'bill-processing.pdf')).toHaveAttribute('data-status', 'processing'),
      {
        timeout: 15_000,
      },
    );
  },
};

export const VariantsArriveLate: Story = {
  name: 'Image variants arriving late',
  args: { type: 'roofPhoto' },
  parameters: { emulator: { options: { variantsDelayMs: 6_000 } } },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await makeImage('roof-late.png', { hue: 30 })]);
    await waitFor(
      () => expect(row(canvasElement, 'roof-late.png')).toHaveAttribute('data-status', 'complete'),
      {
        timeout: 15_000,
      },
    );
  },
};

export const LongUnicodeAndHtmlNames: Story = {
  name: 'Long, unicode and HTML-looking names',
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [
      makePdf(`${'very-long-utility-bill-name-'.repeat(6)}final.pdf`),
      makePdf('facture-électricité-été-2026-✓.pdf'),
      makePdf('فاتورة-الكهرباء.pdf'),
      makePdf('<img src=x onerror=alert(1)>.pdf'),
    ]);
    await expect(within(canvasElement).getByText('<img src=x onerror=alert(1)>.pdf')).toBeVisible();
    await expect(canvasElement.querySelector('img[src="x"]')).toBeNull();
  },
};

export const Disabled: Story = { args: { disabled: true } };

export const DarkTheme: Story = {
  globals: { theme: 'dark' },
  play: RejectedFiles.play,
  args: RejectedFiles.args,
};

export const RightToLeft: Story = {
  globals: { dir: 'rtl' },
  args: {
    labels: {
      dropzonePrompt: 'اسحب الملفات إلى هنا',
      browseButton: 'اختر الملفات',
      dropzoneHint: ({ extensions }) => `المقبول: ${extensions.join('، ')}`,
    },
  },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [makePdf('فاتورة.pdf')]);
  },
};

/** An application reopened for editing: the field's ids are read and shown; one id does not exist. */
export const ExistingDocuments: Story = {
  name: 'Existing documents (reopened application)',
  args: { defaultValue: ['doc_held_bill', 'doc_held_roof', 'doc_missing'], name: 'utilityBillIds' },
  parameters: {
    emulator: {
      seed: async () => [
        await seedFrom(makePdf('bill-march.pdf'), {
          id: 'doc_held_bill',
          type: 'utilityBill',
          status: 'approved',
        }),
        await seedFrom(await makeImage('meter-photo.png', { hue: 200 }), {
          id: 'doc_held_roof',
          type: 'utilityBill',
        }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await waitFor(
      () => expect(row(canvasElement, 'bill-march.pdf')).toHaveAttribute('data-stored', 'stored'),
      {
        timeout: 15_000,
      },
    );
    await waitFor(() =>
      expect(canvasElement.querySelector('[data-document-id="doc_missing"]')).toHaveAttribute(
        'data-stored',
        'error',
      ),
    );
  },
};

/** `maxFiles={1}` with a held document: a new file replaces it once stored. */
export const ReplaceTheHeldDocument: Story = {
  name: 'maxFiles={1}: a new file replaces the held one',
  // its own recovery record: another story's unfinished uploads must not resume into this field
  args: { defaultValue: ['doc_held_bill'], maxFiles: 1, name: 'replacedBillIds' },
  parameters: {
    emulator: {
      seed: async () => [
        await seedFrom(makePdf('bill-old.pdf'), { id: 'doc_held_bill', type: 'utilityBill' }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(row(canvasElement, 'bill-old.pdf')).toBeTruthy(), { timeout: 15_000 });
    await choose(canvasElement, [makePdf('bill-new.pdf')]);
    await waitFor(
      () => expect(row(canvasElement, 'bill-new.pdf')).toHaveAttribute('data-status', 'complete'),
      {
        timeout: 15_000,
      },
    );
    await waitFor(
      () => expect(canvasElement.querySelector('[data-document-id="doc_held_bill"]')).toBeNull(),
      {
        timeout: 15_000,
      },
    );
  },
};

/** `autoUpload={false}`: pages collected across drops, reordered, not sent until Upload. */
export const CollectThenUpload: Story = {
  name: 'Collect, then upload (autoUpload={false})',
  args: { type: 'utilityBill', grouped: true, autoUpload: false },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [await makeImage('page-1.png', { hue: 10 })]);
    await choose(canvasElement, [makePdf('page-3.pdf'), await makeImage('page-2.png', { hue: 90 })]);
    // the engine keeps them (collected) and the list shows them on its next notification
    await userEvent.click(await within(canvasElement).findByRole('button', { name: 'Move page-2.png up' }));
    await waitFor(() =>
      expect(within(canvasElement).getByRole('button', { name: 'Move page-2.png up' })).toHaveFocus(),
    );
    await expect(within(canvasElement).getByRole('button', { name: 'Upload 3 files' })).toBeEnabled();
  },
};

/** Offline: files wait for the connection (and start by themselves when it returns). */
export const WaitingForConnection: Story = {
  name: 'Waiting for the connection (offline)',
  render: function Render(args) {
    const { engineOptions } = useStoryEmulator();
    return (
      <DocumentUploader
        {...args}
        grouped={false}
        engineOptions={{
          ...engineOptions,
          connectivity: { isOnline: () => false, subscribe: () => () => undefined },
        }}
      />
    );
  },
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [makePdf('bill-offline.pdf'), makePdf('bill-offline-2.pdf')]);
    await waitFor(() =>
      expect(row(canvasElement, 'bill-offline.pdf')).toHaveAttribute('data-status', 'waiting'),
    );
    await expect(within(canvasElement).getByRole('button', { name: 'Cancel all' })).toBeVisible();
  },
};
