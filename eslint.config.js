import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Layer rules (docs/decisions/0003): what each folder of src/ may import. */
const noReact = [
  {
    group: ['react', 'react/*', 'react-dom', 'react-dom/*'],
    message: 'core and mock are framework-agnostic: no React.',
  },
  { group: ['@tanstack/*', 'react-dropzone'], message: 'core and mock are framework-agnostic.' },
];
const zodRule = {
  name: 'zod',
  message: "Use `import * as z from 'zod/mini'`: the full zod entry pulls every locale into bundles.",
};
const layer = (files, paths, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: [zodRule, ...paths], patterns }] },
});

export default tseslint.config(
  {
    ignores: [
      'dist',
      'storybook-static',
      'coverage',
      'public',
      'test-results',
      'bench/peers',
      'node_modules',
      // Apps of their own, with their own dependencies: type-checked by their builds in test/packaging.
      'examples',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  reactHooks.configs.flat['recommended-latest'],
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [...tseslint.configs.strictTypeChecked],
    rules: {
      'no-console': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Never render HTML from data: file names and server messages are text.',
        },
      ],
    },
  },
  layer(
    ['src/core/**'],
    [],
    [
      ...noReact,
      {
        group: ['msw', 'msw/*', '**/mock/**', '**/react/**', '**/components/**'],
        message: 'core imports nothing above it.',
      },
    ],
  ),
  layer(
    ['src/mock/**'],
    [],
    [
      ...noReact,
      { group: ['**/react/**', '**/components/**'], message: 'the emulator has no UI.' },
      { group: ['**/core/upload/**'], message: 'the emulator may use core schemas, not the engine.' },
    ],
  ),
  layer(
    ['src/react/**'],
    [],
    [
      { group: ['**/components/**', '**/mock/**', 'msw', 'msw/*'], message: 'src/react holds hooks only.' },
      { group: ['../core/*/**', '../../core/*/**'], message: 'Reach core only through src/core/index.ts.' },
    ],
  ),
  layer(
    ['src/components/**'],
    [],
    [
      { group: ['**/mock/**', 'msw', 'msw/*'], message: 'components never depend on the emulator.' },
      {
        group: ['../core/*/**', '../../core/*/**', '../../../core/*/**'],
        message: 'Reach core only through src/core/index.ts.',
      },
    ],
  ),
  {
    files: ['test/**', 'stories/**', 'bench/**', 'scripts/**', '.storybook/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked] },
  prettier,
);
