/**
 * Renders docs/RELIABILITY.md from the fault matrix and the run counts — the same data the tests run from.
 * `reliabilityDoc.test.ts` fails when the file is stale; `node scripts/reliability-table.mjs` rewrites it.
 */
import { CHAOS_SEEDS, FUZZ_RUNS, TOTAL_FUZZ_RUNS } from './counts';
import { FAULT_MATRIX } from './faultMatrix';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The whole document. */
export function renderReliabilityDoc(): string {
  const rows = FAULT_MATRIX.map(
    (row, i) => `| ${i + 1} | ${cell(row.fault)} | ${cell(row.expected)} | \`${cell(row.test)}\` |`,
  );
  const fuzz = Object.entries(FUZZ_RUNS).map(([name, runs]) => `| \`${name}\` | ${runs} |`);
  return `<!-- Generated from test/reliability/{faultMatrix,counts}.ts by \`node scripts/reliability-table.mjs\`; test/reliability/reliabilityDoc.test.ts fails when it is stale. Do not edit by hand. -->

# Reliability

The promise: whatever the network or the API does, every file ends either stored or failed with a working retry, the
UI never hangs, and no token or signed URL leaks. \`test/reliability/\` proves it against the in-process emulator on
every \`npm test\`.

| | count |
|---|---|
| fault matrix rows | ${FAULT_MATRIX.length} |
| chaos seeds (CI) | ${CHAOS_SEEDS} |
| fuzz runs (fast-check, fixed seed) | ${TOTAL_FUZZ_RUNS} |

## Fault matrix

Each row is one test in \`test/reliability/faults.test.ts\` (\`describe('fault matrix')\`), run against the emulator. A row
passes only when its end state holds: documents counted in the emulator (every file exactly once), or a clear,
retryable error after which \`retry()\` stores everything.

| # | fault | expected outcome | test |
|---|---|---|---|
${rows.join('\n')}

## Chaos

\`test/reliability/chaos.test.ts\` runs ${CHAOS_SEEDS} seeds. Each seed draws an upload of 1–40 files (grouped, split or the
type's default; concurrency 1–6; a fault rate of 0–60 %) and a fault for every request, from the seed and the request's
identity (which file, which attempt): ok, network error, 5xx, delay, or an SSE drop after k events. Property: after the
files settle under faults, the faults stop and one \`retry()\` runs; then every accepted file is \`complete\`, the emulator
holds each file exactly once (one document per file, or one per job when grouped), and after \`dispose()\` no engine
timer or animation frame, XHR, fetch, SSE stream or listener is left. Every tenth seed runs through msw and the real
XMLHttpRequest transport, the others call the emulator directly.

A failing seed prints its replay command: \`CHAOS_SEED=123 npx vitest run test/reliability/chaos\`
(\`CHAOS_SEEDS=1000\` runs more).

## Fuzzing

\`test/reliability/fuzz.test.ts\` and \`fuzzRender.test.tsx\` (fast-check; \`FUZZ_SEED=n\` explores another sequence):
a typed \`DocumentsError\` or a correct parse, never a crash or an unhandled rejection; file names always rendered as text.

| property | runs |
|---|---|
${fuzz.join('\n')}

## Secrets guard

\`test/setup/secretsGuard.ts\` runs around every test of the \`node\` and \`dom\` projects. It fails the test in which a
request to signed storage carried an Authorization header (XMLHttpRequest, fetch, and every request an msw handler
resolves), or a console call, an error created by library code (message or \`cause\`), or a \`Storage#setItem\` contained a
token (\`token_…\`) or a signed query string (\`sig=…\`); and the test in which a \`blob:\` URL created by library code was
not revoked by unmount. Patterns are configurable (\`configureSecretsGuard\`); \`test/reliability/secretsGuard.test.tsx\`
plants each kind of leak and checks that it is caught, and that \`src/\` contains no \`dangerouslySetInnerHTML\`.

## Bad input from integrators

\`test/reliability/config.test.tsx\`: hooks and components outside the provider, an empty \`type\`, a \`baseUrl\` without a
scheme, \`getAccessToken\` throwing or returning an empty token — each fails at the point of use with a
\`ConfigurationError\` or an \`UnauthorizedError\`, before any request.
`;
}
