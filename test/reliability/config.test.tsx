/**
 * Bad input from integrators fails loudly, at the point of use, with a `ConfigurationError` (set-up mistakes) or an
 * `UnauthorizedError` (token problems) — never a silent no-op. Each case goes through the public API: core, hooks
 * and components.
 */
import { render, renderHook, waitFor } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  DocumentGallery,
  DocumentsProvider,
  DocumentUploader,
  useDocumentUpload,
  useDocuments,
} from '../../src';
import { ConfigurationError, createDocumentsClient, createUploader, UnauthorizedError } from '../../src/core';
import { setup, textFile } from '../react/helpers';

/** Catches what a subtree throws while rendering. */
class Boundary extends Component<
  { children: ReactNode; onError: (error: unknown) => void },
  { failed: boolean }
> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    this.props.onError(error);
  }
  override render() {
    return this.state.failed ? <p>failed</p> : this.props.children;
  }
}

/** Renders `ui`, returning what it threw while rendering (React logs it to console.error: silenced here). */
function renderError(ui: ReactNode): unknown {
  let caught: unknown;
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    render(<Boundary onError={(error) => (caught = error)}>{ui}</Boundary>);
  } finally {
    quiet.mockRestore();
  }
  return caught;
}

const engine = { persistence: false as const, retry: { baseDelayMs: 1, maxDelayMs: 2 } };

describe('bad configuration', () => {
  it('hooks and components outside <DocumentsProvider> throw a ConfigurationError naming themselves', () => {
    for (const [name, ui] of [
      ['useDocuments', <Probe key="1" use={() => useDocuments()} />],
      ['useDocumentUpload', <Probe key="2" use={() => useDocumentUpload({ type: 'utilityBill' })} />],
      ['useDocumentUpload', <DocumentUploader key="3" type="utilityBill" />],
      ['useDocuments', <DocumentGallery key="4" />],
    ] as const) {
      const error = renderError(ui);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain(`${name} must be used inside <DocumentsProvider>`);
    }
  });

  it('an empty document type is refused by createUploader, useDocumentUpload and <DocumentUploader>', () => {
    const { mock, wrapper } = setup();
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => mock.token,
    });
    expect(() => createUploader({ client, type: '' })).toThrow(ConfigurationError);
    expect(() => createUploader({ client, type: '   ' })).toThrow(/non-empty/);

    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(() => renderHook(() => useDocumentUpload({ type: '' }), { wrapper })).toThrow(
        ConfigurationError,
      );
    } finally {
      quiet.mockRestore();
    }
    const error = renderError(
      <DocumentsProvider baseUrl={mock.baseUrl} accountId={mock.accountId} getAccessToken={() => mock.token}>
        <DocumentUploader type="" />
      </DocumentsProvider>,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(mock.db.requests).toHaveLength(0);
  });

  it('a baseUrl without a scheme is refused by createDocumentsClient and <DocumentsProvider>', () => {
    expect(() =>
      createDocumentsClient({ baseUrl: 'api.example.com', accountId: 'a', getAccessToken: () => 't' }),
    ).toThrow(/absolute http\(s\) URL/);
    const error = renderError(
      <DocumentsProvider baseUrl="api.example.com" accountId="a" getAccessToken={() => 't'}>
        <p>app</p>
      </DocumentsProvider>,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/baseUrl must be an absolute http\(s\) URL/);
  });

  it('getAccessToken throwing fails every call with an UnauthorizedError carrying the cause, before any request', async () => {
    const { mock } = setup();
    const broken = new Error('session store unavailable');
    const client = createDocumentsClient({
      baseUrl: mock.baseUrl,
      accountId: mock.accountId,
      getAccessToken: () => {
        throw broken;
      },
    });
    const error = await client.listDocuments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toMatch(/getAccessToken threw/);
    expect((error as Error).cause).toMatchObject({ message: 'session store unavailable' });

    const uploader = createUploader({ client, type: 'utilityBill', ...engine });
    await expect(uploader.upload([textFile('a.pdf')])).rejects.toBeInstanceOf(UnauthorizedError);
    expect(uploader.getSnapshot().items[0]).toMatchObject({ status: 'failed' });
    uploader.dispose();
    expect(mock.db.requests).toHaveLength(0);
  });

  it('getAccessToken returning an empty token fails hooks with an UnauthorizedError, before any request', async () => {
    const { mock, queryClient } = setup();
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <DocumentsProvider
        baseUrl={mock.baseUrl}
        accountId={mock.accountId}
        getAccessToken={() => ''}
        queryClient={queryClient}
      >
        {children}
      </DocumentsProvider>
    );
    const { result } = renderHook(
      () => ({
        list: useDocuments(),
        upload: useDocumentUpload({ type: 'utilityBill', engineOptions: engine }),
      }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.list.error).toBeInstanceOf(UnauthorizedError));
    expect(result.current.list.error?.message).toMatch(/returned no token/);
    await expect(result.current.upload.upload([textFile('a.pdf')])).rejects.toBeInstanceOf(UnauthorizedError);
    await waitFor(() => expect(result.current.upload.items[0]?.status).toBe('failed'));
    expect(mock.db.requests).toHaveLength(0);
  });
});

function Probe({ use }: { use: () => unknown }) {
  use();
  return null;
}
