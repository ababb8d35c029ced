// @ts-check
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layering of functions/, enforced here so `npm run lint` (and CI) fails when it is broken:
 * - report/ renders: it never reaches delivery/, the ledger, the IOBot client and credentials (it only reads report data);
 * - delivery/ sends bytes: it never imports report/ or iobot/; ledger/ (the send ledger) sits below it;
 * - iobot/, config/ and shared/ are leaves below the rest;
 * - the report mailer's rooms (monthly-run/, watchdog/, operator-report/, resend/) meet in its top folder
 *   (handler, event, run plan, run summary, wiring); the only room another reads is the watchdog's check,
 *   which the operator report tells;
 * - the other Lambdas (unsubscribe/, delivery-events/) never import the report mailer or the rendering;
 * - nothing in functions/ imports dev/, scripts/, test/ or infra/ (production code has no "local" branch).
 * Every folder of functions/ is the target of a zone (test/lint/layering.test.ts checks it, and proves each
 * rule fires); import-x/no-cycle keeps functions/ free of import cycles.
 */
const zone = (target, from, message) => ({ target, from, message });
const F = (...folders) => folders.map((folder) => `./functions/${folder}`);
export const MAILER_ROOMS = ['monthly-run', 'watchdog', 'operator-report', 'resend'];
const ROOM_READS = { 'operator-report': ['watchdog'] };
const roomZone = (room) =>
  zone(
    F(`report-mailer/${room}`),
    F(...MAILER_ROOMS.filter((other) => other !== room && !ROOM_READS[room]?.includes(other)).map((other) => `report-mailer/${other}`)),
    `report-mailer/${room}/ is one room: rooms meet in report-mailer/.`,
  );
export const LAYERS = [
  zone(
    F('report'),
    [
      ...F('delivery', 'ledger', 'report-mailer', 'unsubscribe', 'delivery-events'),
      './functions/iobot/iobot-client.ts',
      './functions/iobot/credentials.ts',
    ],
    'report/ renders only: no delivery, no ledger, no IOBot client, no run orchestration.',
  ),
  zone(
    F('delivery'),
    F('report', 'iobot', 'report-mailer', 'unsubscribe', 'delivery-events'),
    'delivery/ sends bytes: it knows nothing of reports or IOBot.',
  ),
  zone(
    F('ledger'),
    F('report', 'iobot', 'delivery', 'report-mailer', 'unsubscribe', 'delivery-events'),
    'ledger/ records sends: it sits below delivery/.',
  ),
  zone(F('iobot'), F('report', 'delivery', 'ledger', 'report-mailer', 'unsubscribe', 'delivery-events'), 'iobot/ talks to IOBot only.'),
  zone(
    F('config', 'shared'),
    F('report', 'delivery', 'ledger', 'iobot', 'report-mailer', 'unsubscribe', 'delivery-events'),
    'config/ and shared/ are leaves.',
  ),
  zone(
    F('unsubscribe'),
    F('report', 'iobot', 'report-mailer', 'delivery-events'),
    'unsubscribe/ is a Lambda of its own: no rendering, no IOBot, no other Lambda.',
  ),
  zone(
    F('delivery-events'),
    F('report', 'iobot', 'report-mailer', 'unsubscribe'),
    'delivery-events/ is a Lambda of its own: no rendering, no IOBot, no other Lambda.',
  ),
  zone(F('report-mailer'), F('unsubscribe', 'delivery-events'), 'report-mailer/ is a Lambda of its own: it never imports another Lambda.'),
  ...MAILER_ROOMS.map(roomZone),
  zone(
    './functions',
    ['./dev', './scripts', './test', './infra', './templates'],
    'Production code never imports the local stack, scripts, tests, infra or the template build (it imports generated/).',
  ),
];

/**
 * The tooling below production code: the template build (templates/build/) is imported by the build
 * command, the preview and the bench, so it imports none of them; dev/ (stand-ins, preview) never
 * imports scripts/. Both may read the shared sample data in test/fixtures/.
 */
export const TOOLING = [
  zone(
    './templates',
    ['./dev', './scripts', './test', './infra', './functions'],
    'templates/build/ sits below dev/ and scripts/: it imports neither.',
  ),
  zone('./dev', ['./scripts'], 'dev/ never imports scripts/ (scripts/ may use the local stand-ins, not the other way round).'),
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
    files: ['templates/**/*.ts', 'dev/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } } },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: TOOLING }] },
  },
  {
    // The preview reaches the report code through one adapter, so changes there touch one file.
    files: ['dev/preview/**/*.ts'],
    ignores: ['dev/preview/render.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/functions/report/**'], message: 'import it through dev/preview/render.ts' }] },
      ],
    },
  },
);
