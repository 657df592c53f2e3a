/**
 * DocumentUploader in the field: a reload mid-job, files to pick again, offline, re-renders while files upload and
 * the confirmation before leaving. Against the emulator.
 */
import { QueryClient } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Connectivity, UploadPersistence } from '../../src/core';
import { DocumentUploader, DocumentsProvider, type DocumentUploaderProps } from '../../src';
import { setup, textFile, type Harness } from '../react/helpers';

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 }, tracking: { pollIntervalMs: 20 } };
const fileInput = () => document.querySelector<HTMLInputElement>('input[type=file]')!;
const choose = (...files: File[]) => userEvent.upload(fileInput(), files, { applyAccept: false });
const row = (name: string) => screen.getByText(name, { selector: '.lrd-upload-item__name' }).closest('li')!;
const rows = () =>
  [...document.querySelectorAll('.lrd-upload-item')].map((li) => [
    li.querySelector('.lrd-upload-item__name')?.textContent,
    li.getAttribute('data-status'),
  ]);

function memoryStorage(entries = new Map<string, string>()): UploadPersistence & {
  copy(): UploadPersistence & { copy(): unknown };
} {
  return {
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => {
      entries.set(key, value);
    },
    removeItem: (key) => {
      entries.delete(key);
    },
    copy: () => memoryStorage(new Map(entries)),
  };
}

/** A connection that tests switch on and off. */
function switchableConnectivity(online = true): Connectivity & { set(online: boolean): void } {
  const listeners = new Set<(online: boolean) => void>();
  return {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    set(next) {
      online = next;
      for (const listener of [...listeners]) listener(next);
    },
  };
}

/** A provider for the harness's emulator with a QueryClient of its own: a page after a reload. */
function freshPage(h: Harness) {
  const queryClient = new QueryClient();
  return ({ children }: { children?: ReactNode }) => (
    <DocumentsProvider
      baseUrl={h.mock.baseUrl}
      accountId={h.mock.accountId}
      getAccessToken={() => h.mock.token}
      queryClient={queryClient}
    >
      {children}
    </DocumentsProvider>
  );
}

const leave = (): boolean => {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
};

describe('DocumentUploader after a reload', () => {
  it('shows the field’s files again and puts their documents into the form', async () => {
    const h = setup();
    const storage = memoryStorage();
    // Job events are held back, so the page "dies" while the job is processing, whatever the machine's speed.
    h.mock.control.latency(60_000, 'sse');
    h.mock.control.latency(60_000, 'job');
    const field = (props: Partial<DocumentUploaderProps> & { persistence: UploadPersistence }) => (
      <form aria-label="application">
        <DocumentUploader
          type="utilityBill"
          name="billIds"
          engineOptions={{ ...fast, persistence: props.persistence }}
          {...props}
        />
      </form>
    );
    const before = render(field({ persistence: storage }), { wrapper: h.wrapper });
    await choose(textFile('bill.pdf', '%PDF-1.4 bill'));
    await waitFor(() => expect(row('bill.pdf')).toHaveAttribute('data-status', 'processing'));
    const reloaded = storage.copy();
    before.unmount();
    h.mock.control.latency(0, 'sse');
    h.mock.control.latency(0, 'job');

    const onComplete = vi.fn();
    render(field({ persistence: reloaded, onComplete }), { wrapper: freshPage(h) });
    await waitFor(() => expect(row('bill.pdf')).toHaveAttribute('data-status', 'complete'));
    const form = screen.getByRole<HTMLFormElement>('form', { name: 'application' });
    await waitFor(() => expect(new FormData(form).getAll('billIds')).toHaveLength(1));
    const [stored] = [...h.mock.db.documents.values()];
    expect(new FormData(form).getAll('billIds')).toEqual([stored!.id]);
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it('asks to pick again the files whose bytes had not landed, politely, and the notice can be dismissed by keyboard', async () => {
    const h = setup();
    const storage = memoryStorage();
    h.mock.control.stallPuts();
    const before = render(
      <DocumentUploader
        type="utilityBill"
        name="billIds"
        engineOptions={{ ...fast, persistence: storage }}
      />,
      { wrapper: h.wrapper },
    );
    await choose(textFile('half.pdf', 'half'), textFile('other.pdf', 'other'));
    await waitFor(() => expect(h.count('put')).toBe(2));
    const reloaded = storage.copy();
    before.unmount();
    h.mock.control.reset();

    render(
      <DocumentUploader
        type="utilityBill"
        name="billIds"
        engineOptions={{ ...fast, persistence: reloaded }}
      />,
      { wrapper: freshPage(h) },
    );
    const notice = await screen.findByText(/not uploaded before the page reloaded/, {
      selector: '.lrd-uploader__reselect span',
    });
    expect(notice).toHaveTextContent(
      'These files were not uploaded before the page reloaded; choose them again: half.pdf, other.pdf.',
    );
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('choose them again: half.pdf, other.pdf.'),
    );
    expect(rows()).toEqual([]);

    const dismiss = screen.getByRole('button', { name: 'Dismiss' });
    dismiss.focus();
    await userEvent.keyboard('{Enter}');
    expect(document.querySelector('.lrd-uploader__reselect')).toBeNull();
    // Focus stays in the field, on its file chooser.
    expect(screen.getByRole('button', { name: 'Choose files' })).toHaveFocus();
  });
});

describe('DocumentUploader offline', () => {
  it('shows files as waiting for the connection while offline, says so politely, and uploads them when it returns', async () => {
    const h = setup();
    const connectivity = switchableConnectivity(false);
    render(
      <DocumentUploader type="utilityBill" engineOptions={{ ...fast, persistence: false, connectivity }} />,
      { wrapper: h.wrapper },
    );
    await choose(textFile('bill.pdf', 'bill'));
    await waitFor(() => expect(row('bill.pdf')).toHaveAttribute('data-status', 'waiting'));
    expect(row('bill.pdf')).toHaveTextContent('Waiting for connection');
    expect(document.querySelector('.lrd-uploader__offline')).toHaveTextContent(
      'Offline: uploads resume when the connection returns.',
    );
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Offline: uploads resume when the connection returns.',
      ),
    );
    expect(h.count('init')).toBe(0);

    act(() => {
      connectivity.set(true);
    });
    await waitFor(() => expect(row('bill.pdf')).toHaveAttribute('data-status', 'complete'));
    expect(document.querySelector('.lrd-uploader__offline')).toBeNull();
    expect(h.mock.db.documents.size).toBe(1);
  });
});

