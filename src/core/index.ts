/**
 * `react-lightreach-documents/core`: the framework-agnostic part. Typed API client, schemas, errors, document types
 * and file validation (and the upload engine). No React here.
 */
export * from './api/documentTypes';
export * from './api/errors';
export * from './api/schemas';
export * from './api/client';
export * from './upload';
