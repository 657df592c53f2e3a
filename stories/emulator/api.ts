/** Calls to the emulator's API made straight from a story, as any client would (not through the library). */
import { expect, waitFor } from 'storybook/test';
import type { EmulatorConnection } from './protocol';

/**
 * Uploads one grouped document (three files) straight through the API, as any client would: init, PUT each file
 * to its signed URL, poll the job until it completes.
 */
export async function uploadGrouped(connection: EmulatorConnection, files: File[]): Promise<void> {
  const root = `${connection.baseUrl}/api/v2/accounts/${encodeURIComponent(connection.accountId)}/documents`;
  const authorization = `Bearer ${connection.token}`;
  const init = (await (
    await fetch(root, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({
        files: files.map((file) => ({ filename: file.name, size: file.size })),
        type: 'roofPhoto',
        fields: { grouped: true },
      }),
    })
  ).json()) as { jobId: string; files: { uploadUrl: string; contentType: string }[] };
  await Promise.all(
    init.files.map((entry, index) =>
      fetch(entry.uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': entry.contentType },
        body: files[index],
      }),
    ),
  );
  await waitFor(
    async () => {
      const event = (await (
        await fetch(`${root}/jobs/${encodeURIComponent(init.jobId)}`, { headers: { authorization } })
      ).json()) as { type: string };
      await expect(event.type).toBe('imageVariantsReady');
    },
    { timeout: 15_000, interval: 250 },
  );
}
