/**
 * What the end-to-end tests render and observe: the drop-in uploader and the gallery on the loopback emulator
 * (test/browser/globalSetup.ts), the files they choose, and a recorder of what the user saw.
 */
import { inject } from 'vitest';
import { commands, page } from 'vitest/browser';
import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { DocumentGallery, DocumentUploader, DocumentsProvider, type DocumentUploaderProps } from '../../src';
import '../../src/styles.css';
import { encodeBase64 } from '../../stories/emulator/protocol';
import { makeImage, makePdf } from '../../stories/emulator/files';
import type { ChooserFile } from '../browser/commands';

export const emulator = inject('emulator');

/** Fast retries, so fault cases settle in seconds (the policy itself is tested in the dom project). */
export const FAST_RETRY = { retry: { baseDelayMs: 50, maxDelayMs: 300 } };

/** Renders `<DocumentUploader>` and `<DocumentGallery>` under one provider with a fresh QueryClient. */
export function renderApp(uploader: Partial<DocumentUploaderProps> = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1 } } });
  return render(
    <div className="lrd-root" style={{ padding: 16 }}>
      <DocumentsProvider
        baseUrl={emulator.url}
        accountId={emulator.accountId}
        getAccessToken={() => emulator.token}
        queryClient={queryClient}
      >
        <label htmlFor="e2e-upload">Documents</label>
        <DocumentUploader id="e2e-upload" type="sitePhoto" engineOptions={FAST_RETRY} {...uploader} />
        <DocumentGallery />
      </DocumentsProvider>
    </div>,
  );
}

/** A file for Playwright's chooser from a browser-made File. */
export async function toChooserFile(file: File): Promise<ChooserFile> {
  return {
    name: file.name,
    mimeType: file.type,
    base64: encodeBase64(new Uint8Array(await file.arrayBuffer())),
  };
}

export const FIVE_MB = 5 * 1024 * 1024;

/** An image (a real PNG drawn on a canvas), a PDF and a 5 MB file. */
export async function threeFiles(): Promise<ChooserFile[]> {
  return [
    await toChooserFile(await makeImage('roof-south.png', { hue: 20 })),
    await toChooserFile(makePdf('utility-bill.pdf')),
    { name: 'site-survey-5mb.pdf', mimeType: 'application/pdf', size: FIVE_MB },
  ];
}

/** The upload row of a file. */
export function row(name: string): HTMLElement | null {
  for (const element of document.querySelectorAll<HTMLElement>('.lrd-upload-item')) {
    if (element.querySelector('.lrd-upload-item__name')?.textContent === name) return element;
  }
  return null;
}

export const statusOf = (name: string) => row(name)?.getAttribute('data-status') ?? undefined;

/**
 * Records, per file, every status its row showed and every `aria-valuenow` of its progress bar, from DOM mutations
 * (so short-lived states are not missed between polls).
 */
export function recordRows() {
  const statuses = new Map<string, string[]>();
  const progress = new Map<string, number[]>();
  const push = <T,>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key) ?? [];
    if (list.at(-1) !== value) list.push(value);
    map.set(key, list);
  };
  const scan = () => {
    for (const element of document.querySelectorAll<HTMLElement>('.lrd-upload-item')) {
      const name = element.querySelector('.lrd-upload-item__name')?.textContent ?? '';
      const status = element.getAttribute('data-status');
      if (status !== null) push(statuses, name, status);
      const now = element.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
      if (now != null) push(progress, name, Number(now));
    }
  };
  const observer = new MutationObserver(scan);
  observer.observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-status', 'aria-valuenow'],
  });
  scan();
  return {
    statuses: (name: string) => statuses.get(name) ?? [],
    progress: (name: string) => progress.get(name) ?? [],
    stop: () => observer.disconnect(),
  };
}

/** The requests the emulator saw, by endpoint. */
export async function requestsTo(endpoint: string) {
  return (await commands.mockRequests()).filter((r) => r.endpoint === endpoint);
}

/** A screenshot for people to look at (test-results/ is git-ignored). */
export async function screenshot(name: string) {
  await page.screenshot({ path: `../../test-results/screenshots/e2e-${name}.png` });
}

/** `document.activeElement`, as something expect can describe. */
export const focused = () => document.activeElement as HTMLElement | null;
