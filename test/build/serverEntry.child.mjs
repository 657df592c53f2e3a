// Run by test/build/server.test.ts as `node --conditions=react-server` (how React Server Components resolve):
// imports the built `react-lightreach-documents/server` in plain Node, with no DOM, and fails if anything in its
// module graph reaches React, React DOM, TanStack's React bindings or react-dropzone. Prints a JSON report.
import { register } from 'node:module';

const FORBIDDEN = ['react', 'react-dom', '@tanstack/react-query', 'react-dropzone'];
const hook = `
const forbidden = ${JSON.stringify(FORBIDDEN)};
export async function resolve(specifier, context, next) {
  const bare = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (forbidden.includes(bare)) {
    throw new Error('forbidden import of ' + specifier + ' from ' + context.parentURL);
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const report = { dom: typeof window !== 'undefined' || typeof document !== 'undefined' };
const server = await import('react-lightreach-documents/server');
report.exports = Object.keys(server).sort();
// What an app's server code pairs it with: TanStack's framework-agnostic core (no React) and the emulator.
const { QueryClient, dehydrate } = await import('@tanstack/query-core');
const { startMockServer } = await import('react-lightreach-documents/mock/server');

const emulator = await startMockServer({ processingDelayMs: 0 });
try {
  await emulator.mock.seedDocuments([
    { filename: 'bill.pdf', type: 'utilityBill' },
    { filename: 'roof.jpg', type: 'sitePhoto' },
  ]);
  const client = server.createDocumentsClient({
    baseUrl: emulator.url,
    accountId: emulator.accountId,
    getAccessToken: () => emulator.token,
  });
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery(server.documentsQueryOptions(client, { sort: 'ID_DESC' }));
  await queryClient.prefetchQuery(server.documentQueryOptions(client, 'doc_missing'));
  queryClient.setQueryData(['app', 'profile'], { name: 'Ada' });

  const handOff = dehydrate(queryClient, { shouldDehydrateQuery: server.shouldHandOffQuery });
  const strict = dehydrate(queryClient, { shouldDehydrateQuery: server.shouldDehydrateQuery });
  report.expectedListKey = server.documentKeys.list(client, { sort: 'ID_DESC' });
  report.handOff = handOff.queries.map((q) => ({
    key: q.queryKey,
    documents: Array.isArray(q.state.data) ? q.state.data.map((d) => d.files[0]?.originalName) : undefined,
    signedUrls: JSON.stringify(q.state.data).includes('expiresAt'),
  }));
  report.strict = strict.queries.map((q) => q.queryKey);
  report.missingFailed = queryClient.getQueryState(server.documentKeys.detail(client, 'doc_missing'))?.status;
} finally {
  await emulator.close();
}
process.stdout.write(JSON.stringify(report));
