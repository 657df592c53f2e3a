import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // This folder is its own app, even inside the library's repository (whose lockfile would otherwise be taken as
  // the workspace root).
  turbopack: { root: process.cwd() },
  outputFileTracingRoot: process.cwd(),
  // The emulator (development only) runs in Node with msw's interceptors: load them as-is, not bundled.
  serverExternalPackages: ['msw'],
};

export default nextConfig;
