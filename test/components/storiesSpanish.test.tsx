/**
 * Every story state in Spanish (issue 16, point 6): each story of every stories/*.stories.tsx file, composed with
 * the project annotations of .storybook/preview (its emulator loader and provider decorator) and the toolbar's
 * `locale: 'es'` global, is rendered against the emulator the stories use, driven to its state, and left to
 * settle. Nothing it showed or announced on the way (text, accessible names and descriptions, titles, alt text,
 * placeholders, validation messages, live regions) may contain a string of the English catalogue or an English
 * message of the core. Only the stories' own text (their app's headings, form labels, file names) is allowed, and
 * only through {@link STORY_TEXT} below.
 *
 * The emulator: stories reach it through `POST /__lrd/control` (stories/emulator/connection.ts), which the
 * Storybook dev server answers (stories/emulator/emulatorHost.ts). Here msw/node answers it on the page's origin,
 * with the same `applyControl` and a `createDocumentsApiMock` made with the options of .storybook/main.ts.
 *
 * Play functions query English (they are the English stories' tests), so a story whose play does is driven here by
 * a variant in {@link SPANISH_PLAYS} that reaches the same state by role, by status attribute, or by the Spanish
 * label; every other story runs its own play.
 */
import { readdirSync } from 'node:fs';
import type { ReactElement } from 'react';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  composeStories,
  setProjectAnnotations,
  type Meta,
  type StoryContext,
  type StoryObj,
} from '@storybook/react-vite';
import * as previewAnnotations from '../../.storybook/preview';
import { defaultLabels } from '../../src';
import { KNOWN_DOCUMENT_TYPES } from '../../src/core';
import { esLabels } from '../../src/locales/es';
import { createDocumentsApiMock, type DocumentsApiMock } from '../../src/mock';
import { applyControl, type ControlRequest, type EmulatorConnection } from '../../stories/emulator/protocol';
import { makeImage, makePdf } from '../../stories/emulator/files';
import { uploadGrouped } from '../../stories/emulator/api';
import { choose, row } from '../../stories/play';
import { coreEnglish, englishFormats, englishMatcher, fragments, piecesOf, type Piece } from './english';

// ---------------------------------------------------------------------------------------------------------------
// What must not be left: the English catalogue (its fixed words, and the type names it makes of the known types)
// and the core's English messages.

const ENGLISH = [
  ...fragments(defaultLabels),
  ...KNOWN_DOCUMENT_TYPES.map((type) => defaultLabels.documentType(type)).filter((name) => name.length >= 4),
  ...coreEnglish(),
];
// and sizes, rates, durations and dates formatted in English
const findEnglish = englishMatcher(ENGLISH, englishFormats());

/**
 * The stories' own text, not the library's: allowed, by story title (or `*` for all). Each entry is a whole string
 * the story itself renders.
 */
const STORY_TEXT: Record<string, readonly string[]> = {
  // The demo portal's form: its heading, field labels and submit button are the application's text.
  'Pages/Installer portal': [
    'New solar application — documents',
    'Customer name',
    'Utility bill (required)',
    'Roof photos',
    'Government ID',
    'Submit application',
    'Submitted document ids',
  ],
  // The examples' own forms and custom UI (what an integrator writes around the components).
  Examples: [
    'Utility bill',
    'Send',
    'Sent ids',
    'Add bills',
    'Upload a generated PDF with createUploader',
    'Log',
  ],
  // CustomContent: the story's own drop zone content replaces the library's prompt.
  'Components/Dropzone': ['Roof photos only — ', 'release to add', 'drag them here'],
  // The grid's accessible name, given by the story.
  'Components/ThumbnailGrid and DocumentPreview': ['Sample documents'],
};

