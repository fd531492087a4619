/**
 * Opens a simulation's SQLite file (better-sqlite3, WAL). What tables a file holds is not decided
 * here: each stored part declares its own (`StoredPart`) and `./parts` lists them all, creates
 * them, checks their format versions and rewinds them. A writable `openDatabase` makes sure every
 * part's tables exist (idempotent DDL), so a module can be used on a bare database too (tests).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { storeError } from './damage';
import { ensureParts } from './parts';

export type Db = Database.Database;

/**
 * One stored part of a simulation file (steps, snapshots, memories, …): its tables, its format
 * version and how it rewinds to a step. Declared next to the code that reads and writes it;
 * `STORE_PARTS` in ./parts lists every part, and nothing else creates tables.
 */
export interface StoredPart {
  /** Name in messages and in the file's `store_parts` table. */
  readonly name: string;
  /**
   * Format version of this part's tables and stored texts. Bump it when an older Hamlet would
   * misread the part; a file whose part has another version is refused (there are no migrations yet).
   */
  readonly version: number;
  /** The tables it owns. */
  readonly tables: readonly string[];
  /** Idempotent DDL (CREATE TABLE / INDEX IF NOT EXISTS …) for all of them. */
  readonly schema: string;
  /**
   * Makes the part as it was at the start of `step` (everything recorded for `step` and later
   * goes), inside the caller's transaction. Used by resume (back to a snapshot), fork (back to
   * the fork point) and anything else that rewinds a file. Absent when nothing in the part
   * depends on the step; the declaration says why.
   */
  readonly rewind?: (db: Db, step: number) => void;
}

export interface OpenOptions {
  /** Open read-only (replay, stats, export). */
  readonly?: boolean;
  /** Fail if the file does not exist yet. */
  mustExist?: boolean;
  /** Leave the parts' tables to the caller (who checks the file first or creates them in its own first transaction). */
  noSchemas?: boolean;
}

/** Opens (or creates) a database file; ':memory:' gives an in-memory one for tests. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly && !options.mustExist) mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.mustExist ?? options.readonly ?? false });
  } catch (err) {
    throw new Error(`Cannot open database ${path}: ${(err as Error).message}`);
  }
  // The first statements are where SQLite finds out that a file is not a database or is damaged.
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      if (!options.noSchemas) ensureParts(db, path);
    } else {
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    }
  } catch (err) {
    db.close();
    throw storeError(path, err);
  }
  return db;
}

export { hasTable } from './tables';
