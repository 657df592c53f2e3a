// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReliabilityDoc } from './reliabilityDoc';

describe('docs/RELIABILITY.md', () => {
  it('is generated from the fault matrix and the run counts (run `node scripts/reliability-table.mjs` after a change)', () => {
    const onDisk = readFileSync(join(process.cwd(), 'docs/RELIABILITY.md'), 'utf8');
    expect(onDisk).toBe(renderReliabilityDoc());
  });
});
