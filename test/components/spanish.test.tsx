/**
 * The Spanish catalogue is complete: with `labels={esLabels}` on the provider, no string of the English catalogue
 * and no English message of the core (./english.ts) is left in the DOM (text, accessible names, titles, alt text, live
 * regions) of the uploader, the upload list and the gallery, in each of their states.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DocumentGallery, DocumentUploader, UploadList, defaultLabels } from '../../src';
import {
  ForbiddenError,
  JobFailedError,
  NetworkError,
  RateLimitedError,
  UnavailableError,
  UPLOAD_STATUSES,
} from '../../src/core';
import { esLabels } from '../../src/locales/es';
import { setup, textFile } from '../react/helpers';
import { coreEnglish, englishMatcher, fragments, piecesOf } from './english';
import { makeItem } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ENGLISH = fragments(defaultLabels);
const findEnglish = englishMatcher([...ENGLISH, ...coreEnglish()]);

function expectNoEnglish(root: HTMLElement): void {
  const pieces = piecesOf(root);
  const left = [...new Set(pieces.flatMap((piece) => findEnglish(piece.text)))];
  expect(left, `English left in:\n${pieces.map((p) => p.text).join('\n')}`).toEqual([]);
}

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 }, tracking: { pollIntervalMs: 20 } };

describe('the Spanish catalogue', () => {
  it('covers every label of the English one', () => {
    expect(Object.keys(esLabels).sort()).toEqual(Object.keys(defaultLabels).sort());
    expect(Object.keys(esLabels.status).sort()).toEqual(Object.keys(defaultLabels.status).sort());
    expect(ENGLISH.length).toBeGreaterThan(60);
  });

  it('words every rejection and error from its code', () => {
    const texts = [
      esLabels.rejectionReason({
        code: 'invalid-extension',
        message: 'x',
        params: { extension: 'exe', allowed: ['pdf'] },
      }),
      esLabels.rejectionReason({ code: 'file-too-large', message: 'x', params: { maxSize: 1_500_000 } }),
      esLabels.rejectionReason({ code: 'too-many-files', message: 'x', params: { maxFiles: 3 } }),
      esLabels.errorMessage(new RateLimitedError('Too many. Try again in 90 s.', { retryAfterMs: 90_000 })),
      esLabels.errorMessage(new ForbiddenError('403', { reason: 'content-type' })),
      esLabels.errorMessage(new NetworkError('PUT upload failed: network')),
      esLabels.errorMessage(new UnavailableError('503')),
      esLabels.errorMessage(
        new JobFailedError('The upload job failed: corrupt file', { serverMessage: 'corrupt file' }),
      ),
    ];
    expect(texts).toEqual([
      'No se aceptan archivos .exe. Se aceptan: pdf.',
      'El archivo supera el límite de 1,5 MB.',
      'No se pueden añadir más de 3 archivos.',
      'Demasiadas solicitudes. Vuelve a intentarlo en 90 s.',
      'El almacenamiento rechazó el archivo (tipo de contenido).',
      'Falló la conexión.',
      'El servicio no está disponible.',
      'El servidor no pudo procesar el archivo (corrupt file).',
    ]);
  });

  it('leaves no English in the uploader: rejected, failed, complete, held and missing documents, bulk actions', async () => {
    const { mock, wrapper } = setup({}, { labels: esLabels });
    const [held] = await mock.seedDocuments([{ filename: 'factura.pdf', type: 'utilityBill' }]);
    mock.control.failNextPuts(1, { status: 400 });
    const { container } = render(
      <DocumentUploader
        type="utilityBill"
        name="ids"
        defaultValue={[held!.id, 'doc_missing']}
        maxSize={1_000_000}
        grouped={false}
        engineOptions={fast}
      />,
      { wrapper },
    );
    await waitFor(() => expect(container.querySelectorAll('[data-stored]').length).toBeGreaterThan(0));
    const input = container.querySelector<HTMLInputElement>('input[type=file]')!;
    const same = textFile('igual.pdf', 'x');
    await userEvent.upload(
      input,
      [
        textFile('mala.pdf', 'x'),
        textFile('virus.exe', 'x'),
        textFile('vacio.pdf', ''),
        same,
        same,
        textFile('bien.pdf', 'y'),
      ],
      { applyAccept: false },
    );
    await waitFor(() =>
      expect(container.querySelectorAll('[data-status="complete"]').length).toBeGreaterThanOrEqual(2),
    );
    await waitFor(() => expect(container.querySelector('[data-status="failed"]')).not.toBeNull());
    expectNoEnglish(document.body);
  });

  it('leaves no English while offline and after a reload with files to pick again', async () => {
    const { mock, wrapper } = setup({}, { labels: esLabels });
    const persistence = new Map<string, string>();
    persistence.set(
      `lrd:uploads:${mock.accountId}:utilityBill:ids`,
      JSON.stringify({
        version: 1,
        files: [{ name: 'perdido.pdf', size: 3, jobId: null, landed: false, status: 'initializing' }],
      }),
    );
    const storage = {
      getItem: (k: string) => persistence.get(k) ?? null,
      setItem: (k: string, v: string) => void persistence.set(k, v),
      removeItem: (k: string) => void persistence.delete(k),
    };
    const connectivity = { isOnline: () => false, subscribe: () => () => undefined };
    const { container } = render(
      <DocumentUploader
        type="utilityBill"
        name="ids"
        engineOptions={{ ...fast, persistence: storage, connectivity }}
      />,
      { wrapper },
    );
    await screen.findAllByText(/perdido\.pdf/);
    await userEvent.upload(
      container.querySelector<HTMLInputElement>('input[type=file]')!,
      [textFile('a.pdf')],
      {
        applyAccept: false,
      },
    );
    await waitFor(() => expect(container.querySelector('[data-status="waiting"]')).not.toBeNull());
    expectNoEnglish(document.body);
  });

  it('leaves no English in collect-then-upload', async () => {
    const { wrapper } = setup({}, { labels: esLabels });
    const { container } = render(
      <DocumentUploader type="utilityBill" autoUpload={false} engineOptions={fast} />,
      {
        wrapper,
      },
    );
    await userEvent.upload(
      container.querySelector<HTMLInputElement>('input[type=file]')!,
      [textFile('p1.pdf'), textFile('p2.pdf'), textFile('p3.exe')],
      { applyAccept: false },
    );
    await screen.findByText('p2.pdf');
    expectNoEnglish(document.body);
  });

  it('leaves no English in the upload list, whatever the status', () => {
    // Every status; failed and rejected ones with their error and reason below.
    const items = UPLOAD_STATUSES.filter((status) => status !== 'failed' && status !== 'rejected').map(
      (status) => makeItem(status),
    );
    items.push(makeItem('failed', { error: new NetworkError('PUT upload failed: network') }));
    items.push(
      makeItem('rejected', {
        rejection: [{ code: 'duplicate', message: 'This file is already in the list.' }],
      }),
    );
    const { wrapper } = setup({}, { labels: esLabels });
    render(
      <UploadList
        items={items}
        onRetry={() => undefined}
        onCancel={() => undefined}
        onRemove={() => undefined}
      />,
      {
        wrapper,
      },
    );
    expectNoEnglish(document.body);
  });

  it('leaves no English in the gallery, its preview and its archive confirmation', async () => {
    const { mock, wrapper } = setup({}, { labels: esLabels });
    await mock.seedDocuments([
      { filename: 'factura.pdf', type: 'utilityBill' },
      { type: 'roofPhoto', files: [{ filename: 'tejado-1.png' }, { filename: 'tejado-2.png' }] },
    ]);
    render(<DocumentGallery />, { wrapper });
    const [tile] = await screen.findAllByRole('button', { name: /factura\.pdf/ });
    expectNoEnglish(document.body);
    await userEvent.click(tile!);
    const dialog = await screen.findByRole('dialog');
    expectNoEnglish(document.body);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    const archive = screen.getAllByRole('button', { name: /^Archivar/ })[0]!;
    await userEvent.click(archive);
    await screen.findByRole('button', { name: 'Conservar' });
    expectNoEnglish(document.body);
    within(document.body).getByRole('button', { name: 'Conservar' });
  });
});

describe('the provider locale', () => {
  it('formats sizes in every component below it; a component prop still wins', () => {
    const { wrapper } = setup({}, { labels: esLabels, locale: 'es' });
    const items = [makeItem('queued', { name: 'a.pdf', size: 2_500_000 })];
    const { rerender } = render(<UploadList items={items} />, { wrapper });
    expect(document.body.textContent).toContain('2,5');
    rerender(<UploadList items={items} locale="en" />);
    expect(document.body.textContent).toContain('2.5');
  });
});
