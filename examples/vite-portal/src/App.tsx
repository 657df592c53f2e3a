import { DocumentGallery } from 'react-lightreach-documents';
import { HookForm } from './HookForm';
import { PagesForm } from './PagesForm';
import { PlainForm } from './PlainForm';

export function App() {
  return (
    <main>
      <h1>Installer portal</h1>
      <PlainForm />
      <HookForm />
      <PagesForm />
      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">Documents on this account</h2>
        <DocumentGallery />
      </section>
    </main>
  );
}
