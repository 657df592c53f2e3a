'use server';
/**
 * The server action the form posts to. It receives the document ids the uploader wrote into the form and checks
 * them with the API (server side, with the user's token) before accepting the application: an id from the browser
 * is a claim, not proof that the document exists, is a utility bill and belongs to this account.
 */
import { createDocumentsClient, isDocumentsError } from 'react-lightreach-documents/server';
import { accessToken, documentsConnection } from '@/lib/documentsConfig';

export interface SubmitResult {
  ok: boolean;
  message: string;
  documentIds?: string[];
}

export async function submitApplication(
  _previous: SubmitResult | undefined,
  form: FormData,
): Promise<SubmitResult> {
  const applicant = String(form.get('applicant') ?? '').trim();
  const ids = form
    .getAll('utilityBillIds')
    .map(String)
    .filter((id) => id !== '');
  if (applicant === '') return { ok: false, message: 'Enter the homeowner.' };
  if (ids.length === 0) return { ok: false, message: 'Upload the utility bill.' };

  const { baseUrl, accountId } = documentsConnection();
  const client = createDocumentsClient({ baseUrl, accountId, getAccessToken: accessToken });
  try {
    const documents = await Promise.all(ids.map((id) => client.getDocument(id)));
    if (documents.some((d) => d.type !== 'utilityBill' || d.archived)) {
      return { ok: false, message: 'One of the documents is not an active utility bill.' };
    }
    // A real portal stores the application with these ids here.
    const names = documents.flatMap((d) => d.files.map((f) => f.originalName));
    return {
      ok: true,
      message: `Application for ${applicant} received with ${documents.length} utility bill${documents.length === 1 ? '' : 's'}: ${names.join(', ')}`,
      documentIds: ids,
    };
  } catch (error) {
    return {
      ok: false,
      message: isDocumentsError(error) ? error.message : 'The documents could not be checked.',
    };
  }
}
