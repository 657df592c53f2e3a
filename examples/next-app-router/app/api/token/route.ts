/**
 * The browser's access token. A real portal reads the signed-in user's token from the session here (and never
 * caches this response); with the emulator it is the demo token.
 */
import { accessToken } from '@/lib/documentsConfig';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const token = await accessToken({ forceRefresh: false });
  return Response.json({ token }, { headers: { 'cache-control': 'private, no-store' } });
}
