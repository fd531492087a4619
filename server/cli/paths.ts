/** Default locations for runtime files (the ignored data/ folder in the working directory). */
import { join } from 'node:path';

/** data/run-20261126-130501.db — a fresh name per run so nothing is overwritten by accident. */
export function defaultDbPath(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return join('data', `run-${stamp}.db`);
}

/** The data folder: where runs are stored by default, imported into, and listed by `hamlet start`'s page. */
export const DATA_DIR = 'data';

/** Where `hamlet import` puts a run named NAME: data/NAME.db. */
export function importedDbPath(name: string): string {
  return join(DATA_DIR, `${name}.db`);
}
