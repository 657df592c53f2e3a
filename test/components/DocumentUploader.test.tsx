import { describe, expect, it, vi } from 'vitest';
import { createRef, useState } from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DocumentUploader, type DocumentUploaderHandle } from '../../src';
import { setup, textFile } from '../react/helpers';

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 }, tracking: { pollIntervalMs: 20 } };
const fileInput = () => document.querySelector<HTMLInputElement>('input[type=file]')!;
const choose = (...files: File[]) => userEvent.upload(fileInput(), files, { applyAccept: false });
const row = (name: string) => screen.getByText(name, { selector: '.lrd-upload-item__name' }).closest('li')!;

describe('DocumentUploader', () => {
  it('uploads a chosen file to the API and announces start and completion', async () => {
    const { mock, wrapper } = setup();
    const onComplete = vi.fn();
    render(<DocumentUploader type="utilityBill" onComplete={onComplete} engineOptions={fast} />, { wrapper });
    await choose(textFile('bill.pdf', '%PDF-1.4 bill'));
    await waitFor(() => expect(row('bill.pdf')).toHaveAttribute('data-status', 'complete'));
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(mock.db.documents.size).toBe(1);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 file uploaded'));
  });

  it('puts the document ids into the form under `name`', async () => {
    const { wrapper } = setup();
    render(
      <form aria-label="application">
        <DocumentUploader type="utilityBill" grouped={false} name="billIds" engineOptions={fast} />
      </form>,
      { wrapper },
    );
    await choose(textFile('a.pdf', 'a'), textFile('b.pdf', 'b'));
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-status="complete"]')).toHaveLength(2),
    );
    const form = screen.getByRole<HTMLFormElement>('form', { name: 'application' });
    const ids = new FormData(form).getAll('billIds');
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => typeof id === 'string' && id.startsWith('doc_'))).toBe(true);
  });

  it('takes part in native required validation: empty, still uploading, then valid', async () => {
    const { mock, wrapper } = setup({ processingDelayMs: 150 });
    render(
      <form aria-label="application">
        <DocumentUploader type="utilityBill" name="billIds" required engineOptions={fast} />
      </form>,
      { wrapper },
    );
    const form = screen.getByRole<HTMLFormElement>('form', { name: 'application' });
    const validity = document.querySelector<HTMLInputElement>('.lrd-uploader__validity')!;
    expect(form.checkValidity()).toBe(false);
    expect(validity.validationMessage).toBe('Add at least one document.');
    await choose(textFile('bill.pdf', 'x'));
    await waitFor(() => expect(validity.validationMessage).toBe('Wait until the uploads have finished.'));
    expect(form.checkValidity()).toBe(false);
    await waitFor(() => expect(form.checkValidity()).toBe(true));
    expect(mock.db.documents.size).toBe(1);
  });

  it('works controlled: value and onValueChange, and removing a file drops its ids', async () => {
    const { wrapper } = setup();
    const changes: string[][] = [];
    function Controlled() {
      const [value, setValue] = useState<string[]>([]);
      return (
        <>
          <DocumentUploader
            type="utilityBill"
            value={value}
            onValueChange={(ids) => {
              changes.push(ids);
              setValue(ids);
            }}
            engineOptions={fast}
          />
          <output aria-label="ids">{value.join(',')}</output>
        </>
      );
    }
    render(<Controlled />, { wrapper });
    await choose(textFile('bill.pdf', 'x'));
    await waitFor(() => expect(screen.getByLabelText('ids').textContent).toMatch(/^doc_/));
    expect(changes).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Remove bill.pdf' }));
    expect(screen.getByLabelText('ids').textContent).toBe('');
    expect(changes.at(-1)).toEqual([]);
  });

  it('announces failures assertively and moves focus to the first failed file', async () => {
    const { mock, wrapper } = setup();
    mock.control.failNextPuts(10, { status: 400 });
    const ref = createRef<DocumentUploaderHandle>();
    render(<DocumentUploader ref={ref} type="utilityBill" engineOptions={fast} />, { wrapper });
    await choose(textFile('bill.pdf', 'x'));
    await waitFor(() => expect(row('bill.pdf')).toHaveAttribute('data-status', 'failed'));
    // the live region is written by an effect of that render: it may land a tick later
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('bill.pdf failed'));
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(screen.getByRole('button', { name: 'Retry bill.pdf' })).toHaveFocus();
    expect(ref.current?.focusFirstFailed()).toBe(true);
  });

  it('retries a failed file to completion once the fault clears', async () => {
    const { mock, wrapper } = setup();
    mock.control.failNextPuts(10, { status: 400 });
    render(<DocumentUploader type="utilityBill" engineOptions={fast} />, { wrapper });
    await choose(textFile('bill.pdf', 'x'));
    await waitFor(() => expect(row('bill.pdf')).toHaveAttribute('data-status', 'failed'));
    mock.control.reset();
    await userEvent.click(screen.getByRole('button', { name: 'Retry bill.pdf' }));
    await waitFor(() => expect(row('bill.pdf')).toHaveAttribute('data-status', 'complete'));
    expect(mock.db.documents.size).toBe(1);
  });

  it('lists rejected files with their reasons and never sends them', async () => {
    const { mock, wrapper } = setup();
    render(<DocumentUploader type="utilityBill" accept={['pdf']} engineOptions={fast} />, { wrapper });
    await choose(textFile('setup.exe', 'MZ'));
    await waitFor(() => expect(row('setup.exe')).toHaveAttribute('data-status', 'rejected'));
    expect(row('setup.exe')).toHaveAccessibleDescription(/\.exe files are not accepted/);
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('setup.exe was not added'));
    expect(mock.db.requests).toHaveLength(0);
  });

  it('takes labels per component', () => {
    setup();
    const { wrapper } = setup();
    render(
      <DocumentUploader
        type="utilityBill"
        labels={{ browseButton: 'Facture…', status: { complete: 'Terminé' } }}
      />,
      {
        wrapper,
      },
    );
    expect(within(document.body).getByRole('button', { name: 'Facture…' })).toBeInTheDocument();
  });
});
