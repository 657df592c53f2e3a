// Run by `npm test` before Vitest: makes sure the browser suites have a Chromium, never skipping them silently.
// Found (CHROMIUM_PATH, /usr/bin/chromium, PATH, Playwright's browser) → done. Missing and root with apt-get →
// installs Debian's chromium. Otherwise → one line saying how to install it, and exit code 1.
import { execFileSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

const found = findChromium();
if (found.path !== undefined) {
  process.stdout.write(`chromium: ${found.path} (${found.source})\n`);
  process.exit(0);
}

const hasAptGet = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

if (process.env.CHROMIUM_PATH === undefined && isRoot && hasAptGet) {
  process.stdout.write('chromium: not found, installing Debian chromium (apt-get install -y chromium)…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core'], {
    stdio: 'inherit',
    env,
  });
  const after = findChromium();
  if (after.path !== undefined) {
    process.stdout.write(`chromium: ${after.path} (${after.source})\n`);
    process.exit(0);
  }
}

process.stderr.write(
  `chromium: ${found.source}. The browser tests need Chromium: run \`sudo apt-get install -y chromium\` (Debian/Ubuntu), or set CHROMIUM_PATH=/path/to/chrome, or \`npx playwright install chromium\`.\n`,
);
process.exit(1);
