/**
 * Node module hook for the renderer process: functions/report/'s import of its generated templates
 * module resolves to the preview's latest build instead, so production code renders fresh templates
 * without the build output in the working tree being rewritten.
 */
import type { ResolveHook } from 'node:module';

let redirect: { from: string; to: string } | undefined;

export const initialize = (data: { from: string; to: string }): void => {
  redirect = data;
};

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  // Compared by hand: the build output in functions/report/generated/ may not even exist.
  if (redirect && context.parentURL && /^\.\.?\//.test(specifier) && new URL(specifier, context.parentURL).href === redirect.from) {
    return nextResolve(redirect.to, context);
  }
  return nextResolve(specifier, context);
};
