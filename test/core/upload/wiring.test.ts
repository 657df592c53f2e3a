/** The wiring around the reducer: what `createUploader` adds (promises, callbacks, ids), against the emulator. */
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../src/core/api/errors';
import { file, startHarness, until, type Harness } from './helpers';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

describe('createUploader wiring', () => {
  it('rejects upload() of nothing with an InvalidRequestError, and sends nothing', async () => {
    h = startHarness();
    const uploader = h.uploader();
    await expect(uploader.upload([])).rejects.toBeInstanceOf(InvalidRequestError);
    expect(h.requests('init')).toHaveLength(0);
  });

  it('keeps uploading when a callback throws, and surfaces the error as uncaught instead of swallowing it', async () => {
    h = startHarness();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const uploader = h.uploader({
        grouped: false,
        onFileComplete: () => {
          throw new Error('listener bug');
        },
      });
      const documents = await uploader.upload([file('a.pdf'), file('b.pdf')]);
      expect(documents).toHaveLength(2);
      await until(uploader, () => uncaught.length >= 2);
      expect(uncaught.every((e) => e instanceof Error && e.message === 'listener bug')).toBe(true);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('gives every uploader its own item ids, so two on a page never share one', () => {
    h = startHarness();
    const a = h
      .uploader()
      .add([file('a.pdf')])
      .accepted.map((i) => i.id);
    const b = h
      .uploader()
      .add([file('a.pdf')])
      .accepted.map((i) => i.id);
    expect(a[0]).toBeDefined();
    expect(a[0]).not.toBe(b[0]);
  });
});
