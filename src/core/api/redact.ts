/**
 * Redaction of secrets, and the cut of a server's text, before anything is kept: signed URLs and tokens are secrets
 * (docs/decisions/0003, decision 9) and server text is untrusted (docs/SECURITY.md).
 */

// Every pattern on server text is linear by construction: a quantified class is followed only by what it excludes
// (or by nothing), and once a scheme matches the URL pattern cannot fail, so no character is scanned more than a
// fixed number of times. Besides, a server's message is cut to MAX_SERVER_MESSAGE characters before any pattern
// runs on it: only JSON.parse and the (linear) <Message> extraction see a whole body.
const URL_WITH_QUERY = /\b((?:https?|blob):\/\/[^\s?#"'<>]*)(\?[^\s#"'<>]*)?/gi;
const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/=]+/gi;
const SIGNATURE_PARAMS =
  /\b(x-(?:amz|goog)-(?:signature|credential)|signature|sig|(?:access_)?token|expires)=[^\s&"'<>]+/gi;

/** How much of a server's message is kept, at most. */
export const MAX_SERVER_MESSAGE = 300;

/**
 * Removes what must never appear in an error, a log or storage: the query string of any URL (where signatures
 * live), bearer tokens, and signature-looking parameters, plus any extra secret strings given (the token sent).
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(URL_WITH_QUERY, (all, url: string, query?: string) =>
      query === undefined ? all : `${url}?[redacted]`,
    )
    .replace(BEARER, 'Bearer [redacted]')
    .replace(SIGNATURE_PARAMS, '$1=[redacted]');
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * A server's text cut to {@link MAX_SERVER_MESSAGE} characters, before any pattern runs on it. The partial last word
 * goes too: a secret cut in half (which redaction could no longer recognise) is never kept.
 */
export function clip(text: string): string {
  const cut = text.slice(0, MAX_SERVER_MESSAGE);
  return cut === text ? text : `${cut.slice(0, cut.lastIndexOf(' ') + 1)}…`;
}