/** File names in text (`bill-failing.pdf`, `Reintentar bill-failing.pdf`): the stories' data, not wording. */
const FILE_NAME = /[^\s"']+\.(pdf|png|jpe?g|heic|exe)(?![a-z])/giu;

/** What is left of English in `pieces`: each phrase once, with the smallest piece it was found in. */
function leftEnglish(pieces: readonly Piece[], title: string): string[] {
  const allowed = [...(STORY_TEXT[title] ?? []), ...(STORY_TEXT['*'] ?? [])];
  const found = new Map<string, Piece>();
  for (const piece of pieces) {
    let rest = piece.text.replace(FILE_NAME, '\n');
    for (const own of allowed) rest = rest.split(own).join('\n');
    for (const phrase of findEnglish(rest)) {
      const before = found.get(phrase);
      if (before === undefined || piece.text.length < before.text.length) found.set(phrase, piece);
    }
  }
  return [...found].map(
    ([phrase, { text, where }]) => `"${phrase}" in ${where}: ${JSON.stringify(text.slice(0, 200))}`,
  );
}

/** Records every piece of text that appears under `root` while a story runs, and its final state. */
function record(root: HTMLElement) {
  const pieces: Piece[] = [];
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'childList')
        mutation.addedNodes.forEach((node) => pieces.push(...piecesOf(node)));
      else if (mutation.type === 'characterData') pieces.push(...piecesOf(mutation.target));
      else if (mutation.target.nodeType === 1) {
        const el = mutation.target as Element;
        const value = el.getAttribute(mutation.attributeName ?? '');
        if (value !== null)
          pieces.push({ text: value, where: `${mutation.attributeName} of <${el.tagName.toLowerCase()}>` });
      }
    }
  });
  observer.observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
    attributeFilter: ['aria-label', 'aria-description', 'aria-valuetext', 'title', 'alt', 'placeholder'],
  });
  let last = Date.now();
  const quiet = new MutationObserver(() => {
    last = Date.now();
  });
  quiet.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  return {
    /** Waits until nothing changed for `quietMs` (or `maxMs` passed): the story has settled. */
    async settle(quietMs = 600, maxMs = 8_000) {
      const start = Date.now();
      last = Date.now();
      while (Date.now() - last < quietMs && Date.now() - start < maxMs)
        await new Promise((resolve) => setTimeout(resolve, 100));
    },
    stop(): Piece[] {
      pieces.push(...observer.takeRecords().flatMap((m) => [...m.addedNodes].flatMap((n) => piecesOf(n))));
      observer.disconnect();
      quiet.disconnect();
      return [...pieces, ...piecesOf(root)];
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The emulator, answered on the page's origin as the Storybook dev server answers it.

/** documentsEmulatorPlugin's options in .storybook/main.ts. */
const EMULATOR_DEFAULTS = { processingDelayMs: 600, variantsDelayMs: 900 };
const server = setupServer();
let emulator: { mock: DocumentsApiMock; options: string } | undefined;

const control = http.post('*/__lrd/control', async ({ request }) => {
  const body = (await request.json()) as ControlRequest;
  const wanted = JSON.stringify({ ...EMULATOR_DEFAULTS, ...(body.op === 'reset' ? body.options : {}) });
  if (emulator === undefined || (body.op === 'reset' && emulator.options !== wanted)) {
    emulator?.mock.dispose();
    const mock = createDocumentsApiMock({
      baseUrl: `${location.origin}/__lrd/api`,
      storageUrl: `${location.origin}/__lrd/storage`,
      quiet: true,
      ...(JSON.parse(wanted) as object),
    });
    emulator = { mock, options: wanted };
    server.resetHandlers(control, ...mock.handlers);
  }
  return HttpResponse.json(await applyControl(emulator.mock, body));
});

/** A 1×1 PNG: happy-dom's canvas has no 2D context, and its toBlob gives an empty (rejected) file. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.resetHandlers(control);
  HTMLCanvasElement.prototype.toBlob = function toBlob(callback, type = 'image/png') {
    setTimeout(() => callback(new Blob([PNG], { type })), 0);
  };
});

afterAll(() => {
  emulator?.mock.dispose();
  server.close();
});

beforeEach(async () => {
  // Recovery records of one story's unfinished uploads must not resume into the next one's uploader (an unmounted
  // uploader is disposed a task later, and its record stays by design).
  await new Promise((resolve) => setTimeout(resolve, 20));
  localStorage.clear();
});

// ---------------------------------------------------------------------------------------------------------------
// Spanish-compatible plays, for the stories whose own play queries English. Same state, reached by role, status
// attribute or the Spanish label.

type Play = (context: StoryContext) => Promise<void>;
const es = esLabels;
const LONG = { timeout: 20_000 };

async function openPreview(canvasElement: HTMLElement, name: string): Promise<HTMLElement> {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole('button', { name }, LONG));
  return canvas.findByRole('dialog');
}

/** A DataTransfer-like object as browsers hand to drag events. */
function transfer(files: File[]) {
  return {
    files,
    items: files.map((file) => ({ kind: 'file', type: file.type, getAsFile: () => file })),
    types: ['Files'],
  };
}

const SPANISH_PLAYS: Record<string, Play> = {
  'Components/DocumentUploader/Failed': async ({ canvasElement }) => {
    await choose(canvasElement, [makePdf('bill-failing.pdf')]);
    await waitFor(
      () => expect(row(canvasElement, 'bill-failing.pdf')).toHaveAttribute('data-status', 'failed'),
      LONG,
    );
    expect(within(canvasElement).getByRole('button', { name: es.retry('bill-failing.pdf') })).toBeVisible();
  },
  'Components/DocumentUploader/CollectThenUpload': async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await choose(canvasElement, [await makeImage('page-1.png', { hue: 10 })]);
    await choose(canvasElement, [makePdf('page-3.pdf'), await makeImage('page-2.png', { hue: 90 })]);
    await userEvent.click(await canvas.findByRole('button', { name: es.moveUp('page-2.png') }));
    await waitFor(() => expect(canvas.getByRole('button', { name: es.moveUp('page-2.png') })).toHaveFocus());
    // then the upload itself: one grouped document
    await userEvent.click(canvas.getByRole('button', { name: es.uploadCollected(3) }));
    await waitFor(
      () =>
        expect(canvasElement.querySelectorAll('.lrd-upload-item[data-status="complete"]')).toHaveLength(3),
      LONG,
    );
  },
  'Components/DocumentUploader/WaitingForConnection': async ({ canvasElement }) => {
    await choose(canvasElement, [makePdf('bill-offline.pdf'), makePdf('bill-offline-2.pdf')]);
    await waitFor(() =>
      expect(row(canvasElement, 'bill-offline.pdf')).toHaveAttribute('data-status', 'waiting'),
    );
    expect(within(canvasElement).getByRole('button', { name: es.cancelAll })).toBeVisible();
  },
  'Components/DocumentGallery/LoadError': async ({ canvasElement }) => {
    await within(canvasElement).findByText(es.galleryError, {}, LONG);
  },
  'Components/DocumentGallery/ArchiveWithConfirmation': async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: es.archive('utility-bill-september.pdf') }, LONG),
    );
    await userEvent.click(await canvas.findByRole('button', { name: es.archiveConfirmButton }));
    await waitFor(() => expect(canvas.queryByText('utility-bill-september.pdf')).toBeNull(), LONG);
  },
  'Components/DocumentGallery/ExpiredUrlRefreshed': async ({ canvasElement, loaded }) => {
    // (happy-dom loads no image, so no image error asks for a refresh: the sort toggle's re-read brings new URLs)
    const canvas = within(canvasElement);
    const img = () => canvas.getByRole('button', { name: 'roof-south.png' }).querySelector('img');
    await waitFor(() => expect(img()?.getAttribute('src')).toBeTruthy(), LONG);
    const before = img()?.getAttribute('src');
    const { emulator: connection } = loaded as {
      emulator: { control: (r: ControlRequest) => Promise<void> };
    };
    await connection.control({ op: 'fault', fault: { name: 'expireAllUrls', args: [] } });
    await userEvent.click(canvas.getByRole('button', { name: es.sortNewestFirst }));
    await waitFor(() => expect(img()?.getAttribute('src')).not.toBe(before), LONG);
  },
  'Components/DocumentGallery/PreviewOpen': async ({ canvasElement }) => {
    const dialog = await openPreview(canvasElement, 'roof-south.png');
    await within(dialog).findByRole('img', { name: 'roof-south.png' }, LONG);
    expect(within(dialog).getByRole('button', { name: es.previewClose })).toHaveFocus();
  },
  'Components/DocumentGallery/PdfPreview': async ({ canvasElement }) => {
    const dialog = await openPreview(canvasElement, 'utility-bill-september.pdf');
    expect(dialog.querySelector('iframe')).toHaveAttribute(
      'title',
      es.previewPdfTitle('utility-bill-september.pdf'),
    );
    expect(within(dialog).getByRole('link', { name: es.previewDownload })).toBeVisible();
  },
  'Components/DocumentGallery/SensitivePdfPreview': async ({ canvasElement }) => {
    const dialog = await openPreview(canvasElement, 'passport-scan.pdf');
    await waitFor(() => expect(dialog.querySelector('iframe')?.getAttribute('src')).toMatch(/^blob:/), LONG);
    expect(within(dialog).getByRole('button', { name: es.previewDownload })).toBeVisible();
  },
  'Components/DocumentGallery/GroupedPaging': async ({ canvasElement, loaded }) => {
    const { emulator: connection } = loaded as { emulator: EmulatorConnection };
    const canvas = within(canvasElement);
    await canvas.findByText(es.galleryEmpty, {}, LONG);
    await uploadGrouped(connection, [
      await makeImage('roof-page-1.png', { hue: 20 }),
      await makeImage('roof-page-2.png', { hue: 160 }),
      makePdf('roof-report.pdf'),
    ]);
    await userEvent.click(canvas.getByRole('button', { name: es.sortNewestFirst }));
    const dialog = await openPreview(canvasElement, 'roof-page-1.png');
    const files = within(dialog).getByRole('group', { name: es.previewFiles });
    expect(files).toHaveTextContent(es.previewFilePosition({ index: 1, total: 3 }));
    await userEvent.click(within(files).getByRole('button', { name: es.previewNextFile }));
    expect(files).toHaveTextContent(es.previewFilePosition({ index: 2, total: 3 }));
    await userEvent.keyboard('{ArrowRight}');
    expect(files).toHaveTextContent(es.previewFilePosition({ index: 3, total: 3 }));
    expect(dialog.querySelector('iframe')).toHaveAttribute('title', es.previewPdfTitle('roof-report.pdf'));
  },
  'Components/DocumentGallery/HeicWithoutRenditions': async ({ canvasElement }) => {
    const dialog = await openPreview(canvasElement, 'roof.heic');
    expect(within(dialog).getByText(es.noPreview)).toBeVisible();
  },
  'Components/DocumentGallery/ArchiveConfirmationOpen': async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: es.archive('roof-south.png') }, LONG));
    const dialog = await canvas.findByRole('alertdialog', { name: es.archive('roof-south.png') });
    expect(within(dialog).getByRole('button', { name: es.archiveCancelButton })).toHaveFocus();
  },
  // (happy-dom's DragEvent carries no DataTransfer files: a DataTransfer-like object, as Dropzone.test.tsx does)
  'Components/Dropzone/DragAccept': async ({ canvasElement }) => {
    fireEvent.dragEnter(within(canvasElement).getByRole('group'), {
      dataTransfer: transfer([new File(['%PDF'], 'bill.pdf', { type: 'application/pdf' })]),
    });
    await waitFor(() =>
      expect(canvasElement.querySelector('.lrd-dropzone')).toHaveAttribute('data-state', 'drag-accept'),
    );
  },
  'Components/Dropzone/DragReject': async ({ canvasElement }) => {
    fireEvent.dragEnter(within(canvasElement).getByRole('group'), {
      dataTransfer: transfer([new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' })]),
    });
    await waitFor(() =>
      expect(canvasElement.querySelector('.lrd-dropzone')).toHaveAttribute('data-state', 'drag-reject'),
    );
  },
  'Components/Dropzone/RejectedFiles': async ({ canvasElement }) => {
    await choose(canvasElement, [new File(['MZ'], 'setup.exe'), new File([], 'empty.pdf')]);
    expect(within(canvasElement).getByRole('alert')).toHaveTextContent(es.announceRejectedCount(2));
  },
  'Pages/Installer portal/RequiredBlocksEmptySubmit': async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Submit application' }));
    expect(canvasElement.querySelector<HTMLInputElement>('.lrd-uploader__validity')?.validationMessage).toBe(
      es.requiredMessage,
    );
  },
};

