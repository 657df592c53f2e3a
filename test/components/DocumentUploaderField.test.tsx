/**
 * The uploader as a form field that is reopened and edited: documents it already holds, maxFiles counting them,
 * replacing with maxFiles={1}, focus after row actions, the bulk actions, and one judge for dropped files.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DocumentUploader, Dropzone } from '../../src';
import { setup, textFile } from '../react/helpers';

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 }, tracking: { pollIntervalMs: 20 } };
const fileInput = () => document.querySelector<HTMLInputElement>('input[type=file]')!;
const choose = (...files: File[]) => userEvent.upload(fileInput(), files, { applyAccept: false });
const row = (name: string) => screen.getByText(name, { selector: '.lrd-upload-item__name' }).closest('li')!;
const names = () =>
  Array.from(document.querySelectorAll('.lrd-upload-item__name')).map((n) => n.firstChild?.textContent);

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A controlled field that shows its value. */
function Field(props: { initial: string[]; maxFiles?: number; grouped?: boolean }) {
  const [value, setValue] = useState<string[]>(props.initial);
  return (
    <>
      <DocumentUploader
        type="utilityBill"
        value={value}
        onValueChange={setValue}
        maxFiles={props.maxFiles}
        grouped={props.grouped}
        engineOptions={fast}
      />
      <output aria-label="ids">{value.join(',')}</output>
    </>
  );
}
const ids = () => screen.getByRole('status', { name: 'ids' }).textContent?.split(',').filter(Boolean) ?? [];

describe('DocumentUploader with documents it already holds', () => {
  it('shows ids of defaultValue as rows with name, size and review status, and removes one without archiving', async () => {
    const { mock, wrapper } = setup();
    const [bill, roof] = await mock.seedDocuments([
      { filename: 'bill-2025.pdf', bytes: 'x'.repeat(2048), type: 'utilityBill', status: 'approved' },
      { filename: 'roof.png', type: 'utilityBill' },
    ]);
    render(
      <form aria-label="application">
        <DocumentUploader
          type="utilityBill"
          name="ids"
          defaultValue={[bill!.id, roof!.id]}
          engineOptions={fast}
        />
      </form>,
      { wrapper },
    );
    await waitFor(() => expect(names()).toEqual(['bill-2025.pdf', 'roof.png']));
    expect(within(row('bill-2025.pdf')).getByText('Approved')).toHaveClass('lrd-badge');
    expect(within(row('roof.png')).getByText('Pending review')).toBeInTheDocument();
    // the server's thumbnail of the image, the type icon of the PDF
    expect(row('roof.png').querySelector('img')?.getAttribute('src')).toMatch(/thumbnail/);
    expect(row('bill-2025.pdf').querySelector('.lrd-file-icon')).not.toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Remove bill-2025.pdf' }));
    await waitFor(() => expect(names()).toEqual(['roof.png']));
    const form = screen.getByRole<HTMLFormElement>('form', { name: 'application' });
    expect(new FormData(form).getAll('ids')).toEqual([roof!.id]);
    // removing from the field is not archiving
    expect(mock.db.documents.get(bill!.id)?.archived).toBe(false);
    expect(mock.db.requests.some((r) => r.method === 'DELETE')).toBe(false);
    // focus went to the next row's button, not to the page
    expect(screen.getByRole('button', { name: 'Remove roof.png' })).toHaveFocus();
  });

  it("shows an id that does not exist, or is another account's, as a row error", async () => {
    const { mock, wrapper } = setup({ seed: { accounts: ['acc_other'] } });
    const [foreign] = await mock.seedDocuments([{ filename: 'theirs.pdf' }], 'acc_other');
    render(
      <DocumentUploader
        type="utilityBill"
        defaultValue={['doc_missing', foreign!.id]}
        engineOptions={fast}
      />,
      {
        wrapper,
      },
    );
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-stored="error"]')).toHaveLength(2),
    );
    const missing = row('Document doc_missing');
    expect(missing).toHaveAccessibleDescription(
      /was not found: it may have been deleted, or belong to another account/,
    );
    expect(row(`Document ${foreign!.id}`)).toHaveTextContent('Failed');
    expect(screen.getByText('2 files need attention.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove Document doc_missing' }));
    await waitFor(() => expect(document.querySelectorAll('[data-stored="error"]')).toHaveLength(1));
  });

  it('counts held documents toward maxFiles, in the engine too', async () => {
    const { mock, wrapper } = setup();
    const [held] = await mock.seedDocuments([{ filename: 'held.pdf', type: 'utilityBill' }]);
    render(<Field initial={[held!.id]} maxFiles={2} grouped={false} />, { wrapper });
    await waitFor(() => expect(names()).toEqual(['held.pdf']));
    await choose(textFile('a.pdf', 'a'), textFile('b.pdf', 'b'));
    await waitFor(() => expect(row('a.pdf')).toHaveAttribute('data-status', 'complete'));
    expect(row('b.pdf')).toHaveAttribute('data-status', 'rejected');
    expect(row('b.pdf').querySelector('.lrd-upload-item__error')?.textContent).toMatch(
      /No more than 2 files/,
    );
    expect(ids()).toHaveLength(2);
    expect(ids()[0]).toBe(held!.id);
  });

  it('with maxFiles={1}, a new file replaces the held document once it is stored', async () => {
    const { mock, wrapper } = setup({ processingDelayMs: 60 });
    const [held] = await mock.seedDocuments([{ filename: 'old-bill.pdf', type: 'utilityBill' }]);
    render(<Field initial={[held!.id]} maxFiles={1} />, { wrapper });
    await waitFor(() => expect(names()).toEqual(['old-bill.pdf']));
    await choose(textFile('new-bill.pdf', 'new'));
    await waitFor(() => expect(row('new-bill.pdf')).toHaveAttribute('data-status', 'processing'));
    // until the new one is stored, the old one stays
    expect(ids()).toEqual([held!.id]);
    await waitFor(() => expect(row('new-bill.pdf')).toHaveAttribute('data-status', 'complete'));
    await waitFor(() => expect(names()).toEqual(['new-bill.pdf']));
    expect(ids()).toHaveLength(1);
    expect(ids()[0]).not.toBe(held!.id);
    // and again: the second upload replaces the first
    await choose(textFile('newer-bill.pdf', 'newer'));
    await waitFor(() => expect(names()).toEqual(['newer-bill.pdf']));
    expect(mock.db.documents.size).toBe(3);
  });
});

