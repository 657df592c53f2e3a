/**
 * Packaging smoke test: the tarball `npm pack` makes, installed into a fresh Vite + React app outside the repo
 * (under os.tmpdir()), built, served, and loaded in Chromium (playwright-core): the drop-in uploader renders and
 * uploads one file to the loopback emulator. Twice: with React 18 and with React 19 installed (both supported
 * peers, run, not only type-checked); the page reports the React version it really runs. Catches what unit tests
 * cannot: `files`, `exports`, the CSS entry, dependencies missing from package.json, and a bundle that only works
 * inside this repo.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';
import { startMockServer, type MockServer } from '../../src/mock/server';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  devDependencies: Record<string, string>;
};

const APP_MAIN = `
import { createElement as h, version } from 'react';
import { createRoot } from 'react-dom/client';
import { DocumentsProvider, DocumentUploader } from 'react-lightreach-documents';
import 'react-lightreach-documents/styles.css';

const params = new URLSearchParams(location.search);
createRoot(document.getElementById('root')).render(
  h(
    DocumentsProvider,
    { baseUrl: params.get('api'), accountId: params.get('account'), getAccessToken: () => params.get('token') },
    h('label', { htmlFor: 'bill' }, 'Utility bill'),
    h(DocumentUploader, { id: 'bill', type: 'utilityBill' }),
    h('output', { id: 'react-version' }, version),
  ),
);
`;

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** The React versions the package is run under: 18 (the oldest supported peer) and the one this repo develops on. */
const REACT_VERSIONS = [
  { major: 18, react: '18.3.1' },
  { major: 19, react: pkg.devDependencies.react! },
] as const;

describe.each(REACT_VERSIONS)(
  'the packed package in a fresh Vite app with React $major',
  ({ major, react }) => {
    const work = mkdtempSync(join(tmpdir(), `lrd-pack-react${major}-`));
    const app = join(work, 'app');
    let emulator: MockServer | undefined;
    let site: Server | undefined;
    let browser: Browser | undefined;

    beforeAll(async () => {
      if (!existsSync(join(root, 'dist/index.js'))) {
        throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
      }
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root });
      const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
      mkdirSync(join(app, 'src'), { recursive: true });
      const dev = pkg.devDependencies;
      writeFileSync(
        join(app, 'package.json'),
        JSON.stringify({
          name: 'lrd-packaging-smoke',
          private: true,
          type: 'module',
          dependencies: {
            [pkg.name]: `file:${join(work, filename)}`,
            react,
            'react-dom': react,
            '@tanstack/react-query': dev['@tanstack/react-query'],
          },
          devDependencies: { vite: dev.vite, '@vitejs/plugin-react': dev['@vitejs/plugin-react'] },
        }),
      );
      writeFileSync(
        join(app, 'index.html'),
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>smoke</title></head><body><div id="root"></div><script type="module" src="/src/main.js"></script></body></html>',
      );
      writeFileSync(join(app, 'src/main.js'), APP_MAIN);
      writeFileSync(
        join(app, 'vite.config.js'),
        "import { defineConfig } from 'vite';\nimport react from '@vitejs/plugin-react';\nexport default defineConfig({ plugins: [react()], logLevel: 'warn' });\n",
      );
      await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: app,
      });
      await run(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: app });
      [emulator, site] = await Promise.all([
        startMockServer({ processingDelayMs: 50 }),
        serve(join(app, 'dist')),
      ]);
      browser = await chromium.launch(chromiumLaunchOptions());
    });

    afterAll(async () => {
      await browser?.close();
      await new Promise((done) => (site === undefined ? done(undefined) : site.close(done)));
      await emulator?.close();
      rmSync(work, { recursive: true, force: true });
    });

    /** Opens the consumer app on the emulator and waits for its uploader. */
    async function openApp(page: Page): Promise<void> {
      const { port } = site!.address() as AddressInfo;
      const query = new URLSearchParams({
        api: emulator!.url,
        account: emulator!.accountId,
        token: emulator!.token,
      });
      await page.goto(`http://127.0.0.1:${port}/?${query.toString()}`);
      await page.getByRole('button', { name: 'Utility bill' }).waitFor();
    }

    it('renders the drop-in uploader and uploads one file to the emulator', async () => {
      const page = await browser!.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await openApp(page);
      // the stylesheet from the package's ./styles.css export is applied
      expect(await page.locator('.lrd-dropzone').evaluate((el) => getComputedStyle(el).display)).not.toBe(
        'inline',
      );
      await page.locator('input[type=file]').setInputFiles({
        name: 'packed-bill.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% packaging smoke test\n'),
      });
      await page.locator('.lrd-upload-item[data-status="complete"]').waitFor({ timeout: 30_000 });
      expect([...emulator!.mock.db.documents.values()]).toHaveLength(1);
      expect(await page.locator('#react-version').textContent()).toBe(react);
      expect(react.startsWith(`${major}.`)).toBe(true);
      expect(errors).toEqual([]);
    });

    it('waits for the connection when the whole page goes offline mid-upload, then finishes by itself', async () => {
      const page = await browser!.newPage();
      await openApp(page);
      const before = emulator!.mock.db.documents.size;
      // The PUT's answer is held, so the file is mid-upload when the connection goes.
      const stall = emulator!.mock.control.stallPuts();
      try {
        await page.locator('input[type=file]').setInputFiles({
          name: 'offline-bill.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.from('%PDF-1.4\n% offline smoke test\n'),
        });
        const row = page.locator('.lrd-upload-item', { hasText: 'offline-bill.pdf' });
        await row.and(page.locator('[data-status="finalizing"], [data-status="uploading"]')).waitFor();
        await page.context().setOffline(true);
        await row.and(page.locator('[data-status="waiting"]')).waitFor();
        expect(await row.textContent()).toContain('Waiting for connection');
      } finally {
        stall.release();
      }
      await page.context().setOffline(false);
      await page
        .locator('.lrd-upload-item[data-status="complete"]', { hasText: 'offline-bill.pdf' })
        .waitFor({ timeout: 30_000 });
      expect(emulator!.mock.db.documents.size).toBe(before + 1);
    });
  },
);
