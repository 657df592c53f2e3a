import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DocumentsProvider } from 'react-lightreach-documents';
import 'react-lightreach-documents/styles.css';
import { App } from './App';
import './app.css';

/** The access token. A real portal asks its auth library (and refreshes when `forceRefresh` is set). */
function getAccessToken({ forceRefresh }: { forceRefresh: boolean }): string {
  void forceRefresh;
  const token = import.meta.env.VITE_LIGHTREACH_DEV_TOKEN;
  if (token === undefined) throw new Error('Wire getAccessToken to your sign-in.');
  return token;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DocumentsProvider
      baseUrl={import.meta.env.VITE_LIGHTREACH_BASE_URL}
      accountId={import.meta.env.VITE_LIGHTREACH_ACCOUNT_ID}
      getAccessToken={getAccessToken}
    >
      <App />
    </DocumentsProvider>
  </StrictMode>,
);
