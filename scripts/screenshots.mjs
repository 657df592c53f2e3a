// Screenshots of stories in Debian's Chromium (playwright-core): node scripts/screenshots.mjs [baseUrl] [storyId...]
// Writes PNGs to test-results/screenshots/. Waits for each story's play function to finish.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base = 'http://localhost:6006', ...ids] = process.argv.slice(2);
const stories =
  ids.length > 0
    ? ids
    : ['pages-installer-portal--submits-document-ids', 'components-documentgallery--documents'];
const out = 'test-results/screenshots';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
for (const id of stories) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
  await page.waitForFunction(
    () => {
      const root = document.querySelector('#storybook-root');
      return root !== null && root.childElementCount > 0;
    },
    undefined,
    { timeout: 30_000 },
  );
  // play functions finish with the story's last assertion; give them time, then settle
  await page.waitForTimeout(Number(process.env.SETTLE_MS ?? 8000));
  await page.screenshot({ path: `${out}/${id}.png`, fullPage: true });
  process.stdout.write(
    `${id}: ${out}/${id}.png${errors.length ? ` (errors: ${errors.slice(0, 3).join(' | ')})` : ''}\n`,
  );
  await page.close();
}
await browser.close();
