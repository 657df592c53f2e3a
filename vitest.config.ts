import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import { browserCommands } from './test/browser/commands';

/**
 * Test projects:
 * - node:      the API client, the emulator and the contract suite (plain Node, fetch only).
 * - build:     the built package in dist/ (entries, types, layer purity, sizes).
 * - dom:       anything that uploads (XMLHttpRequest) or renders. happy-dom, because jsdom sends Blob bodies as
 *              the string "undefined" (../shared/STACK.md).
 * - browser:   test/browser and test/e2e `*.browser.test.tsx` in real Chromium against the loopback emulator
 *              (startMockServer: real HTTP, a second storage origin with real CORS, real SSE, real XHR progress).
 * - storybook: every story (render, play function, axe) as a test in Chromium, with the emulator mounted on the
 *              test server as under `npm start`.
 * - packaging: `npm pack` → a fresh Vite app outside the repo (React 18 and React 19) and copies of examples/
 *              (vite-portal, next-app-router) → installed, built, served and driven in Chromium.
 *
 * `npm run test:unit` = node + dom (no browser). `npm test` runs all of them; scripts/ensure-chromium.mjs runs
 * first and finds (or installs, or says how to install) Chromium. No tool here downloads a browser.
 */

// One Chromium per browser project, headless. Projects run in groups (sequence.groupOrder): the unit projects,
// then the browser suites one at a time, then packaging, so two Chromiums never compete for 2 cores.
// A function: Vitest names each instance in place, so two projects must not share the objects.
const browser = () => ({
  enabled: true,
  headless: true,
  provider: playwright({ launchOptions: chromiumLaunchOptions() }),
  instances: [{ browser: 'chromium' as const }],
  screenshotFailures: false,
  viewport: { width: 1280, height: 900 },
  // 127.0.0.1, not localhost: two Vitest runs on one machine (IPv4 and IPv6 "localhost") must never share a port
  api: { host: '127.0.0.1' },
});

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          sequence: { groupOrder: 0 },
          include: ['test/{core/api,mock,contract}/**/*.test.ts'],
          setupFiles: ['./test/setup/node.ts', './test/setup/secretsGuard.ts'],
        },
      },
      {
        // Checks the built package in dist/ (npm test builds first; not part of test:unit).
        extends: true,
        test: {
          name: 'build',
          environment: 'node',
          include: ['test/build/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          sequence: { groupOrder: 0 },
          include: ['test/{core/upload,react,components,reliability}/**/*.test.{ts,tsx}'],
          setupFiles: ['./test/setup/node.ts', './test/setup/secretsGuard.ts', './test/setup/dom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          sequence: { groupOrder: 1 },
          include: ['test/{browser,e2e}/**/*.browser.test.{ts,tsx}'],
          globalSetup: ['./test/browser/globalSetup.ts'],
          setupFiles: ['./test/browser/setup.ts'],
          // One emulator server is shared: files run one after another, in one Chromium.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 30_000,
          browser: { ...browser(), commands: browserCommands },
        },
      },
      {
        extends: true,
        // Runs every story as a test. The plugin applies .storybook/main.ts `viteFinal`, which mounts the emulator
        // (documentsEmulatorPlugin) on this test server as under `npm start`: stories talk real HTTP to it.
        // test/browser/storybookSetup.ts fails every story if it is not there (no silent Service Worker fallback).
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: {
          name: 'storybook',
          sequence: { groupOrder: 2 },
          setupFiles: ['./test/browser/storybookSetup.ts'],
          // The emulator is one per server and each story resets it: stories run one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          browser: browser(),
        },
      },
      {
        extends: true,
        test: {
          name: 'packaging',
          environment: 'node',
          sequence: { groupOrder: 3 },
          include: ['test/packaging/**/*.test.ts'],
          // Each file installs, builds and serves an app and drives it in its own Chromium: one at a time.
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
