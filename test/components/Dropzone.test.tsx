import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Dropzone } from '../../src/components';

const pdf = (name = 'bill.pdf', size = 10) =>
  new File([new Uint8Array(size)], name, { type: 'application/pdf' });
const exe = () => new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' });

/** A DataTransfer-like object as browsers hand to drag and paste events. */
function transfer(files: File[]) {
  return {
    files,
    items: files.map((file) => ({ kind: 'file', type: file.type, getAsFile: () => file })),
    types: ['Files'],
  };
}

const zone = () => screen.getByRole('group', { name: 'Drag files here' });

describe('Dropzone', () => {
  it('opens the chooser from a real, focusable button and accepts chosen files', async () => {
    const onDrop = vi.fn<(accepted: File[], rejected: unknown[]) => void>();
    render(<Dropzone onDrop={onDrop} />);
    const button = screen.getByRole('button', { name: 'Choose files' });
    await userEvent.tab();
    expect(button).toHaveFocus();
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    const click = vi.spyOn(input, 'click');
    await userEvent.keyboard('{Enter}');
    expect(click).toHaveBeenCalledTimes(1);
    await userEvent.upload(input, [pdf()]);
    expect(onDrop).toHaveBeenCalledTimes(1);
    expect(onDrop.mock.calls[0]?.[0].map((f) => f.name)).toEqual(['bill.pdf']);
  });

  it('derives the chooser filter from the allowlist', () => {
    render(<Dropzone onDrop={() => undefined} accept={['pdf', 'jpg']} maxSize={5_000_000} locale="en-US" />);
    expect(document.querySelector('input[type=file]')).toHaveAttribute('accept', '.pdf,.jpg');
    expect(screen.getByText('Accepted: pdf, jpg · up to 5 MB each')).toBeInTheDocument();
  });

  it('lists rejected files with their reasons', async () => {
    const onDrop = vi.fn<(accepted: File[], rejected: unknown[]) => void>();
    render(<Dropzone onDrop={onDrop} maxSize={100} />);
    fireEvent.drop(zone(), { dataTransfer: transfer([pdf('ok.pdf'), exe(), pdf('big.pdf', 500)]) });
    // The live region counts them (test/components/liveRegions.test.tsx); the list says which and why.
    expect(await screen.findByRole('alert')).toHaveTextContent('2 files were not added: see the list.');
    const list = screen.getByRole('list');
    expect(list).toHaveTextContent('tool.exe was not added: .exe files are not accepted.');
    expect(list).toHaveTextContent('big.pdf was not added: The file is larger than the limit of 100 B.');
    expect(onDrop.mock.calls[0]?.[0].map((f) => f.name)).toEqual(['ok.pdf']);
    expect(onDrop.mock.calls[0]?.[1]).toHaveLength(2);
  });

  it('exposes drag states as data-state', async () => {
    const { container } = render(<Dropzone onDrop={() => undefined} accept={['pdf']} />);
    const root = container.querySelector('.lrd-dropzone')!;
    expect(root).toHaveAttribute('data-state', 'idle');
    fireEvent.dragEnter(zone(), { dataTransfer: transfer([pdf()]) });
    await vi.waitFor(() => expect(root).toHaveAttribute('data-state', 'drag-accept'));
    fireEvent.dragLeave(zone(), { dataTransfer: transfer([pdf()]) });
    await vi.waitFor(() => expect(root).toHaveAttribute('data-state', 'idle'));
    fireEvent.dragEnter(zone(), { dataTransfer: transfer([exe()]) });
    await vi.waitFor(() => expect(root).toHaveAttribute('data-state', 'drag-reject'));
  });

  it('is disabled as a whole', () => {
    const { container } = render(<Dropzone onDrop={() => undefined} disabled />);
    expect(container.querySelector('.lrd-dropzone')).toHaveAttribute('data-state', 'disabled');
    expect(screen.getByRole('button', { name: 'Choose files' })).toBeDisabled();
  });

  it('takes pasted files while focus is inside, not from elsewhere on the page', async () => {
    const onDrop = vi.fn<(accepted: File[], rejected: unknown[]) => void>();
    render(
      <>
        <textarea aria-label="notes" />
        <Dropzone onDrop={onDrop} />
      </>,
    );
    fireEvent.paste(screen.getByRole('textbox', { name: 'notes' }), {
      clipboardData: transfer([pdf('outside.pdf')]),
    });
    screen.getByRole('button', { name: 'Choose files' }).focus();
    fireEvent.paste(screen.getByRole('button', { name: 'Choose files' }), {
      clipboardData: transfer([pdf('pasted.pdf')]),
    });
    await vi.waitFor(() => expect(onDrop).toHaveBeenCalledTimes(1));
    expect(onDrop.mock.calls[0]?.[0].map((f) => f.name)).toEqual(['pasted.pdf']);
  });

  it('renders a function child with the state', async () => {
    render(<Dropzone onDrop={() => undefined}>{({ state }) => <span>state is {state}</span>}</Dropzone>);
    expect(screen.getByText('state is idle')).toBeInTheDocument();
    fireEvent.dragEnter(zone(), { dataTransfer: transfer([pdf()]) });
    expect(await screen.findByText('state is drag-accept')).toBeInTheDocument();
  });

  it('does not re-render its parent on drag events', async () => {
    let parentRenders = 0;
    function Parent() {
      parentRenders += 1;
      const [files, setFiles] = useState<string[]>([]);
      return (
        <>
          <p>{files.length} files</p>
          <Dropzone onDrop={(accepted) => setFiles(accepted.map((f) => f.name))} />
        </>
      );
    }
    render(<Parent />);
    const before = parentRenders;
    for (let i = 0; i < 5; i += 1) {
      fireEvent.dragEnter(zone(), { dataTransfer: transfer([pdf()]) });
      fireEvent.dragOver(zone(), { dataTransfer: transfer([pdf()]) });
      fireEvent.dragLeave(zone(), { dataTransfer: transfer([pdf()]) });
    }
    await act(async () => Promise.resolve());
    expect(parentRenders).toBe(before);
    fireEvent.drop(zone(), { dataTransfer: transfer([pdf()]) });
    expect(await screen.findByText('1 files')).toBeInTheDocument();
    expect(parentRenders).toBe(before + 1);
  });
});

describe('Dropzone on a touch screen', () => {
  it('is named for choosing files, not for dragging them', () => {
    vi.stubGlobal(
      'matchMedia',
      (query: string) =>
        ({
          matches: query.includes('pointer: coarse'),
          media: query,
          addEventListener: () => undefined,
          removeEventListener: () => undefined,
        }) as unknown as MediaQueryList,
    );
    try {
      render(<Dropzone onDrop={() => undefined} />);
      expect(screen.getByRole('group', { name: 'Choose files to upload' })).toBeInTheDocument();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