// ---------------------------------------------------------------------------------------------------------------

/** What composeStories gives for a story (the parts used here). */
type ComposedStory = (() => ReactElement) & {
  load: () => Promise<void>;
  play?: (context?: Partial<StoryContext>) => Promise<void>;
};
type StoryModule = { default: Meta } & Record<string, StoryObj>;
const modules = import.meta.glob<StoryModule>('../../stories/*.stories.tsx', { eager: true });
const project = setProjectAnnotations([previewAnnotations]);

describe('every story state in Spanish', () => {
  it('takes every stories file', () => {
    const files = readdirSync(join(import.meta.dirname, '../../stories')).filter((f) =>
      f.endsWith('.stories.tsx'),
    );
    expect(
      Object.keys(modules)
        .map((path) => path.split('/').pop())
        .sort(),
    ).toEqual(files.sort());
  });

  it('has a Spanish play only for stories that exist and have a play of their own', () => {
    const withPlay = Object.values(modules).flatMap(({ default: meta, ...stories }) =>
      Object.entries(stories)
        .filter(([, story]) => typeof story.play === 'function')
        .map(([name]) => `${meta.title}/${name}`),
    );
    expect(withPlay).toEqual(expect.arrayContaining(Object.keys(SPANISH_PLAYS)));
  });

  beforeAll(project.beforeAll);

  for (const [path, { default: meta, ...stories }] of Object.entries(modules)) {
    const title = meta.title ?? path;
    describe(title, () => {
      const names = Object.keys(stories);
      const spanish = composeStories({
        default: meta,
        ...Object.fromEntries(
          names.map((name) => {
            const story = stories[name]!;
            const play = SPANISH_PLAYS[`${title}/${name}`] ?? story.play;
            return [name, { ...story, globals: { ...story.globals, locale: 'es' }, play }];
          }),
        ),
      }) as Record<string, ComposedStory>;

      it.each(names)('%s', { timeout: 60_000 }, async (name) => {
        const Story = spanish[name]!;
        const recording = record(document.body);
        // loaders (the emulator's reset and seed), then a render Testing Library unmounts after the test, then play
        await Story.load();
        const { container } = render(<Story />);
        await Story.play?.({ canvasElement: container });
        await recording.settle();
        expect(leftEnglish(recording.stop(), title)).toEqual([]);
      });
    });
  }
});
