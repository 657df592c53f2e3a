/**
 * Live regions summarise: one short sentence per update, however many files were refused or failed at once. One
 * file is still named (with its reason, kept short); several are counted, and the visible list has the details.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DocumentUploader, Dropzone } from '../../src';
import { setup, textFile } from '../react/helpers';

/** A bound well above one sentence, far below a list of files. */
const SHORT = 200;

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 }, tracking: { pollIntervalMs: 20 } };
const exe = (index: number) =>
  new File(['MZ'], `installer-with-a-rather-long-name-${String(index).padStart(3, '0')}.exe`, {
    type: 'application/x-msdownload',
  });
const badFiles = (count: number) => Array.from({ length: count }, (_, index) => exe(index + 1));

function transfer(files: File[]) {
  return {
    files,
    items: files.map((file) => ({ kind: 'file', type: file.type, getAsFile: () => file })),
    types: ['Files'],
  };
}

const zone = () => screen.getByRole('group', { name: 'Drag files here' });
const fileInput = () => document.querySelector<HTMLInputElement>('input[type=file]')!;
const choose = (...files: File[]) => userEvent.upload(fileInput(), files, { applyAccept: false });

/** Every text a live region showed, recorded as it changes. */
function recordRegion(region: Element): string[] {
  const texts: string[] = [];
  const record = () => {
    const text = region.textContent ?? '';
    if (text !== '' && texts.at(-1) !== text) texts.push(text);
  };
  record();
  new MutationObserver(record).observe(region, { subtree: true, childList: true, characterData: true });
  return texts;
}

describe('Dropzone live region', () => {
  it('announces 500 refused files as one short count, and still lists every one', async () => {
    render(<Dropzone onDrop={() => undefined} />);
    fireEvent.drop(zone(), { dataTransfer: transfer(badFiles(500)) });
    const alert = await screen.findByRole('alert');
    const text = alert.textContent ?? '';
    expect(text.length).toBeLessThan(SHORT);
    expect(text).toBe('500 files were not added: see the list.');
    // The details stay on screen, outside the live region.
    expect(document.querySelectorAll('.lrd-dropzone__rejection')).toHaveLength(500);
    expect(alert.querySelector('.lrd-dropzone__rejection')).toBeNull();
    // The button's description is the summary, not the whole list.
    const button = screen.getByRole('button', { name: 'Choose files' });
    expect(button).toHaveAccessibleDescription(/500 files were not added/);
    expect(button.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
  });

  it('names one refused file with its reason', async () => {
    render(<Dropzone onDrop={() => undefined} />);
    fireEvent.drop(zone(), { dataTransfer: transfer([exe(7)]) });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'installer-with-a-rather-long-name-007.exe was not added: .exe files are not accepted.',
    );
    expect((alert.textContent ?? '').length).toBeLessThan(SHORT);
  });

  it('keeps one refused file short when its name is huge', async () => {
    const name = `${'n'.repeat(5000)}.exe`;
    render(<Dropzone onDrop={() => undefined} />);
    fireEvent.drop(zone(), { dataTransfer: transfer([new File(['MZ'], name)]) });
    const alert = await screen.findByRole('alert');
    const text = alert.textContent ?? '';
    expect(text.length).toBeLessThan(SHORT);
    expect(text.startsWith('nnnnnnnnnn')).toBe(true);
    expect(text).toContain('…');
    expect(text).toContain('was not added');
  });

  it('takes the count sentence from the labels', async () => {
    render(
      <Dropzone
        onDrop={() => undefined}
        labels={{ announceRejectedCount: (count) => `${count} fichiers refusés.` }}
      />,
    );
    fireEvent.drop(zone(), { dataTransfer: transfer(badFiles(3)) });
    expect(await screen.findByRole('alert')).toHaveTextContent('3 fichiers refusés.');
  });
});

describe('DocumentUploader live regions', () => {
  it('announces 500 refused files as one short sentence', async () => {
    const { mock, wrapper } = setup();
    render(<DocumentUploader type="utilityBill" accept={['pdf']} engineOptions={fast} />, { wrapper });
    const alert = screen.getByRole('alert');
    const said = recordRegion(alert);
    await act(async () => {
      await choose(...badFiles(500));
    });
    await waitFor(() => expect(alert).toHaveTextContent('500 files were not added: see the list.'));
    expect(said.every((text) => text.length < SHORT)).toBe(true);
    expect(said).toEqual(['500 files were not added: see the list.']);
    // The list renders the first rows; the rest on scroll, or from the button at its end.
    expect(document.querySelectorAll('.lrd-upload-item[data-status="rejected"]')).toHaveLength(50);
    await userEvent.click(screen.getByRole('button', { name: 'Show 450 more files' }));
    expect(document.querySelectorAll('.lrd-upload-item[data-status="rejected"]')).toHaveLength(100);
    expect(mock.db.requests).toHaveLength(0);
  });

  it('still names one refused file', async () => {
    const { wrapper } = setup();
    render(<DocumentUploader type="utilityBill" accept={['pdf']} engineOptions={fast} />, { wrapper });
    await choose(exe(1));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'installer-with-a-rather-long-name-001.exe was not added: .exe files are not accepted.',
      ),
    );
  });

  it('announces many files failing at once as one short count', async () => {
    const { mock, wrapper } = setup();
    // init refuses the batch with a long server message: every file fails in the same update.
    mock.control.failEndpoint('init', {
      status: 400,
      count: 10,
      body: { statusCode: 400, error: 'Bad Request', message: `Refused: ${'reason '.repeat(2000)}` },
    });
    render(<DocumentUploader type="utilityBill" grouped={false} engineOptions={fast} />, { wrapper });
    const alert = screen.getByRole('alert');
    const said = recordRegion(alert);
    await choose(...Array.from({ length: 20 }, (_, index) => textFile(`bill-${index + 1}.pdf`, 'x')));
    await waitFor(() =>
      expect(document.querySelectorAll('.lrd-upload-item[data-status="failed"]')).toHaveLength(20),
    );
    await waitFor(() => expect(alert).toHaveTextContent('20 files failed: see the list.'));
    expect(said.length).toBeGreaterThan(0);
    expect(said.every((text) => text.length < SHORT)).toBe(true);
  });

  it('keeps one failure short when the server message is long', async () => {
    const { mock, wrapper } = setup();
    mock.control.failEndpoint('init', {
      status: 400,
      count: 10,
      body: { statusCode: 400, error: 'Bad Request', message: `Refused: ${'reason '.repeat(2000)}` },
    });
    render(<DocumentUploader type="utilityBill" engineOptions={fast} />, { wrapper });
    const alert = screen.getByRole('alert');
    const said = recordRegion(alert);
    await choose(textFile('bill.pdf', 'x'));
    await waitFor(() => expect(alert).toHaveTextContent(/^bill\.pdf failed: /));
    expect(said.every((text) => text.length < SHORT)).toBe(true);
  });
});
