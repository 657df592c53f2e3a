/**
 * The secrets guard (test/setup/secretsGuard.ts) catches planted leaks of every kind it watches, lets clean library
 * behaviour through; plus the static rules: no `dangerouslySetInnerHTML` (or `innerHTML`) anywhere in src/, and
 * every `blob:` URL a component creates is revoked by unmount.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { render } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { ThumbnailGrid } from '../../src';
import { NetworkError, redactSecrets } from '../../src/core';
import {
  assertNoViolations,
  configureSecretsGuard,
  liveBlobUrlCount,
  resetSecretsGuardConfig,
  takeViolations,
} from '../setup/secretsGuard';

const SIGNED = 'http://storage.localhost/upload/staging/j/a.pdf?expires=1&ct=application%2Fpdf&sig=abcdef123';
const THIS_FILE = /reliability[\\/]secretsGuard\.test/;

afterEach(() => {
  resetSecretsGuardConfig();
});

const kinds = () => takeViolations().map((v) => v.kind);

describe('secrets guard', () => {
  it('catches a token or a signed query string in a console call', () => {
    console.info(`the token is ${'token_'}planted`);
    console.warn('fetching', new Error(`failed: ${SIGNED}`));
    expect(kinds()).toEqual(['console', 'console']);
  });

  it('catches a secret written to sessionStorage or localStorage', () => {
    sessionStorage.setItem('lrd:test', JSON.stringify({ url: SIGNED }));
    localStorage.setItem('token', 'token_planted');
    sessionStorage.clear();
    localStorage.clear();
    expect(kinds()).toEqual(['storage', 'storage']);
  });

  it('catches an Authorization header on a request to signed storage (XMLHttpRequest, fetch through msw)', async () => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', SIGNED);
    xhr.setRequestHeader('Authorization', 'Bearer token_planted');
    expect(kinds()).toEqual(['authorization-to-storage']);

    const server = setupServer(
      http.put('http://storage.localhost/*', () => new HttpResponse(null, { status: 200 })),
    );
    server.listen({ onUnhandledRequest: 'error' });
    try {
      await fetch(SIGNED, { method: 'PUT', headers: { authorization: 'Bearer token_planted' }, body: 'x' });
      // A request to the API with the token is fine.
      const api = setupServer(http.get('http://api.example.test/*', () => HttpResponse.json([])));
      server.use(...api.listHandlers());
      await fetch('http://api.example.test/api/v2/accounts/a/documents', {
        headers: { authorization: 'Bearer token_planted' },
      });
    } finally {
      server.close();
    }
    expect(kinds()).toEqual(['authorization-to-storage']);
  });

  it('catches an error created by library code with a secret in its message or cause', () => {
    // Pretend this file is library code.
    configureSecretsGuard({ libraryPath: THIS_FILE });
    void new Error(`PUT ${SIGNED} failed`);
    void new Error('wrapped', { cause: new TypeError(`token_planted was refused`) });
    expect(kinds()).toEqual(['error', 'error']);
  });

  it("lets the library's own redacted errors through", () => {
    const error = new NetworkError(`PUT ${SIGNED} failed; Authorization: Bearer token_planted`, {
      cause: new Error(`socket hang up at ${SIGNED}`),
    });
    expect(error.message).toBe(redactSecrets(error.message));
    expect(error.message).not.toContain('sig=abc');
    expect(String((error.cause as Error).message)).not.toContain('sig=abc');
    expect(takeViolations()).toEqual([]);
  });

  it('fails the test: the after-each check throws on any finding, without repeating the secret', () => {
    console.log('token_planted');
    let message = '';
    try {
      assertNoViolations();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Secrets guard.*1 problem/);
    expect(message).toContain('[console]');
    expect(message).not.toContain('token_planted');
    expect(takeViolations()).toEqual([]);
  });

  it('counts blob: URLs created by library code until they are revoked', () => {
    configureSecretsGuard({ libraryPath: THIS_FILE });
    const url = URL.createObjectURL(new Blob(['x']));
    expect(liveBlobUrlCount({ libraryOnly: true })).toBe(1);
    URL.revokeObjectURL(url);
    expect(liveBlobUrlCount({ libraryOnly: true })).toBe(0);
  });
});

describe('blob: URLs of components', () => {
  it('ThumbnailGrid revokes the local preview of a just-uploaded image on unmount', () => {
    const { unmount } = render(
      <ThumbnailGrid
        items={[
          {
            id: 'local',
            name: 'roof.png',
            contentType: 'image/png',
            file: new Blob(['png'], { type: 'image/png' }),
          },
        ]}
      />,
    );
    expect(document.querySelector('img')?.getAttribute('src')).toMatch(/^blob:/);
    expect(liveBlobUrlCount({ libraryOnly: true })).toBe(1);
    unmount();
    expect(liveBlobUrlCount({ libraryOnly: true })).toBe(0);
  });
});

describe('no HTML from data', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
    });
  }

  it('src/ never uses dangerouslySetInnerHTML, innerHTML, outerHTML or insertAdjacentHTML', () => {
    const offenders = sources(join(process.cwd(), 'src')).filter((path) =>
      /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML/.test(
        readFileSync(path, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
