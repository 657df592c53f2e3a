'use client';
/**
 * `react-lightreach-documents`: React components and hooks over the Documents v2 API. The core (client, engine,
 * errors, types) is re-exported, so an app imports from one place.
 */
export * from './core';
export * from './react';
export * from './components';
