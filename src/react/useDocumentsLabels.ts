'use client';
import { useContext, useMemo } from 'react';
import { DocumentsLabelsContext } from './DocumentsContext';
import { defaultLabels, mergeLabels, type DocumentsLabels, type DocumentsLabelsOverrides } from './labels';

/**
 * @internal `defaults`, then the nearest `<DocumentsProvider labels>`, then `overrides`. Components pass only the
 * defaults they show (the upload side passes `uploaderLabels`).
 */
export function useLabels<L extends Partial<DocumentsLabels>>(
  defaults: L,
  overrides?: DocumentsLabelsOverrides,
): L {
  const provided = useContext(DocumentsLabelsContext);
  return useMemo(() => mergeLabels(defaults, provided, overrides), [defaults, provided, overrides]);
}

/**
 * The label catalogue: English defaults, then the nearest `<DocumentsProvider labels>`, then `overrides`. Works
 * outside a provider too (presentational components use it).
 *
 * @param overrides - Labels for this component only. Defaults to `undefined` (the provider's labels).
 */
export function useDocumentsLabels(overrides?: DocumentsLabelsOverrides): DocumentsLabels {
  return useLabels(defaultLabels, overrides);
}
