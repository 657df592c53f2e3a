// Regenerates docs/RELIABILITY.md from test/reliability/{faultMatrix,counts}.ts (the data the tests run from).
// Usage: node scripts/reliability-table.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const target = fileURLToPath(new URL('../docs/RELIABILITY.md', import.meta.url));
const { renderReliabilityDoc } = await tsImport('../test/reliability/reliabilityDoc.ts', import.meta.url);
const text = renderReliabilityDoc();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error('docs/RELIABILITY.md is stale: run node scripts/reliability-table.mjs');
    process.exit(1);
  }
  console.log('docs/RELIABILITY.md is up to date.');
} else {
  writeFileSync(target, text);
  console.log(`Wrote ${target}`);
}
