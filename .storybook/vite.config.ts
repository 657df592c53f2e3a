import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Storybook's own Vite config: the app build, not the library build of ../vite.config.ts (lib mode, d.ts bundling).
export default defineConfig({ plugins: [react()] });
