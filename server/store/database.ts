/**
 * Opens a simulation's SQLite file (better-sqlite3, WAL) and applies each module's schema.
 * Every table belongs to one module under server/store; a module declares its schema with
 * `defineSchema` and the database applies all known schemas on open (idempotent DDL).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { storeError } from './damage';

export type Db = Database.Database;

export interface SchemaPart {
  /** Module name, for error messages. */
  name: string;
  /** Idempotent DDL (CREATE TABLE IF NOT EXISTS ...). */
  sql: string;
}

const schemaParts: SchemaPart[] = [];

/** Registers a module's tables; call at module load time. */
export function defineSchema(part: SchemaPart): void {
  if (!schemaParts.some((p) => p.name === part.name)) schemaParts.push(part);
}

export interface OpenOptions {
  /** Open read-only (replay, stats, export). */
  readonly?: boolean;
  /** Fail if the file does not exist yet. */
  mustExist?: boolean;
  /** Leave the schemas to the caller (who applies them in its own first transaction). */
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
      if (!options.noSchemas) applySchemas(db);
    } else {
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    }
  } catch (err) {
    db.close();
    throw storeError(path, err);
  }
  return db;
}

/** Applies every registered schema (safe to call again after more modules loaded). */
export function applySchemas(db: Db): void {
  for (const part of schemaParts) {
    try {
      db.exec(part.sql);
    } catch (err) {
      // Keep SQLite's code: it tells a damaged file from a bug in the DDL.
      throw Object.assign(new Error(`Schema "${part.name}" failed: ${(err as Error).message}`), { code: (err as { code?: string }).code });
    }
  }
}

/** Whether the file has this table (read-only files may predate a module's tables). */
export function hasTable(db: Db, name: string): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));
}
