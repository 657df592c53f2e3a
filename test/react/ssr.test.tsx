// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { Document } from '../../src/core';
import {
  DocumentsProvider,
  documentKeys,
  useArchiveDocument,
  useDocument,
  useDocumentUpload,
  useDocuments,
  useDocumentsClient,
  useDocumentsLabels,
  useRefreshDocumentUrls,
  useViewUrl,
} from '../../src/react';

const BASE = 'https://api.example.test';
const ACCOUNT = 'acc_ssr';

const document: Document = {
  id: 'doc_1',
  accountId: ACCOUNT,
  status: 'pending',
  archived: false,
  type: 'utilityBill',
  files: [
    {
      originalName: 'bill.pdf',
      contentType: 'application/pdf',
      viewUrls: [
        {
          url: 'https://storage.example.test/doc_1',
          type: 'original',
          expiresAt: '2099-01-01T00:00:00.000Z',
        },
      ],
    },
  ],
};

function Everything() {
  const client = useDocumentsClient();
  const labels = useDocumentsLabels();
  const list = useDocuments({ sort: 'ID_DESC' });
  const detail = useDocument('doc_1');
  const upload = useDocumentUpload({ type: 'utilityBill', accept: ['pdf'] });
  const archive = useArchiveDocument();
  const refresh = useRefreshDocumentUrls();
  const signed = useViewUrl(list.data?.[0], { variant: 'thumbnail' });
  const proxy = useViewUrl({
    ...document,
    files: [{ ...document.files[0]!, viewUrls: [{ url: `${BASE}/proxy/doc_1`, type: 'original' }] }],
  });
  return (
    <main data-account={client.accountId}>
      <p>{labels.dropzonePrompt}</p>
      <p>list:{list.data?.length ?? 'pending'}</p>
      <p>detail:{detail.data?.id ?? 'pending'}</p>
      <p>
        upload:{upload.status}:{upload.items.length}
      </p>
      <p>archive:{archive.status}</p>
      <p>refresh:{typeof refresh}</p>
      <img alt="signed" src={signed.src} />
      <p>
        proxy:{proxy.isProxy ? 'yes' : 'no'}:{proxy.src ?? 'none'}
      </p>
    </main>
  );
}

describe('server rendering', () => {
  it('renders a tree using every hook without touching the network, window or document', () => {
    const getAccessToken = vi.fn(() => 'token');
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      <DocumentsProvider baseUrl={BASE} accountId={ACCOUNT} getAccessToken={getAccessToken}>
        <Everything />
      </DocumentsProvider>,
    );
    expect(html).toContain('Drag files here');
    expect(html).toContain('list:<!-- -->pending');
    expect(html).toContain('upload:<!-- -->idle<!-- -->:<!-- -->0');
    expect(html).toContain('proxy:<!-- -->yes<!-- -->:<!-- -->none');
    expect(getAccessToken).not.toHaveBeenCalled();
  });

  it('renders cached data (e.g. prefetched on the server)', () => {
    const queryClient = new QueryClient();
    const scope = { baseUrl: BASE, accountId: ACCOUNT };
    queryClient.setQueryData(documentKeys.list(scope, { sort: 'ID_DESC' }), [document]);
    queryClient.setQueryData(documentKeys.detail(scope, 'doc_1'), document);
    const html = renderToString(
      <DocumentsProvider
        baseUrl={BASE}
        accountId={ACCOUNT}
        getAccessToken={() => 'token'}
        queryClient={queryClient}
      >
        <Everything />
      </DocumentsProvider>,
    );
    expect(html).toContain('list:<!-- -->1');
    expect(html).toContain('detail:<!-- -->doc_1');
    expect(html).toContain('src="https://storage.example.test/doc_1"');
  });
});
