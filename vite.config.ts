import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import dts from 'vite-plugin-dts';
import pkg from './package.json' with { type: 'json' };

/** One entry per subpath export (package.json "exports"), plus the emulator's bin. */
export const entries = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  server: 'src/server.ts',
  'locales-es': 'src/locales/es.ts',
  mock: 'src/mock/index.ts',
  'mock-server': 'src/mock/server.ts',
  'mock-bin': 'src/mock/bin.ts',
};

const externals = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)];

/** The stylesheet is shipped as-is: components never import CSS, so apps choose when to load it. */
function copyStyles(): Plugin {
  return {
    name: 'lrd-copy-styles',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'styles.css',
        source: readFileSync('src/styles.css', 'utf8'),
      });
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    copyStyles(),
    dts({ tsconfigPath: './tsconfig.build.json', entryRoot: 'src', bundleTypes: true }),
  ],
  // public/ holds msw's mockServiceWorker.js for Storybook; keep it out of the library's dist
  publicDir: false,
  build: {
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: { entry: entries, formats: ['es'] },
    rolldownOptions: {
      external: (id) => id.startsWith('node:') || externals.some((d) => id === d || id.startsWith(`${d}/`)),
      output: {
        banner: (chunk) => (chunk.name === 'mock-bin' ? '#!/usr/bin/env node' : ''),
        // The zod schemas in a chunk of their own: the package is side-effect free, so a bundle that imports no
        // schema drops the chunk, and zod with it (the client validates with the generated validators, ADR 0009).
        codeSplitting: {
          groups: [
            { name: 'checks', test: /src\/core\/api\/checks\.ts$/, priority: 2 },
            { name: 'schemas', test: /src\/core\/api\/schemas\.ts$/, priority: 1 },
          ],
        },
      },
    },
  },
});
