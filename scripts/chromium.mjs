// Where the browser tests find Chromium, and how they launch it. Shared by vitest.config.ts (sync: Vite loads the
// config once), scripts/ensure-chromium.mjs, scripts/screenshots.mjs and the packaging smoke test.
// No test tool here may download a browser: Debian's `chromium` (apt) is the default.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Chromium flags for a headless run in a container (CI runs as root: no sandbox; no network chatter). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function onPath(name) {
  try {
    const found = execFileSync('sh', ['-c', `command -v ${name}`], {
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim();
    return found === '' ? undefined : found;
  } catch {
    return undefined;
  }
}

function playwrightBrowser() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    const path = chromium.executablePath();
    return path !== '' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds a Chromium executable: `CHROMIUM_PATH`, then `/usr/bin/chromium`, then `chromium` / `chromium-browser` on
 * the PATH, then a browser Playwright installed (`npx playwright install chromium`).
 * @returns {{ path: string, source: string } | { path: undefined, source: string }}
 */
export function findChromium(env = process.env) {
  const explicit = env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== '') {
    return existsSync(explicit)
      ? { path: explicit, source: 'CHROMIUM_PATH' }
      : { path: undefined, source: `CHROMIUM_PATH=${explicit} does not exist` };
  }
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', source: 'Debian chromium' };
  for (const name of ['chromium', 'chromium-browser']) {
    const found = onPath(name);
    if (found !== undefined) return { path: found, source: `${name} on PATH` };
  }
  const playwright = playwrightBrowser();
  if (playwright !== undefined) return { path: playwright, source: 'Playwright browser' };
  return { path: undefined, source: 'none found' };
}

/** Playwright `launch()` options for the Chromium found (without `executablePath` when none was). */
export function chromiumLaunchOptions(env = process.env) {
  const { path } = findChromium(env);
  return { ...(path === undefined ? {} : { executablePath: path }), args: [...chromiumArgs] };
}