describe('DocumentUploader row and bulk actions', () => {
  it('after Cancel focus goes to the same row’s Retry; after Remove of the last row, to the drop zone', async () => {
    const { wrapper } = setup({ processingDelayMs: 5_000 });
    render(<DocumentUploader type="utilityBill" engineOptions={fast} />, { wrapper });
    await choose(textFile('slow.pdf', 'x'));
    await waitFor(() => expect(row('slow.pdf')).toHaveAttribute('data-status', 'processing'));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel slow.pdf' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Retry slow.pdf' })).toHaveFocus());
    await userEvent.click(screen.getByRole('button', { name: 'Remove slow.pdf' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Choose files' })).toHaveFocus());
  });

  it('offers Retry failed, Cancel all and Clear list when there is more than one file', async () => {
    const { mock, wrapper } = setup({ processingDelayMs: 5_000 });
    render(<DocumentUploader type="utilityBill" grouped={false} engineOptions={fast} />, { wrapper });
    await choose(textFile('one.pdf', '1'));
    await waitFor(() => expect(row('one.pdf')).toHaveAttribute('data-status', 'processing'));
    expect(screen.queryByRole('button', { name: 'Cancel all' })).toBeNull(); // one file: the row's own button
    await choose(textFile('two.pdf', '2'));
    await waitFor(() => expect(row('two.pdf')).toHaveAttribute('data-status', 'processing'));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel all' }));
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-status="canceled"]')).toHaveLength(2),
    );
    // the button went away with what it acted on: focus moved to the next bulk action
    expect(screen.getByRole('button', { name: 'Retry failed' })).toHaveFocus();
    mock.control.reset();
    await userEvent.click(screen.getByRole('button', { name: 'Clear list' }));
    await waitFor(() => expect(document.querySelectorAll('.lrd-upload-item')).toHaveLength(0));
    expect(screen.getByRole('button', { name: 'Choose files' })).toHaveFocus();
  });

  it('Retry failed retries every failed file', async () => {
    const { mock, wrapper } = setup();
    mock.control.failNextPuts(20, { status: 400 });
    render(<DocumentUploader type="utilityBill" grouped={false} engineOptions={fast} />, { wrapper });
    await choose(textFile('a.pdf', 'a'), textFile('b.pdf', 'b'));
    await waitFor(
      () => expect(document.querySelectorAll('.lrd-upload-item[data-status="failed"]')).toHaveLength(2),
      {
        onTimeout: (e) => {
          console.error(
            [...document.querySelectorAll('.lrd-upload-item')]
              .map((r) => r.getAttribute('data-status') + ' ' + r.textContent)
              .join(' / '),
          );
          return e;
        },
      },
    );
    mock.control.reset();
    await userEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-status="complete"]')).toHaveLength(2),
    );
  });

  it('offers no Retry where retrying cannot help (the API refused the type)', async () => {
    const { wrapper } = setup();
    // the API's own allowlist refuses .xyz; the field was told to accept it
    render(
      <DocumentUploader type="utilityBill" accept={{ xyz: 'application/x-xyz' }} engineOptions={fast} />,
      {
        wrapper,
      },
    );
    await choose(textFile('odd.xyz', 'x'));
    await waitFor(() => expect(row('odd.xyz')).toHaveAttribute('data-status', 'failed'));
    expect(screen.queryByRole('button', { name: 'Retry odd.xyz' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Remove odd.xyz' })).toBeInTheDocument();
  });
});

describe('validating once', () => {
  it('the drop zone forwards raw files in order, unjudged, when the engine is the judge', () => {
    const onFiles = vi.fn();
    const onDrop = vi.fn();
    render(<Dropzone accept={['pdf']} maxFiles={1} onFiles={onFiles} onDrop={onDrop} />);
    const files = [textFile('b.exe', 'MZ'), textFile('a.pdf', 'a'), textFile('c.pdf', 'c')];
    fireEvent.drop(document.querySelector('.lrd-dropzone__area')!, {
      dataTransfer: {
        files,
        items: files.map((f) => ({ kind: 'file', type: f.type, getAsFile: () => f })),
        types: ['Files'],
      },
    });
    return waitFor(() => {
      expect(onFiles).toHaveBeenCalledTimes(1);
      expect((onFiles.mock.calls[0]![0] as File[]).map((f) => f.name)).toEqual(['b.exe', 'a.pdf', 'c.pdf']);
      expect(onDrop).not.toHaveBeenCalled();
      expect(document.querySelector('.lrd-dropzone__rejections')).toBeNull();
    });
  });

  it('the uploader’s verdicts are the engine’s (one reason per refused file)', async () => {
    const { mock, wrapper } = setup();
    render(<DocumentUploader type="utilityBill" accept={['pdf']} maxSize={10} engineOptions={fast} />, {
      wrapper,
    });
    await choose(textFile('big.pdf', 'x'.repeat(11)), textFile('setup.exe', 'MZ'));
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-status="rejected"]')).toHaveLength(2),
    );
    expect(row('big.pdf')).toHaveAccessibleDescription(/larger than the limit/);
    expect(row('setup.exe')).toHaveAccessibleDescription(/\.exe files are not accepted/);
    expect(mock.db.requests).toHaveLength(0);
  });

  it('passes capture to the input for the camera on phones', () => {
    setup();
    const { wrapper } = setup();
    render(<DocumentUploader type="roofPhoto" capture="environment" accept={['jpg']} />, { wrapper });
    expect(fileInput()).toHaveAttribute('capture', 'environment');
    expect(fileInput()).toHaveAttribute('accept', '.jpg');
  });
});

