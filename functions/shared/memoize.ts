// Intl formatters, collators and luxon's zone math are costly to build, and a run asks for the same
// few locales and months thousands of times: each is built once per execution environment. The
// keys come from configuration and report months, so the caches stay small.

/**
 * `compute` wrapped so that calls with the same `key(...args)` return the first result. The key is a
 * string because the arguments are (locale, month, zone, option names), never objects.
 */
export const memoize = <Args extends unknown[], Result>(
  key: (...args: Args) => string,
  compute: (...args: Args) => Result,
): ((...args: Args) => Result) => {
  const cache = new Map<string, Result>();
  return (...args) => {
    const id = key(...args);
    if (cache.has(id)) return cache.get(id) as Result;
    const result = compute(...args);
    cache.set(id, result);
    return result;
  };
};
