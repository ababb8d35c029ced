// @ts-check
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layering of functions/, enforced here so `npm run lint` (and CI) fails when it is broken:
 * - report/ renders: it never reaches delivery/ or the IOBot client and credentials (it only reads report data);
 * - delivery/ sends bytes: it never imports report/ or iobot/;
 * - iobot/, config/ and shared/ are leaves below the rest;
 * - nothing in functions/ imports dev/, scripts/, test/ or infra/ (production code has no "local" branch).
 * test/lint/layering.test.ts proves each rule fires; import-x/no-cycle keeps functions/ free of import cycles.
 */
const zone = (target, from, message) => ({ target, from, message });
const LAYERS = [
  zone('./functions/report', ['./functions/delivery', './functions/iobot/iobot-client.ts', './functions/iobot/credentials.ts', './functions/report-mailer'], 'report/ renders only: no delivery, no IOBot client, no run orchestration.'),
  zone('./functions/delivery', ['./functions/report', './functions/iobot', './functions/report-mailer'], 'delivery/ sends bytes: it knows nothing of reports or IOBot.'),
  zone('./functions/iobot', ['./functions/report', './functions/delivery', './functions/report-mailer'], 'iobot/ talks to IOBot only.'),
  zone(['./functions/config', './functions/shared'], ['./functions/report', './functions/delivery', './functions/iobot', './functions/report-mailer'], 'config/ and shared/ are leaves.'),
  zone('./functions', ['./dev', './scripts', './test', './infra'], 'Production code never imports the local stack, scripts, tests or infra.'),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'out/', 'coverage/', 'functions/report/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['functions/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } },
      // no-cycle parses the imported files too: they are TypeScript.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYERS }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The preview reaches the report code through one adapter, so changes there touch one file.
    files: ['dev/preview/**/*.ts'],
    ignores: ['dev/preview/render.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/functions/report/**'], message: 'import it through dev/preview/render.ts' }] }],
    },
  },
);