describe('DocumentUploader autoUpload={false}', () => {
  it('collect mode: Clear list empties the upload list (refused files) and keeps the collected ones', async () => {
    const { mock, wrapper } = setup();
    render(<DocumentUploader type="utilityBill" autoUpload={false} engineOptions={fast} />, { wrapper });
    await choose(textFile('keep.pdf', 'k'), textFile('a.exe', 'MZ'), textFile('b.exe', 'MZ'));
    await screen.findByRole('list', { name: '1 file to upload' });
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-status="rejected"]')).toHaveLength(2),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Clear list' }));
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-status="rejected"]')).toHaveLength(0),
    );
    expect(screen.getByRole('list', { name: '1 file to upload' })).toBeVisible();
    expect(row('keep.pdf')).toHaveAttribute('data-status', 'collected');
    expect(mock.db.requests).toHaveLength(0);
  });

  it('collect mode with maxFiles={1}: a second file takes the place of the collected one (no refusal)', async () => {
    const { wrapper } = setup();
    render(<DocumentUploader type="utilityBill" autoUpload={false} maxFiles={1} engineOptions={fast} />, {
      wrapper,
    });
    await choose(textFile('first.pdf', '1'));
    await screen.findByText('first.pdf', { selector: '.lrd-upload-item__name' });
    await choose(textFile('second.pdf', '2'));
    await screen.findByText('second.pdf', { selector: '.lrd-upload-item__name' });
    await waitFor(() => expect(screen.queryByText('first.pdf')).toBeNull());
    expect(screen.getByRole('list', { name: '1 file to upload' })).toBeVisible();
    expect(document.querySelectorAll('.lrd-upload-item[data-status="rejected"]')).toHaveLength(0);
  });

  it('collects files across drops, reorders and removes them by keyboard, then uploads one grouped document in order', async () => {
    const { mock, wrapper } = setup();
    render(
      <form aria-label="application">
        <DocumentUploader
          type="utilityBill"
          grouped
          autoUpload={false}
          name="ids"
          required
          engineOptions={fast}
        />
      </form>,
      { wrapper },
    );
    const form = screen.getByRole<HTMLFormElement>('form', { name: 'application' });
    const page1 = textFile('page-1.pdf', '1');
    await choose(page1);
    await choose(
      textFile('page-3.pdf', '3'),
      textFile('page-2.pdf', '2'),
      textFile('notes.exe', 'MZ'),
      textFile('scratch.pdf', 's'),
    );
    // the same file again: the engine, the one judge, refuses it while it is collected
    await choose(page1);
    const list = await screen.findByRole('list', { name: '4 files to upload' });
    const names = () =>
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.lrd-upload-item__name')?.textContent);
    expect(names()).toEqual(['page-1.pdf', 'page-3.pdf', 'page-2.pdf', 'scratch.pdf']);
    expect(within(list).getAllByRole('listitem')[0]).toHaveAttribute('data-status', 'collected');
    // refused at once, with the engine's reason, as rows of the upload list; nothing is sent yet
    expect(row('notes.exe')).toHaveAccessibleDescription(/\.exe files are not accepted/);
    expect(row('notes.exe')).toHaveAttribute('data-status', 'rejected');
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-status="rejected"]')).toHaveLength(2),
    );
    expect(mock.db.requests).toHaveLength(0);
    expect(form.checkValidity()).toBe(false);
    expect(document.querySelector<HTMLInputElement>('.lrd-uploader__validity')!.validationMessage).toBe(
      'Upload the files you added, or remove them.',
    );

    // keyboard: the move button keeps focus as its row moves
    // (each move is the engine's: the list follows on its next notification)
    screen.getByRole('button', { name: 'Move page-2.pdf up' }).focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(names()).toEqual(['page-1.pdf', 'page-2.pdf', 'page-3.pdf', 'scratch.pdf']));
    expect(screen.getByRole('button', { name: 'Move page-2.pdf up' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    // at the top: up is disabled, focus passes to down
    await waitFor(() => expect(screen.getByRole('button', { name: 'Move page-2.pdf down' })).toHaveFocus());
    await userEvent.click(screen.getByRole('button', { name: 'Move page-2.pdf down' }));
    await waitFor(() => expect(names()).toEqual(['page-1.pdf', 'page-2.pdf', 'page-3.pdf', 'scratch.pdf']));
    await userEvent.click(screen.getByRole('button', { name: 'Remove scratch.pdf' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Move page-3.pdf up' })).toHaveFocus());
    expect(mock.db.requests).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Upload 3 files' }));
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-status="complete"]')).toHaveLength(3),
    );
    expect(mock.db.documents.size).toBe(1);
    const [document_] = [...mock.db.documents.values()];
    expect(document_!.files.map((f) => f.originalName)).toEqual(['page-1.pdf', 'page-2.pdf', 'page-3.pdf']);
    expect(new FormData(form).getAll('ids')).toEqual([document_!.id]);
    expect(form.checkValidity()).toBe(true);
  });
});
