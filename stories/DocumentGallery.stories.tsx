import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DocumentGallery } from '../src';
import { makeImage, makePdf, sampleDocuments, seedFrom } from './emulator/files';
import { uploadGrouped } from './emulator/api';
import type { EmulatorConnection } from './emulator/protocol';

/** A tile's image (decorative: the tile button is named by its visible file name). */
const thumbnail = (canvasElement: HTMLElement, name: string) =>
  within(canvasElement).getByRole('button', { name }).querySelector('img');

/** The account's documents, read from the emulator, with archive, sort, the archived list and a preview. */
const meta = {
  title: 'Components/DocumentGallery',
  component: DocumentGallery,
  parameters: { emulator: { seed: sampleDocuments } },
} satisfies Meta<typeof DocumentGallery>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Documents: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(5), { timeout: 10_000 });
    await waitFor(() => expect(thumbnail(canvasElement, 'roof-south.png')).toBeVisible());
  },
};

export const Empty: Story = { parameters: { emulator: { seed: () => [] } } };

export const Loading: Story = {
  parameters: {
    emulator: { seed: sampleDocuments, faults: [{ name: 'latency', args: [3_600_000, 'list'] }] },
  },
};

export const LoadError: Story = {
  name: 'Error',
  parameters: {
    emulator: { faults: [{ name: 'failEndpoint', args: ['list', { status: 500, count: 100 }] }] },
  },
  play: async ({ canvasElement }) => {
    await waitFor(
      () => expect(within(canvasElement).getByText('The documents could not be loaded.')).toBeVisible(),
      {
        timeout: 15_000,
      },
    );
  },
};

export const ArchivedList: Story = {
  name: 'Archived list',
  args: { defaultArchived: true },
  parameters: {
    emulator: {
      seed: async () => [
        await seedFrom(makePdf('old-bill-2024.pdf'), { type: 'utilityBill', archived: true }),
        await seedFrom(await makeImage('old-roof.png', { hue: 0 }), { type: 'roofPhoto', archived: true }),
      ],
    },
  },
};

export const ArchiveWithConfirmation: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const button = await canvas.findByRole(
      'button',
      { name: 'Archive utility-bill-september.pdf' },
      { timeout: 10_000 },
    );
    await userEvent.click(button);
    await userEvent.click(await canvas.findByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(canvas.queryByText('utility-bill-september.pdf')).toBeNull());
  },
};

export const ExpiredUrlRefreshed: Story = {
  name: 'A URL that expires and is refreshed',
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(thumbnail(canvasElement, 'roof-south.png')).toBeVisible(), {
      timeout: 10_000,
    });
    const { emulator: connection } = loaded as { emulator: { control: (r: unknown) => Promise<void> } };
    // every signed URL dies now; the next image error refreshes the document once and shows a new URL
    const before = thumbnail(canvasElement, 'roof-south.png')?.getAttribute('src');
    await connection.control({ op: 'fault', fault: { name: 'expireAllUrls', args: [] } });
    // the sort toggle is labelled with the current order; switching it re-reads the list
    await userEvent.click(canvas.getByRole('button', { name: 'Newest first' }));
    await waitFor(
      () => {
        const img = thumbnail(canvasElement, 'roof-south.png');
        // a new URL, and the image loaded from it
        return expect(
          img?.getAttribute('src') !== before && img?.complete === true && img.naturalWidth > 0,
        ).toBe(true);
      },
      { timeout: 10_000 },
    );
  },
};

