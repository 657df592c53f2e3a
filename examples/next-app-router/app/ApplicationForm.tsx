'use client';
/**
 * The client part: the provider (its API client talks to the API from the browser, with a token from /api/token),
 * the form with the drop-in uploader, and the gallery. The form posts to a server action, which receives the
 * hidden `utilityBillIds` inputs the uploader writes.
 */
import { useActionState } from 'react';
import { DocumentGallery, DocumentsProvider, DocumentUploader } from 'react-lightreach-documents';
import { submitApplication, type SubmitResult } from './actions';

let cachedToken: Promise<string> | undefined;

/** The browser's access token, from this app's own route handler (which reads it from the session). */
function getAccessToken({ forceRefresh }: { forceRefresh: boolean }): Promise<string> {
  if (forceRefresh || cachedToken === undefined) {
    cachedToken = fetch('/api/token', { cache: 'no-store' }).then(async (response) => {
      if (!response.ok) throw new Error(`token: ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    });
    cachedToken.catch(() => (cachedToken = undefined));
  }
  return cachedToken;
}

export function ApplicationForm({ baseUrl, accountId }: { baseUrl: string; accountId: string }) {
  const [result, formAction, pending] = useActionState<SubmitResult | undefined, FormData>(
    submitApplication,
    undefined,
  );

  return (
    <DocumentsProvider baseUrl={baseUrl} accountId={accountId} getAccessToken={getAccessToken}>
      <form action={formAction}>
        <label htmlFor="applicant">Homeowner</label>
        <input id="applicant" name="applicant" required autoComplete="name" />

        <label htmlFor="bill">Utility bill</label>
        <DocumentUploader id="bill" type="utilityBill" name="utilityBillIds" required />

        <button type="submit" disabled={pending}>
          Submit application
        </button>
      </form>
      <p role="status" data-testid="result" data-ok={result?.ok}>
        {result?.message}
      </p>

      <h2>Documents on this account</h2>
      <DocumentGallery />
    </DocumentsProvider>
  );
}
