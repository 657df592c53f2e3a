/**
 * The size budget: each of our bundle-size cases (bench/size/cases.ts: the drop-in uploader, everything, core),
 * bundled from dist/ by esbuild exactly as `npm run bench` does, must stay within 3 % of its pin in
 * size-pins.json (gzip bytes of the minified JS). Sizes may only shrink: lower a pin when a change makes a case
 * smaller; raise one only with the reason written in an ADR (docs/decisions/).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUR_CASES } from '../../bench/size/cases';
import { measureCase } from '../../bench/size/measure';
import pins from './size-pins.json' with { type: 'json' };

const TOLERANCE = 1.03;
const dist = join(import.meta.dirname, '../../dist');

describe.runIf(existsSync(join(dist, 'index.js')))('bundle size budget', () => {
  it.each(OUR_CASES.map((c) => [c.id, c] as const))(
    '%s stays within 3 % of its pin',
    async (id, sizeCase) => {
      const pin = (pins.gzip as Record<string, number | undefined>)[id];
      expect(pin, `no pin for ${id} in test/build/size-pins.json`).toBeTypeOf('number');
      const { js } = await measureCase(sizeCase);
      expect(
        js.gzip,
        `${id}: ${js.gzip} B gzip, pinned at ${pin!} B (+3 % = ${Math.floor(pin! * TOLERANCE)} B)`,
      ).toBeLessThanOrEqual(Math.floor(pin! * TOLERANCE));
    },
    30_000,
  );

  it('the drop-in uploader does not pull the gallery, the preview or the emulator', async () => {
    const uploader = OUR_CASES.find((c) => c.id === 'uploader')!;
    const { inputs, jsText } = await measureCase(uploader);
    const paths = inputs.filter((i) => i.bytes > 0).map((i) => i.path);
    expect(paths.filter((p) => /msw|mock|zod\/v4\/(locales|classic)/.test(p))).toEqual([]);
    expect(jsText).not.toMatch(/lrd-(gallery|preview|thumbnail)/);
  });
});
