'use client';
import { useInsertionEffect, useRef } from 'react';

/**
 * A ref that always holds the latest value, updated before layout effects and event handlers run. Lets components
 * read fresh callbacks and props in handlers without listing them as dependencies (no re-subscribing, no memo
 * keyed on fresh objects).
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useInsertionEffect(() => {
    ref.current = value;
  });
  return ref;
}
