// Screenshots of stories in Chromium (playwright-core): node scripts/screenshots.mjs [baseUrl] [storyId...]
// Needs a running Storybook (`npm start`). Writes PNGs to test-results/screenshots/ (git-ignored). Waits for each
// story's render and play function to finish (Storybook's render phase), not for a fixed time.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.mjs';

const [base = 'http://localhost:6006', ...ids] = process.argv.slice(2);
const stories =
  ids.length > 0
    ? ids
    : ['pages-installer-portal--submits-document-ids', 'components-documentgallery--documents'];
const out = 'test-results/screenshots';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch(chromiumLaunchOptions());
for (const id of stories) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
  // Storybook's StoryRender reaches `finished` after loaders, render and the play function (or `errored`).
  await page.waitForFunction(
    () => {
      const phase = globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase;
      return phase === 'finished' || phase === 'completed' || phase === 'errored' || phase === 'aborted';
    },
    undefined,
    { timeout: Number(process.env.STORY_TIMEOUT_MS ?? 60_000) },
  );
  // images (thumbnails from the emulator) decoded before the picture is taken
  await page.evaluate(() =>
    Promise.all(
      [...document.images].map((img) => (img.complete ? undefined : img.decode().catch(() => undefined))),
    ),
  );
  await page.screenshot({ path: `${out}/${id}.png`, fullPage: true });
  process.stdout.write(
    `${id}: ${out}/${id}.png${errors.length ? ` (errors: ${errors.slice(0, 3).join(' | ')})` : ''}\n`,
  );
  await page.close();
}
await browser.close();
