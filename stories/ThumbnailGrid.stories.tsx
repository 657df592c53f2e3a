import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DocumentPreview, ThumbnailGrid, useDocuments, type ThumbnailGridItem } from '../src';
import { sampleDocuments } from './emulator/files';

function useItems(): ThumbnailGridItem[] {
  const { data = [] } = useDocuments({ sort: 'ID_ASC' });
  return data.map((document) => ({
    id: document.id,
    name: document.files[0]?.originalName ?? document.id,
    contentType: document.files[0]?.contentType ?? '',
    document,
  }));
}

/** Presentational grid and preview dialog, fed here from `useDocuments` on the emulator's sample documents. */
const meta = {
  title: 'Components/ThumbnailGrid and DocumentPreview',
  component: ThumbnailGrid,
  args: { items: [] },
  parameters: { emulator: { seed: sampleDocuments } },
  render: function Render() {
    const items = useItems();
    const [open, setOpen] = useState<number | undefined>(undefined);
    return (
      <>
        <ThumbnailGrid
          items={items}
          aria-label="Sample documents"
          onOpen={(_item, index) => setOpen(index)}
        />
        {open === undefined ? null : (
          <DocumentPreview
            items={items}
            index={open}
            onIndexChange={setOpen}
            onClose={() => setOpen(undefined)}
          />
        )}
      </>
    );
  },
} satisfies Meta<typeof ThumbnailGrid>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Grid: Story = {};

export const KeyboardAndPreview: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getAllByRole('listitem')).toHaveLength(5), { timeout: 10_000 });
    canvas.getAllByRole('button')[0]?.focus();
    await userEvent.keyboard('{ArrowRight}{Enter}');
    const dialog = await canvas.findByRole('dialog', { name: 'roof-south.png' });
    await expect(dialog).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.getByRole('button', { name: 'roof-south.png' })).toHaveFocus());
  },
};
