import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DocumentGallery } from '../src';
import { makeImage, makePdf, sampleDocuments, seedFrom } from './emulator/files';

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

export const DarkTheme: Story = { globals: { theme: 'dark' } };
export const RightToLeft: Story = { globals: { dir: 'rtl' } };
