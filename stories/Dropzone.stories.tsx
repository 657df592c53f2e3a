import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { Dropzone } from '../src';

/**
 * Starts dragging `files` over `zone` with a real DragEvent. (Testing Library's `fireEvent.dragEnter` copies the
 * DataTransfer's own properties into a new one: in a real browser it has none, so the drag carried no files.)
 */
function dragEnter(zone: HTMLElement, files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  zone.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer }));
}

/** The presentational drop zone: files in, `onDrop(accepted, rejections)` out. */
const meta = {
  title: 'Components/Dropzone',
  component: Dropzone,
  args: { onDrop: fn(), accept: ['pdf', 'jpg', 'png'], maxSize: 10_000_000 },
} satisfies Meta<typeof Dropzone>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = {};

export const DragAccept: Story = {
  play: async ({ canvasElement }) => {
    const zone = within(canvasElement).getByRole('group');
    dragEnter(zone, [new File(['%PDF'], 'bill.pdf', { type: 'application/pdf' })]);
    // react-dropzone reads the dragged files asynchronously: the state follows a tick later
    await waitFor(() =>
      expect(canvasElement.querySelector('.lrd-dropzone')).toHaveAttribute('data-state', 'drag-accept'),
    );
  },
};

export const DragReject: Story = {
  play: async ({ canvasElement }) => {
    const zone = within(canvasElement).getByRole('group');
    dragEnter(zone, [new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' })]);
    // react-dropzone reads the dragged files asynchronously: the state follows a tick later
    await waitFor(() =>
      expect(canvasElement.querySelector('.lrd-dropzone')).toHaveAttribute('data-state', 'drag-reject'),
    );
  },
};

export const RejectedFiles: Story = {
  play: async ({ canvasElement, args }) => {
    const input = canvasElement.querySelector<HTMLInputElement>('input[type=file]')!;
    await userEvent.upload(input, [new File(['MZ'], 'setup.exe'), new File([], 'empty.pdf')], {
      applyAccept: false,
    });
    // The live region says one short sentence; the list beside it names each file and why.
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent(
      '2 files were not added: see the list.',
    );
    await expect(within(canvasElement).getByRole('list')).toHaveTextContent('setup.exe was not added');
    await expect(args.onDrop).toHaveBeenCalledWith([], expect.any(Array));
  },
};

export const Disabled: Story = { args: { disabled: true } };

export const CustomContent: Story = {
  args: {
    children: ({ state }) => (
      <p style={{ margin: 0 }}>
        Roof photos only — <strong>{state === 'drag-accept' ? 'release to add' : 'drag them here'}</strong>
      </p>
    ),
  },
};
