// The types of eslint.config.js, for test/lint/layering.test.ts, which checks its zones cover functions/.
type Zone = { target: string | string[]; from: string[]; message: string };
export declare const LAYERS: Zone[];
export declare const TOOLING: Zone[];
export declare const MAILER_ROOMS: string[];
declare const config: unknown;
export default config;