describe('DocumentUploader re-renders', () => {
  it('keeps the files in flight when its props change, and the next files follow the new props', async () => {
    const h = setup();
    const stall = h.mock.control.stallPuts();
    const engineOptions = { ...fast, persistence: false as const };
    const { rerender } = render(
      <DocumentUploader
        type="utilityBill"
        externalReference="ref-1"
        accept={['pdf']}
        engineOptions={engineOptions}
      />,
      { wrapper: h.wrapper },
    );
    await choose(textFile('a.pdf', 'a'));
    await waitFor(() => expect(h.count('put')).toBe(1));
    rerender(
      <DocumentUploader
        type="permit"
        externalReference="ref-2"
        accept={['png']}
        maxFiles={2}
        grouped={false}
        engineOptions={{ ...engineOptions }}
      />,
    );
    expect(rows()).toHaveLength(1);
    expect(row('a.pdf').getAttribute('data-status')).toMatch(/^(uploading|finalizing)$/);
    await choose(textFile('b.png', 'b'), textFile('c.pdf', 'c'));
    stall.release();
    await waitFor(() =>
      expect(rows().sort()).toEqual([
        ['a.pdf', 'complete'],
        ['b.png', 'complete'],
        ['c.pdf', 'rejected'],
      ]),
    );
    const documents = [...h.mock.db.documents.values()].map((d) => [
      d.files[0]?.originalName,
      d.type,
      d.externalReference,
    ]);
    expect(documents).toEqual([
      ['a.pdf', 'utilityBill', 'ref-1'],
      ['b.png', 'permit', 'ref-2'],
    ]);
  });
});

describe('DocumentUploader leaving the page', () => {
  it('asks to confirm leaving while a file uploads, unless confirmLeave is false', async () => {
    const h = setup();
    const stall = h.mock.control.stallPuts();
    const engineOptions = { ...fast, persistence: false as const };
    const { rerender } = render(<DocumentUploader type="utilityBill" engineOptions={engineOptions} />, {
      wrapper: h.wrapper,
    });
    await choose(textFile('a.pdf', 'a'));
    await waitFor(() => expect(leave()).toBe(true));
    rerender(<DocumentUploader type="utilityBill" confirmLeave={false} engineOptions={engineOptions} />);
    expect(leave()).toBe(false);
    rerender(<DocumentUploader type="utilityBill" engineOptions={engineOptions} />);
    expect(leave()).toBe(true);
    stall.release();
    await waitFor(() => expect(row('a.pdf')).toHaveAttribute('data-status', 'complete'));
    expect(leave()).toBe(false);
  });
});
