import { useState, type FormEvent } from 'react';
import { DocumentUploader } from 'react-lightreach-documents';

/**
 * Collect, then upload: the pages of one site plan are added across several choices (or camera shots on a phone),
 * put in order with Move up / Move down, and sent with one Upload as one grouped document in that order.
 */
export function PagesForm() {
  const [submitted, setSubmitted] = useState<string[] | undefined>(undefined);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(new FormData(event.currentTarget).getAll('sitePlanIds').map(String));
  }

  return (
    <section aria-labelledby="pages-heading" data-form="pages">
      <h2 id="pages-heading">Site plan (pages, then upload)</h2>
      <form onSubmit={onSubmit}>
        <label htmlFor="site-plan">Site plan pages</label>
        <DocumentUploader
          id="site-plan"
          type="utilityBill"
          name="sitePlanIds"
          grouped
          autoUpload={false}
          capture="environment"
          required
        />
        <button type="submit">Submit site plan</button>
      </form>
      {submitted !== undefined && (
        <p role="status" data-testid="pages-result">
          Submitted {submitted.length} site plan{submitted.length === 1 ? '' : 's'}: {submitted.join(', ')}
        </p>
      )}
    </section>
  );
}
