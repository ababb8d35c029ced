import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` once per burst of saves under `dir` (editors write a file in several steps: a
 * temp file, a rename, a chmod). Node's recursive fs.watch covers partials/ and locales/.
 */
export const watchTemplates = (dir: string, onChange: (files: string[]) => void, quietMs = 40): { close(): void } => {
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, file) => {
    if (file) changed.add(String(file));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed].sort();
      changed.clear();
      onChange(files);
    }, quietMs);
  });
  return {
    close: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
};
