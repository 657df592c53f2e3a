'use client';
/**
 * `react-lightreach-documents`: React hooks (and, landing next, components) over the Documents v2 API. The core
 * (client, engine, errors, types) is re-exported, so an app imports from one place.
 */
export * from './core';
export * from './react';
