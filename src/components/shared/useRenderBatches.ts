'use client';
import { useEffect, useRef, useState } from 'react';

/**
 * Renders a long list in batches: the first `batch` entries, then `batch` more each time the sentinel (an element
 * after the last one shown, given `sentinelRef`) comes within `rootMargin` of the viewport. Without
 * IntersectionObserver (old browsers, some test environments) everything is rendered at once. `setLimit` shows more
 * on demand (a "Show more" button, focus moving past the end).
 */
export function useRenderBatches(total: number, batch: number, rootMargin: string) {
  const sentinelRef = useRef<HTMLLIElement>(null);
  const [limit, setLimit] = useState(batch);
  const shown = Math.min(total, limit);
  const more = shown < total;
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!more || sentinel === null) return undefined;
    if (typeof IntersectionObserver !== 'function') {
      setLimit(Number.POSITIVE_INFINITY); // eslint-disable-line react-hooks/set-state-in-effect -- no observer: render all
      return undefined;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setLimit((current) => current + batch);
      },
      { rootMargin },
    );
    observer.observe(sentinel);
    return () => {
      observer.disconnect();
    };
  }, [more, shown, batch, rootMargin]);
  return { shown, more, sentinelRef, setLimit };
}