export const SensitiveDocument: Story = {
  name: 'Sensitive document (proxy URL)',
  parameters: {
    emulator: {
      seed: async () => [
        await seedFrom(await makeImage('drivers-license.png', { hue: 50 }), { type: 'governmentId' }),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    await waitFor(
      () => expect(thumbnail(canvasElement, 'drivers-license.png')?.getAttribute('src')).toMatch(/^blob:/),
      { timeout: 10_000 },
    );
  },
};

/** Opens the preview of a tile and waits for the dialog. */
async function openPreview(canvasElement: HTMLElement, name: string): Promise<HTMLElement> {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole('button', { name }, { timeout: 10_000 }));
  return canvas.findByRole('dialog');
}

// The stories below end with their dialog OPEN, so that the axe check after the play function covers it.

export const PreviewOpen: Story = {
  name: 'Preview open (image)',
  play: async ({ canvasElement }) => {
    const dialog = await openPreview(canvasElement, 'roof-south.png');
    await waitFor(
      () => {
        const img = within(dialog).getByRole<HTMLImageElement>('img', { name: 'roof-south.png' });
        return expect(img.complete && img.naturalWidth > 0).toBe(true);
      },
      { timeout: 10_000 },
    );
    await expect(within(dialog).getByRole('button', { name: 'Close' })).toHaveFocus();
  },
};

export const PdfPreview: Story = {
  name: 'Preview open (PDF inline)',
  play: async ({ canvasElement }) => {
    const dialog = await openPreview(canvasElement, 'utility-bill-september.pdf');
    const frame = dialog.querySelector('iframe');
    await expect(frame).toHaveAttribute('title', 'utility-bill-september.pdf (PDF)');
    await expect(frame?.getAttribute('src')).toMatch(/\/original\?/);
    await expect(within(dialog).getByRole('link', { name: 'Download' })).toBeVisible();
    // Tab from the last control wraps to the first (in a browser the frame is a tab stop between them)
    within(dialog).getByRole('button', { name: 'Next' }).focus();
    await userEvent.tab();
    await expect(within(dialog).getByRole('button', { name: 'Close' })).toHaveFocus();
  },
};

export const SensitivePdfPreview: Story = {
  name: 'Preview open (sensitive PDF, fetched with the token)',
  parameters: {
    emulator: {
      seed: async () => [await seedFrom(makePdf('passport-scan.pdf'), { type: 'governmentId' })],
    },
  },
  play: async ({ canvasElement }) => {
    const dialog = await openPreview(canvasElement, 'passport-scan.pdf');
    await waitFor(() => expect(dialog.querySelector('iframe')?.getAttribute('src')).toMatch(/^blob:/), {
      timeout: 10_000,
    });
    await expect(within(dialog).queryByRole('link', { name: 'Download' })).toBeNull();
    await expect(within(dialog).getByRole('button', { name: 'Download' })).toBeVisible();
  },
};

export const GroupedPaging: Story = {
  name: 'Preview open (grouped document, paging its files)',
  parameters: { emulator: { seed: () => [] } },
  play: async ({ canvasElement, loaded }) => {
    const { emulator } = loaded as { emulator: EmulatorConnection };
    const canvas = within(canvasElement);
    await canvas.findByText('No documents yet', {}, { timeout: 10_000 });
    await uploadGrouped(emulator, [
      await makeImage('roof-page-1.png', { hue: 20 }),
      await makeImage('roof-page-2.png', { hue: 160 }),
      makePdf('roof-report.pdf'),
    ]);
    // the sort toggle re-reads the list
    await userEvent.click(canvas.getByRole('button', { name: 'Newest first' }));
    const dialog = await openPreview(canvasElement, 'roof-page-1.png');
    const files = within(dialog).getByRole('group', { name: 'Files of this document' });
    await expect(files).toHaveTextContent('File 1 of 3');
    await userEvent.click(within(files).getByRole('button', { name: 'Next file' }));
    await expect(files).toHaveTextContent('File 2 of 3');
    await waitFor(() => expect(within(dialog).getByRole('img', { name: 'roof-page-2.png' })).toBeVisible(), {
      timeout: 10_000,
    });
    await userEvent.keyboard('{ArrowRight}');
    await expect(files).toHaveTextContent('File 3 of 3');
    await expect(dialog.querySelector('iframe')).toHaveAttribute('title', 'roof-report.pdf (PDF)');
    await userEvent.keyboard('{ArrowLeft}');
    await expect(files).toHaveTextContent('File 2 of 3');
  },
};

export const HeicWithoutRenditions: Story = {
  name: 'HEIC photo before the server made renditions',
  parameters: {
    emulator: {
      seed: async () => [
        // (PNG bytes under a HEIC name and type: the emulator stores what it is given)
        await seedFrom(
          new File([await makeImage('roof.heic', { hue: 200 })], 'roof.heic', { type: 'image/heic' }),
          {
            type: 'roofPhoto',
            variants: false,
          },
        ),
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const tile = await within(canvasElement).findByRole('button', { name: 'roof.heic' }, { timeout: 10_000 });
    await expect(tile.querySelector('img')).toBeNull();
    await expect(tile.querySelector('.lrd-file-icon')).not.toBeNull();
    const dialog = await openPreview(canvasElement, 'roof.heic');
    await expect(within(dialog).getByText('No preview available')).toBeVisible();
  },
};

export const ArchiveConfirmationOpen: Story = {
  name: 'Archive confirmation open',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const opener = await canvas.findByRole('button', { name: 'Archive roof-south.png' }, { timeout: 10_000 });
    await userEvent.click(opener);
    const dialog = await canvas.findByRole('alertdialog', { name: 'Archive roof-south.png' });
    const keep = within(dialog).getByRole('button', { name: 'Keep' });
    await expect(keep).toHaveFocus();
    // Tab and Shift+Tab stay inside
    await userEvent.tab();
    await expect(within(dialog).getByRole('button', { name: 'Archive' })).toHaveFocus();
    await userEvent.tab();
    await expect(keep).toHaveFocus();
    await userEvent.tab({ shift: true });
    await expect(within(dialog).getByRole('button', { name: 'Archive' })).toHaveFocus();
    // Escape keeps the document and gives focus back; open it again for the axe check
    await userEvent.keyboard('{Escape}');
    await expect(opener).toHaveFocus();
    await userEvent.click(opener);
    await canvas.findByRole('alertdialog');
  },
};

export const DarkTheme: Story = { globals: { theme: 'dark' } };
export const RightToLeft: Story = { globals: { dir: 'rtl' } };
