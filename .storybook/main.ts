import type { StorybookConfig } from '@storybook/react-vite';
import { documentsEmulatorPlugin } from '../stories/emulator/vitePlugin';

/**
 * Storybook on the embedded emulator: `npm start` mounts the Documents API emulator on this dev server (real HTTP,
 * so XHR progress and SSE are real). The static build (`npm run build-storybook`) runs it in the page behind msw's
 * Service Worker instead (public/mockServiceWorker.js), with simulated progress.
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  staticDirs: ['../public'],
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
    builder: { name: '@storybook/builder-vite', options: { viteConfigPath: '.storybook/vite.config.ts' } },
  },
  viteFinal(viteConfig) {
    viteConfig.plugins = [
      ...(viteConfig.plugins ?? []),
      documentsEmulatorPlugin({ processingDelayMs: 600, variantsDelayMs: 900 }),
    ];
    return viteConfig;
  },
};

export default config;
