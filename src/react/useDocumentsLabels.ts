'use client';
import { useContext, useMemo } from 'react';
import { DocumentsLabelsContext } from './DocumentsContext';
import { mergeLabels, type DocumentsLabels, type DocumentsLabelsOverrides } from './labels';

/**
 * The label catalogue: English defaults, then the nearest `<DocumentsProvider labels>`, then `overrides`. Works
 * outside a provider too (presentational components use it).
 *
 * @param overrides - Labels for this component only. Defaults to `undefined` (the provider's labels).
 */
export function useDocumentsLabels(overrides?: DocumentsLabelsOverrides): DocumentsLabels {
  const labels = useContext(DocumentsLabelsContext);
  return useMemo(
    () => (overrides === undefined ? labels : mergeLabels(labels, overrides)),
    [labels, overrides],
  );
}
