/**
 * Damaged simulation files. SQLite's own errors ("database disk image is malformed", "file is
 * not a database") do not say which file, and a damaged page inside a stored JSON text reaches
 * the reader as a JSON parser error ("Bad control character in string literal…"), which says
 * nothing useful. Everything that reads a simulation file turns such failures into one message
 * that names the file, says it is damaged, and what to do about it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Db } from './database';

/** The file is not what it should be: unreadable pages, invalid stored JSON, not SQLite at all. */
export class DamagedFileError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
    /** The latest snapshot with everything before it intact, when the damage lies after one. */
    readonly lastGoodSnapshot: number | null = null,
  ) {
    super(`${path} is damaged: ${detail}. ${ADVICE(path)}${lastGoodSnapshot === null ? '' : GOOD_SNAPSHOT(path, lastGoodSnapshot)}`);
    this.name = 'DamagedFileError';
  }
}

const ADVICE = (path: string) =>
  `Keep it as it is (copy it aside) and do not resume it in place. ` +
  `What can still be read can be exported with: sqlite3 ${path} .recover > recovered.sql`;

const GOOD_SNAPSHOT = (path: string, step: number) =>
  `. The damage lies after its last good snapshot (step ${step}): on a copy, ` +
  `hamlet run --db COPY --resume --from-snapshot ${step} re-simulates from there (the result is the same as before the damage)`;

/**
 * The latest snapshot from which the file can be continued in spite of damage in the step log or
 * snapshots: its own JSON is sound and so is every step before it. Null when SQLite's own check
 * fails (the damage may be anywhere) or no snapshot qualifies.
 */
export function lastGoodSnapshot(db: Db): number | null {
  const rows = db.pragma('quick_check(1)') as { quick_check: string }[];
  if (rows[0]?.quick_check !== 'ok') return null;
  if (db.prepare('SELECT 1 FROM meta WHERE json_valid(value) = 0 LIMIT 1').get()) return null;
  const firstBadStep = (db.prepare('SELECT MIN(step) AS s FROM steps WHERE json_valid(delta) = 0').get() as { s: number | null }).s;
  const row = db
    .prepare('SELECT MAX(step) AS s FROM snapshots WHERE json_valid(state) = 1 AND json_valid(mind) = 1 AND step <= ?')
    .get(firstBadStep ?? Number.MAX_SAFE_INTEGER) as { s: number | null };
  return row.s;
}

/** What to tell about a file that is not SQLite at all. */
export function notSqliteMessage(path: string): string {
  return `${path} is not a SQLite database, so not a Hamlet simulation file (is it the right path?)`;
}

/** Whether the file begins like a SQLite database (an empty file counts: SQLite makes it one). */
export function looksLikeSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n === 0 || head.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX', 'SQLITE_NOTADB']);

/**
 * The error to report for a failure while reading or writing `path`: damage becomes a
 * DamagedFileError; any other SQLite error gets the file's name in front; the rest pass as they are.
 * `what` names the record being read ("the snapshot at step 720"), for a stored JSON text that does not parse.
 */
export function storeError(path: string, err: unknown, what?: string): Error {
  if (err instanceof DamagedFileError) return err;
  const e = err as Error & { code?: string };
  if (e?.code === 'SQLITE_NOTADB') return new DamagedFileError(path, notSqliteMessage(path).replace(`${path} is `, 'it is '));
  if (e?.code && DAMAGE_CODES.has(e.code)) return new DamagedFileError(path, `SQLite cannot read it (${e.message})`);
  if (err instanceof SyntaxError) return new DamagedFileError(path, `${what ?? 'a stored record'} is not valid JSON any more`);
  if (e?.code?.startsWith('SQLITE_') && !e.message.includes(path)) return Object.assign(new Error(`${path}: ${e.message}`), { code: e.code });
  return e instanceof Error ? e : new Error(String(err));
}

/** JSON.parse for a stored text; a damaged one is reported as damage of `what` in `path`. */
export function parseStored<T>(path: string, text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw storeError(path, err, what);
  }
}

/**
 * Looks for damage: SQLite's quick_check (page structure, indexes), then every stored JSON text
 * of the meta, step log and snapshots (json_valid, in SQLite, without parsing them here). A page
 * overwritten inside a JSON text passes SQLite's check but not the second. Returns the first
 * problem found, or null. Damage that leaves valid JSON (a changed digit) cannot be seen: SQLite
 * keeps no checksums of the content.
 */
export function findDamage(db: Db, tables: { steps: boolean; snapshots: boolean; meta: boolean }): string | null {
  try {
    const rows = db.pragma('quick_check(1)') as { quick_check: string }[];
    const first = rows[0]?.quick_check;
    if (first !== 'ok') return `SQLite's check fails (${(first ?? 'no answer').replace(/\*\*\* in database \w+ \*\*\*\s*/, '').replace(/\s+/g, ' ')})`;
    if (tables.meta) {
      const bad = db.prepare('SELECT key FROM meta WHERE json_valid(value) = 0 LIMIT 1').get() as { key: string } | undefined;
      if (bad) return `its settings (meta "${bad.key}") are not valid JSON any more`;
    }
    if (tables.snapshots) {
      const bad = db.prepare('SELECT step FROM snapshots WHERE json_valid(state) = 0 OR json_valid(mind) = 0 ORDER BY step LIMIT 1').get() as { step: number } | undefined;
      if (bad) return `the snapshot at step ${bad.step} is not valid JSON any more`;
    }
    if (tables.steps) {
      const bad = db.prepare('SELECT step FROM steps WHERE json_valid(delta) = 0 ORDER BY step LIMIT 1').get() as { step: number } | undefined;
      if (bad) return `step ${bad.step} of the step log is not valid JSON any more`;
    }
    return null;
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code && DAMAGE_CODES.has(e.code)) return `SQLite cannot read it (${e.message})`;
    throw err;
  }
}
