// Prints the gzip size of each built entry with the chunks it imports (run after `npm run build`).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const read = (f) => readFileSync(`dist/${f}`, 'utf8');
const closure = (entry, seen = new Set()) => {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const m of read(entry).matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?['"]\.\/([^'"]+)['"]/g))
    closure(m[1], seen);
  return seen;
};
for (const entry of ['index.js', 'core.js', 'mock.js', 'mock-server.js', 'styles.css']) {
  const files = entry.endsWith('.css') ? new Set([entry]) : closure(entry);
  const raw = [...files].reduce((s, f) => s + Buffer.byteLength(read(f)), 0);
  const gz = [...files].reduce((s, f) => s + gzipSync(read(f)).length, 0);
  process.stdout.write(
    `${entry.padEnd(16)} ${String(raw).padStart(8)} B raw ${String(gz).padStart(8)} B gzip (unminified)\n`,
  );
}
