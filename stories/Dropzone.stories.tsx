import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fireEvent, fn, userEvent, within } from 'storybook/test';
import { Dropzone } from '../src';

function transfer(files: File[]) {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  return data;
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
    await fireEvent.dragEnter(zone, {
      dataTransfer: transfer([new File(['%PDF'], 'bill.pdf', { type: 'application/pdf' })]),
    });
    await expect(canvasElement.querySelector('.lrd-dropzone')).toHaveAttribute('data-state', 'drag-accept');
  },
};

export const DragReject: Story = {
  play: async ({ canvasElement }) => {
    const zone = within(canvasElement).getByRole('group');
    await fireEvent.dragEnter(zone, {
      dataTransfer: transfer([new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' })]),
    });
    await expect(canvasElement.querySelector('.lrd-dropzone')).toHaveAttribute('data-state', 'drag-reject');
  },
};

export const RejectedFiles: Story = {
  play: async ({ canvasElement, args }) => {
    const input = canvasElement.querySelector<HTMLInputElement>('input[type=file]')!;
    await userEvent.upload(input, [new File(['MZ'], 'setup.exe'), new File([], 'empty.pdf')], {
      applyAccept: false,
    });
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent('setup.exe was not added');
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
