/**
 * examples/next-app-router from a fresh copy: installed against the packed library (npm pack → file: tarball),
 * built with `next build` (Turbopack, TypeScript checked), started with `next start` (instrumentation.ts starts the
 * emulator in the same process), then:
 * - the page's HTML is rendered per request (no-store) with the prefetched documents in it (the server entry's
 *   query options and `shouldHandOffQuery` through `HydrationBoundary`);
 * - in Chromium the browser does not list the documents again on load, uploads a bill, and the form's server
 *   action receives the id, checks it with the API and answers with the document's name;
 * - `next dev` also starts on the emulator alone and renders the same page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';
import {
  copyExample,
  appPorts,
  npmInstall,
  packLibrary,
  remove,
  run,
  startNode,
  waitForHttp,
  workDir,
  type Background,
} from './harness';

const NEXT = 'node_modules/next/dist/bin/next';
const SEEDED = 'march-utility-bill.pdf';

async function ports() {
  const { port, emulatorPort, env } = await appPorts();
  return { port, emulatorPort, env: { NEXT_TELEMETRY_DISABLED: '1', ...env } };
}

describe('examples/next-app-router', () => {
  const work = workDir('lrd-next-app-');
  let app = '';
  let server: Background | undefined;
  let browser: Browser | undefined;
  let url = '';
  let listPath = '';

  beforeAll(async () => {
    app = copyExample('next-app-router', work, await packLibrary(work));
    await npmInstall(app);
    await run(process.execPath, [NEXT, 'build'], {
      cwd: app,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const { port, emulatorPort, env } = await ports();
    server = startNode(NEXT, ['start', '--hostname', '127.0.0.1', '--port', String(port)], app, env);
    url = `http://127.0.0.1:${port}/`;
    listPath = `127.0.0.1:${emulatorPort}/api/v2/accounts/acc_next_demo/documents`;
    await waitForHttp(url, server);
    browser = await chromium.launch(chromiumLaunchOptions());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    remove(work);
  });

  it('renders the prefetched documents into the page, per request and uncached', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    const html = await response.text();
    expect(html).toContain(SEEDED);
    expect(html).toContain('lrd-dropzone');
  });

  it('hydrates without listing again, uploads a bill and the server action receives its id', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    const lists: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      const target = new URL(request.url());
      if (request.method() === 'GET' && `${target.host}${target.pathname}` === listPath)
        lists.push(request.url());
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByText(SEEDED).first().waitFor();
    expect(lists, 'the hand-off serves the first list').toEqual([]);

    // native validation: nothing is submitted without the homeowner and the bill
    await page.getByRole('button', { name: 'Submit application' }).click();
    expect(await page.getByTestId('result').textContent()).toBe('');

    await page.getByLabel('Homeowner').fill('Ada Homeowner');
    await page.locator('input[type=file]').setInputFiles({
      name: 'smoke-bill.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% next app router smoke test\n'),
    });
    await page.locator('.lrd-upload-item[data-status="complete"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Submit application' }).click();
    await expect
      .poll(() => page.getByTestId('result').textContent(), { timeout: 15_000 })
      .toBe('Application for Ada Homeowner received with 1 utility bill: smoke-bill.pdf');
    expect(await page.getByTestId('result').getAttribute('data-ok')).toBe('true');
    // the upload refreshed the gallery's list in the browser
    await page.getByText('smoke-bill.pdf').last().waitFor();
    expect(lists.length, 'the request filter sees the list the upload refreshed').toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('next dev runs on the emulator with no other service', async () => {
    const { port, env } = await ports();
    const dev = startNode(NEXT, ['dev', '--hostname', '127.0.0.1', '--port', String(port)], app, env);
    try {
      const devUrl = `http://127.0.0.1:${port}/`;
      await waitForHttp(devUrl, dev, 90_000);
      const html = await (await fetch(devUrl, { signal: AbortSignal.timeout(90_000) })).text();
      expect(html).toContain(SEEDED);
      expect(dev.output()).toContain('Documents API emulator on');
    } finally {
      await dev.stop();
    }
  });
});
