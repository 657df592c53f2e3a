/**
 * Arbitrary file names (unicode, RTL marks, path separators, HTML) rendered by `<UploadList>` and `<ThumbnailGrid>`:
 * always as text. The rendered element structure is the same as for a plain name, and the name comes back intact
 * from the DOM's text.
 */
import { cleanup, render } from '@testing-library/react';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThumbnailGrid, UploadList } from '../../src';
import type { UploadStatus } from '../../src/core';
import { makeItem } from '../components/fixtures';
import { FUZZ_RUNS } from './counts';
import { fileNameArbitrary } from './arbitraries';

fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 20_260_304) });

/** The element tree's shape: tag names in document order. */
const shape = (root: Element) => [...root.querySelectorAll('*')].map((el) => el.tagName).join(',');

const STATUSES: UploadStatus[] = ['uploading', 'failed', 'complete', 'rejected'];

describe('fuzz: file names in the UI', () => {
  it(`UploadList and ThumbnailGrid render any file name as text (${FUZZ_RUNS.renderedNames} runs)`, () => {
    const listShape = (name: string, status: UploadStatus) => {
      const { container } = render(
        <UploadList
          items={[makeItem(status, { id: 'item', name })]}
          onRetry={() => {}}
          onRemove={() => {}}
        />,
      );
      const result = {
        shape: shape(container),
        text: container.querySelector('.lrd-upload-item__name')?.textContent,
      };
      cleanup();
      return result;
    };
    const gridShape = (name: string) => {
      const { container } = render(
        <ThumbnailGrid
          items={[{ id: 'doc', name, contentType: 'application/pdf' }]}
          aria-label="Documents"
        />,
      );
      const result = {
        shape: shape(container),
        text: container.querySelector('.lrd-thumbnail__name')?.textContent,
      };
      cleanup();
      return result;
    };
    const baselines = new Map(STATUSES.map((status) => [status, listShape('plain.pdf', status).shape]));
    const gridBaseline = gridShape('plain.pdf').shape;

    fc.assert(
      fc.property(
        fileNameArbitrary.filter((n) => n.trim() !== ''),
        fc.constantFrom(...STATUSES),
        (name, status) => {
          const list = listShape(name, status);
          expect(list.shape).toBe(baselines.get(status));
          expect(list.text).toBe(name);
          const grid = gridShape(name);
          expect(grid.shape).toBe(gridBaseline);
          expect(grid.text).toBe(name);
          expect(
            document.querySelector('script, iframe, object, embed, svg[onload], img[onerror]'),
          ).toBeNull();
        },
      ),
      { numRuns: FUZZ_RUNS.renderedNames },
    );
  });
});
