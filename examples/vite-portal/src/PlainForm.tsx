import { useState, type FormEvent } from 'react';
import { DocumentUploader } from 'react-lightreach-documents';

/**
 * A plain form: the uploader writes hidden inputs named `utilityBillIds` (one per stored document) and `required`
 * blocks an empty submit, or one while files are still uploading, through native constraint validation.
 */
export function PlainForm() {
  const [submitted, setSubmitted] = useState<string[] | undefined>(undefined);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const ids = new FormData(event.currentTarget).getAll('utilityBillIds').map(String);
    // A real portal posts these ids with the rest of the application to its own backend.
    setSubmitted(ids);
  }

  return (
    <section aria-labelledby="plain-heading" data-form="plain">
      <h2 id="plain-heading">Application (plain form)</h2>
      <form onSubmit={onSubmit}>
        <label htmlFor="plain-bill">Utility bill</label>
        <DocumentUploader id="plain-bill" type="utilityBill" name="utilityBillIds" required />
        <button type="submit">Submit application</button>
      </form>
      {submitted !== undefined && (
        <p role="status" data-testid="plain-result">
          Submitted {submitted.length} utility bill{submitted.length === 1 ? '' : 's'}: {submitted.join(', ')}
        </p>
      )}
    </section>
  );
}
