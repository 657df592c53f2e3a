import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/core';
import { earliestExpiry, msUntilRefresh, refreshAt, refreshMargin } from '../../src/react';

const NOW = Date.parse('2025-01-01T12:00:00.000Z');
const MIN = 60_000;

function doc(id: string, expiresInMs: (number | undefined)[]): Document {
  return {
    id,
    accountId: 'acc',
    status: 'pending',
    archived: false,
    type: 'utilityBill',
    files: [
      {
        originalName: `${id}.pdf`,
        contentType: 'application/pdf',
        viewUrls: expiresInMs.map((ms, index) => ({
          url: `https://storage.test/${id}/${index}`,
          type: index === 0 ? 'original' : 'thumbnail',
          ...(ms === undefined ? {} : { expiresAt: new Date(NOW + ms).toISOString() }),
        })),
      },
    ],
  };
}

describe('msUntilRefresh', () => {
  it('refreshes 10 % of the lifetime before expiry when that is more than 2 minutes', () => {
    // 60 min left → margin 6 min → refresh in 54 min.
    expect(msUntilRefresh([doc('a', [60 * MIN])], NOW)).toBe(54 * MIN);
  });

  it('keeps a margin of at least 2 minutes', () => {
    // 20 min left → 10 % is 2 min; 15 min left → 1.5 min < 2 min → margin 2 min.
    expect(msUntilRefresh([doc('a', [20 * MIN])], NOW)).toBe(18 * MIN);
    expect(msUntilRefresh([doc('a', [15 * MIN])], NOW)).toBe(13 * MIN);
  });

  it('uses the earliest expiry across files, variants and documents', () => {
    const documents = [doc('a', [60 * MIN, 30 * MIN]), doc('b', [40 * MIN])];
    expect(msUntilRefresh(documents, NOW)).toBe(27 * MIN);
    expect(earliestExpiry(documents)).toBe(NOW + 30 * MIN);
  });

  it('is undefined when nothing expires (no documents, or proxy URLs only)', () => {
    expect(msUntilRefresh([], NOW)).toBeUndefined();
    expect(msUntilRefresh([doc('a', [undefined])], NOW)).toBeUndefined();
    expect(refreshAt([doc('a', [undefined])], NOW)).toBeUndefined();
  });

  it('ignores proxy URLs next to signed ones', () => {
    expect(msUntilRefresh([doc('a', [undefined]), doc('b', [30 * MIN])], NOW)).toBe(27 * MIN);
  });

  it('is 0 for URLs already expired or inside the margin', () => {
    expect(msUntilRefresh([doc('a', [-MIN])], NOW)).toBe(0);
    expect(msUntilRefresh([doc('a', [0])], NOW)).toBe(0);
  });

  it('never uses more than half of a short remaining lifetime as margin', () => {
    // 1 min left: the 2 min margin would refresh at once, forever; half the lifetime is used instead.
    expect(msUntilRefresh([doc('a', [MIN])], NOW)).toBe(MIN / 2);
    expect(refreshMargin(MIN)).toBe(MIN / 2);
  });

  it('honours custom margins', () => {
    expect(msUntilRefresh([doc('a', [60 * MIN])], NOW, { minMarginMs: 10 * MIN })).toBe(50 * MIN);
    expect(msUntilRefresh([doc('a', [60 * MIN])], NOW, { marginRatio: 0.25 })).toBe(45 * MIN);
  });

  it('gives an absolute time with refreshAt', () => {
    expect(refreshAt([doc('a', [60 * MIN])], NOW)).toBe(NOW + 54 * MIN);
  });
});
