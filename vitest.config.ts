import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Test projects:
 * - node: the API client, the emulator and the contract suite (plain Node, fetch only).
 * - build: the built package in dist/ (entries, types, layer purity, sizes).
 * - dom:  anything that uploads (XMLHttpRequest) or renders. happy-dom, because jsdom sends Blob bodies as
 *         the string "undefined" (../shared/STACK.md).
 */
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/{core/api,mock,contract}/**/*.test.ts'],
          setupFiles: ['./test/setup/node.ts', './test/setup/secretsGuard.ts'],
        },
      },
      {
        // Checks the built package in dist/ (npm test builds first; not part of test:unit).
        extends: true,
        test: { name: 'build', environment: 'node', include: ['test/build/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['test/{core/upload,react,components,reliability}/**/*.test.{ts,tsx}'],
          setupFiles: ['./test/setup/node.ts', './test/setup/secretsGuard.ts', './test/setup/dom.ts'],
        },
      },
    ],
  },
});
