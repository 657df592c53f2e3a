import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import 'react-lightreach-documents/styles.css';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = { title: 'Installer portal (Next.js App Router)' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
