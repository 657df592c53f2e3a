import { beforeAll } from 'vitest';

// Stories must reach the emulator over real HTTP (mounted on the test server by documentsEmulatorPlugin), not fall
// back to the Service Worker path with simulated progress: fail every story loudly if it is not there.
beforeAll(async () => {
  const response = await fetch('/__lrd/control', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ op: 'ping' }),
  });
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !type.includes('application/json')) {
    throw new Error(
      `The Storybook emulator is not mounted on the Vitest server (POST /__lrd/control → ${response.status} ${type}).`,
    );
  }
});
