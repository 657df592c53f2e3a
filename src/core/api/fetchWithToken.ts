/** Fetching a proxy view URL (sensitive documents) with the client's token, refusing every other origin. */
import type { DocumentsClient, RequestOptions } from './client';
import { ConfigurationError, DocumentsError, NetworkError } from './errors';

/**
 * Fetches a proxy view URL (sensitive documents: same origin as the API, no signature) with the client's token, as
 * a `Blob`. Refuses any other origin: the token never leaves the API.
 */
export async function fetchWithToken(
  client: DocumentsClient,
  url: string,
  options: RequestOptions = {},
): Promise<Blob> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ConfigurationError('fetchWithToken needs an absolute URL.');
  }
  if (target.origin !== new URL(client.baseUrl).origin) {
    throw new ConfigurationError('Refusing to send the access token to an origin other than the API’s.');
  }
  const response = await client.send('fetchViewUrl', target.href, {}, options);
  try {
    return await response.blob();
  } catch (error) {
    if (error instanceof DocumentsError) throw error;
    throw new NetworkError('fetchViewUrl failed while reading the response.', {
      cause: error,
      operation: 'fetchViewUrl',
    });
  }
}
