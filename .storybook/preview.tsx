import { useState, type ReactNode } from 'react';
import type { Decorator, Loader, Preview } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { DocumentsProvider } from '../src';
import { esLabels } from '../src/locales/es';
import '../src/styles.css';
import './preview.css';
import { connectEmulator, StoryEmulatorContext, type StoryEmulator } from '../stories/emulator/connection';
import type { EmulatorOptions, FaultCall, WireSeedDocument } from '../stories/emulator/protocol';

/** What a story says about its emulator. */
export interface EmulatorParameters {
  options?: EmulatorOptions;
  seed?: () => WireSeedDocument[] | Promise<WireSeedDocument[]>;
  faults?: FaultCall[];
}

const emulatorLoader: Loader = async ({ parameters }) => {
  const params = (parameters.emulator ?? {}) as EmulatorParameters;
  const emulator = await connectEmulator({
    op: 'reset',
    ...(params.options === undefined ? {} : { options: params.options }),
    seed: (await params.seed?.()) ?? [],
    faults: params.faults ?? [],
  });
  return { emulator };
};

function StoryProviders({
  emulator,
  locale,
  children,
}: {
  emulator: StoryEmulator;
  locale: string | undefined;
  children: ReactNode;
}) {
  // A fresh cache per story: stories never see each other's documents.
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }));
  return (
    <StoryEmulatorContext.Provider value={emulator}>
      <DocumentsProvider
        baseUrl={emulator.baseUrl}
        accountId={emulator.accountId}
        getAccessToken={() => emulator.token}
        queryClient={queryClient}
        labels={locale === 'es' ? esLabels : undefined}
        locale={locale === 'es' ? 'es' : undefined}
      >
        {emulator.mode === 'service-worker' ? (
          <p className="sb-simulated" role="note">
            Static build: the emulator runs in this page behind a Service Worker, so upload progress is
            simulated. Run <code>npm start</code> for real HTTP uploads.
          </p>
        ) : null}
        {children}
      </DocumentsProvider>
    </StoryEmulatorContext.Provider>
  );
}

const withEmulator: Decorator = (Story, context) => {
  const { emulator } = context.loaded as { emulator: StoryEmulator };
  const theme = context.globals.theme as string | undefined;
  const dir = context.globals.dir as 'ltr' | 'rtl' | undefined;
  return (
    <div className="sb-frame" data-theme={theme === 'system' ? undefined : theme} dir={dir ?? 'ltr'}>
      <StoryProviders
        key={context.id}
        emulator={emulator}
        locale={context.globals.locale as string | undefined}
      >
        <Story />
      </StoryProviders>
    </div>
  );
};

const preview: Preview = {
  tags: ['autodocs'],
  loaders: [emulatorLoader],
  decorators: [withEmulator],
  globalTypes: {
    theme: {
      description: 'Colour theme',
      toolbar: { icon: 'mirror', items: ['system', 'light', 'dark'], dynamicTitle: true },
    },
    dir: {
      description: 'Text direction',
      toolbar: { icon: 'transfer', items: ['ltr', 'rtl'], dynamicTitle: true },
    },
    locale: {
      description: 'Labels (the Spanish catalogue: react-lightreach-documents/locales/es)',
      toolbar: { icon: 'globe', items: ['en', 'es'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'system', dir: 'ltr', locale: 'en' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // Every story is checked with axe; a violation fails its test (stories as tests, real-browser issue).
    a11y: { test: 'error' },
  },
};

export default preview;
