/**
 * A page of its own for the reload test: resilience.browser.test.tsx loads this module in a same-origin iframe
 * (its sessionStorage is the tester's) and reloads that frame: a real document reload, which the Vitest runner's
 * own page cannot survive. It renders one named `<DocumentUploader>` on the emulator, read from
 * `window[RELOAD_CONFIG_KEY]` (set by the frame's inline script, so it survives the reload), and lets the test
 * choose files in the frame's own realm (react-dropzone checks `instanceof File`).
 *
 * No Vitest imports: this runs outside the test runner.
 */
import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { DocumentUploader, DocumentsProvider } from '../../src';
import '../../src/styles.css';

export const RELOAD_CONFIG_KEY = '__lrdReloadFrame';

/** What the test hands the frame. */
export interface ReloadFrameConfig {
  url: string;
  accountId: string;
  token: string;
  /** The field's name (its recovery identity). */
  name: string;
  retry: { baseDelayMs: number; maxDelayMs: number };
}

/** What the frame offers the test once rendered. */
export interface ReloadFrameApi {
  /** Chooses `files` (zero bytes of the size) through the uploader's file input. */
  choose(files: { name: string; size: number; type: string }[]): void;
}

declare global {
  interface Window {
    [RELOAD_CONFIG_KEY]?: ReloadFrameConfig;
    __lrdReloadFrameApi?: ReloadFrameApi;
  }
}

function start(config: ReloadFrameConfig) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1 } } });
  render(
    <div className="lrd-root" style={{ padding: 16 }}>
      <DocumentsProvider
        baseUrl={config.url}
        accountId={config.accountId}
        getAccessToken={() => config.token}
        queryClient={queryClient}
      >
        <form>
          <label htmlFor="reload-upload">Roof photos</label>
          <DocumentUploader
            id="reload-upload"
            type="sitePhoto"
            grouped={false}
            name={config.name}
            engineOptions={{ retry: config.retry }}
          />
        </form>
      </DocumentsProvider>
    </div>,
    { container: document.getElementById('root') ?? document.body },
  );
  window.__lrdReloadFrameApi = {
    choose(files) {
      const input = document.querySelector<HTMLInputElement>('.lrd-uploader input[type=file]');
      if (input === null) throw new Error('The uploader has no file input.');
      const transfer = new DataTransfer();
      for (const f of files) transfer.items.add(new File([new Uint8Array(f.size)], f.name, { type: f.type }));
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
  };
}

const config = typeof window === 'undefined' ? undefined : window[RELOAD_CONFIG_KEY];
if (config !== undefined) start(config);
