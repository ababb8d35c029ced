// The types of eslint.config.js, for test/lint/layering.test.ts, which checks its zones cover functions/.
export declare const LAYERS: { target: string | string[]; from: string[]; message: string }[];
declare const config: unknown;
export default config;
