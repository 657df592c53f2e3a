/**
 * The size budget: each of our bundle-size cases (bench/size/cases.ts: the drop-in uploader, everything, core),
 * bundled from dist/ by esbuild exactly as `npm run bench` does, must stay within 3 % of its pin in
 * size-pins.json (gzip bytes of the minified initial JS: the entry chunk and its static imports, not the chunks
 * loaded by `import()`). Sizes may only shrink: lower a pin when a change makes a case smaller; raise one only with
 * the reason written in an ADR (docs/decisions/).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('the drop-in and core do not carry zod: the client validates with the generated validators (ADR 0009)', async () => {
    for (const id of ['uploader', 'core']) {
      const { inputs } = await measureCase(OUR_CASES.find((c) => c.id === id)!);
      const zod = inputs.filter((i) => i.bytes > 0 && /node_modules\/zod\/|schemas-/.test(i.path));
      expect(zod, `${id} bundles zod or the schemas chunk`).toEqual([]);
    }
  });

  it('the drop-in uploader does not pull the gallery, the preview or the emulator', async () => {
    const uploader = OUR_CASES.find((c) => c.id === 'uploader')!;
    const { inputs, jsText } = await measureCase(uploader);
    const paths = inputs.filter((i) => i.bytes > 0).map((i) => i.path);
    expect(paths.filter((p) => /msw|mock|zod\/v4\/(locales|classic)/.test(p))).toEqual([]);
    expect(jsText).not.toMatch(/lrd-(gallery|preview|thumbnail)/);
  });
});

describe('measureCase', () => {
  it('counts the chunks an entry imports statically as initial and those only reached by import() as lazy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrd-size-'));
    try {
      writeFileSync(join(dir, 'shared.js'), 'export const shared = (x) => `shared ${x} `.repeat(3);\n');
      writeFileSync(
        join(dir, 'rare.js'),
        "import { shared } from './shared.js';\nexport const rare = (n) => shared(n) + 'RARELY_NEEDED_PATH';\n",
      );
      writeFileSync(
        join(dir, 'main.js'),
        "import { shared } from './shared.js';\nexport const start = () => shared('MAIN_PATH');\n" +
          "export const fallback = async () => (await import('./rare.js')).rare(1);\n",
      );
      const base = { library: 'fixture', label: 'fixture', resolveDir: dir };
      const split = await measureCase({ ...base, id: 'split', entry: `export * from './main.js';` });
      // initial: the entry and the shared chunk it imports; lazy: rare.js only
      expect(split.chunks).toEqual({ initial: 2, lazy: 1 });
      expect(split.jsText).toContain('MAIN_PATH');
      expect(split.jsText).toContain('shared ');
      expect(split.jsText).not.toContain('RARELY_NEEDED_PATH');
      expect(split.inputs.map((i) => i.path).filter((p) => p.endsWith('.js'))).toEqual(
        expect.arrayContaining([expect.stringMatching(/main\.js$/), expect.stringMatching(/shared\.js$/)]),
      );
      expect(split.lazyInputs.map((i) => i.path)).toEqual([expect.stringMatching(/rare\.js$/)]);
      expect(split.lazyJs?.gzip).toBeGreaterThan(0);

      const whole = await measureCase({
        ...base,
        id: 'whole',
        entry: `export { shared } from './shared.js';`,
      });
      expect(whole.chunks).toEqual({ initial: 1, lazy: 0 });
      expect(whole.lazyJs).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
