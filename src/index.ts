/**
 * `react-lightreach-documents`: React components and hooks over the Documents v2 API (landing issue by issue). Core
 * types are re-exported, so an app imports from one place.
 */
export * from './core';
