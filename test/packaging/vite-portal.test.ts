/**
 * examples/vite-portal from a fresh copy: installed against the packed library (npm pack → file: tarball), type
 * checked and built (`npm run build`), served with `vite preview` (which starts the emulator in the same process),
 * then driven in Chromium: the seeded document shows in the gallery, the plain form refuses an empty submit and
 * submits the uploaded bill's id, the react-hook-form form shows its validation message and submits the uploaded
 * photo's id, and the collect-then-upload field takes pages from two choices, reorders them and uploads one document
 * whose files are in that order (read back from the API). `vite` (dev) also starts the emulator on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';
import {
  copyExample,
  appPorts,
  npmInstall,
  packLibrary,
  PNG_1X1,
  remove,
  run,
  startNode,
  waitForHttp,
  workDir,
  type Background,
} from './harness';

describe('examples/vite-portal', () => {
  const work = workDir('lrd-vite-portal-');
  let app = '';
  let server: Background | undefined;
  let browser: Browser | undefined;
  let url = '';
  let api = '';

  beforeAll(async () => {
    app = copyExample('vite-portal', work, await packLibrary(work));
    await npmInstall(app);
    const { port, emulatorPort, env } = await appPorts();
    // without VITE_LIGHTREACH_BASE_URL the build is for the emulator, on the ports this run uses
    await run('npm', ['run', 'build'], { cwd: app, env: { ...process.env, ...env } });
    server = startNode(
      'node_modules/vite/bin/vite.js',
      ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
      app,
      env,
    );
    url = `http://127.0.0.1:${port}/`;
    api = `http://127.0.0.1:${emulatorPort}/api/v2/accounts/acc_portal`;
    await waitForHttp(url, server);
    await waitForHttp(`http://127.0.0.1:${emulatorPort}/`, server);
    browser = await chromium.launch(chromiumLaunchOptions());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    remove(work);
  });

  async function open(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    return { page, errors };
  }

  it('the plain form: an empty submit is refused, the uploaded bill is submitted', async () => {
    const { page, errors } = await open();
    await page.getByText('march-utility-bill.pdf').first().waitFor();
    const form = page.locator('[data-form="plain"]');
    await form.getByRole('button', { name: 'Submit application' }).click();
    expect(await form.getByTestId('plain-result').count()).toBe(0);
    await form.locator('input[type=file]').setInputFiles({
      name: 'april-bill.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% vite portal smoke test\n'),
    });
    await form.locator('.lrd-upload-item[data-status="complete"]').waitFor({ timeout: 30_000 });
    await form.getByRole('button', { name: 'Submit application' }).click();
    await expect
      .poll(() => form.getByTestId('plain-result').textContent())
      .toMatch(/^Submitted 1 utility bill: \S+$/);
    // the gallery picks up the new document
    await page.getByText('april-bill.pdf').last().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the react-hook-form form: validation, then the uploaded photo is submitted', async () => {
    const { page, errors } = await open();
    const form = page.locator('[data-form="rhf"]');
    await form.getByRole('button', { name: 'Submit survey' }).click();
    await expect
      .poll(() => form.getByTestId('rhf-error').textContent())
      .toBe('Upload at least one roof photo.');
    await form.getByLabel('Installer').fill('Ada Installer');
    await form.locator('input[type=file]').setInputFiles({
      name: 'roof.png',
      mimeType: 'image/png',
      buffer: PNG_1X1,
    });
    await form.locator('.lrd-upload-item[data-status="complete"]').waitFor({ timeout: 30_000 });
    await form.getByRole('button', { name: 'Submit survey' }).click();
    await expect
      .poll(() => form.getByTestId('rhf-result').textContent())
      .toMatch(/^Survey by Ada Installer with 1 roof photo: \S+$/);
    expect(await form.getByTestId('rhf-error').textContent()).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('collect, then upload: pages chosen twice, put in order, uploaded as one document in that order', async () => {
    const { page, errors } = await open();
    const form = page.locator('[data-form="pages"]');
    const pdf = (name: string) => ({
      name,
      mimeType: 'application/pdf',
      buffer: Buffer.from(`%PDF-1.4\n% ${name}\n`),
    });
    await form.locator('input[type=file]').setInputFiles(pdf('page-b.pdf'));
    await form.locator('input[type=file]').setInputFiles(pdf('page-a.pdf'));
    const collected = form.getByRole('list', { name: '2 files to upload' });
    const names = () => collected.locator('.lrd-upload-item__name').allTextContents();
    await expect.poll(names).toEqual(['page-b.pdf', 'page-a.pdf']);
    await form.getByRole('button', { name: 'Move page-a.pdf up' }).click();
    await expect.poll(names).toEqual(['page-a.pdf', 'page-b.pdf']);
    // nothing is sent before Upload, and the form will not submit while pages wait
    await form.getByRole('button', { name: 'Submit site plan' }).click();
    expect(await form.getByTestId('pages-result').count()).toBe(0);
    await form.getByRole('button', { name: 'Upload 2 files' }).click();
    await expect
      .poll(() => form.locator('.lrd-upload-item[data-status="complete"]').count(), { timeout: 30_000 })
      .toBe(2);
    await form.getByRole('button', { name: 'Submit site plan' }).click();
    await expect
      .poll(() => form.getByTestId('pages-result').textContent())
      .toMatch(/^Submitted 1 site plan: \S+$/);
    const id = (await form.getByTestId('pages-result').textContent())!.split(': ')[1]!;
    const response = await fetch(`${api}/documents/${id}`, {
      headers: { authorization: 'Bearer portal-dev-token' },
    });
    const document = (await response.json()) as { files: { originalName: string }[] };
    expect(document.files.map((f) => f.originalName)).toEqual(['page-a.pdf', 'page-b.pdf']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('vite (dev) starts the emulator with the seeded account, nothing else to start', async () => {
    const { port, emulatorPort, env } = await appPorts();
    const dev = startNode(
      'node_modules/vite/bin/vite.js',
      ['--host', '127.0.0.1', '--port', String(port), '--strictPort'],
      app,
      env,
    );
    try {
      await waitForHttp(`http://127.0.0.1:${port}/`, dev);
      const list = `http://127.0.0.1:${emulatorPort}/api/v2/accounts/acc_portal/documents`;
      await waitForHttp(list, dev);
      const response = await fetch(list, { headers: { authorization: 'Bearer portal-dev-token' } });
      expect(JSON.stringify(await response.json())).toContain('march-utility-bill.pdf');
    } finally {
      await dev.stop();
    }
  });
});
