/**
 * The one way a simulation file's tables come to be: every stored part is declared (next to the
 * code that uses it) as a `StoredPart` — its tables, its format version and how it rewinds to a
 * step — and listed here. Creating a file, opening one (resume, replay, stats, fork, import),
 * checking its format and rewinding it all go through this list; no module creates tables of
 * its own.
 *
 * Format versions are kept in the file's `store_parts` table (part → version). Files made before
 * that table existed (store format 1) have every part at version 1. A file whose part has a
 * version this Hamlet does not read, or a part it does not know, is refused with a message that
 * names the file, the part and the version.
 */
import { existsSync } from 'node:fs';
import { inputsPart, metaPart, snapshotsPart, stepsPart, STORE_FORMAT_VERSION } from './coreParts';
import { looksLikeSqlite, notSqliteMessage, storeError } from './damage';
import { openDatabase, type Db, type StoredPart } from './database';
import { hasTable } from './tables';
import { embeddingsPart } from './embeddings';
import { lineagePart } from './lineage';
import { llmCallsPart } from './llmCalls';
import { memoriesPart } from './memories';
import { pendingInputsPart } from './pendingInputs';
import { planLogPart } from './planLog';

/** Every part of a simulation file, in the order their tables are created. */
export const STORE_PARTS: readonly StoredPart[] = [metaPart, stepsPart, snapshotsPart, inputsPart, pendingInputsPart, memoriesPart, planLogPart, embeddingsPart, llmCallsPart, lineagePart];

const PARTS_TABLE = 'store_parts';
const PARTS_SCHEMA = `CREATE TABLE IF NOT EXISTS ${PARTS_TABLE} (part TEXT PRIMARY KEY, version INTEGER NOT NULL);`;

/** A file (or one part of it) in a format this Hamlet does not read. */
export class StoreFormatError extends Error {
  constructor(
    readonly path: string,
    readonly part: string,
    /** The version the file holds. */
    readonly version: unknown,
    /** The version this Hamlet reads, or null for a part it does not know. */
    readonly known: number | null,
  ) {
    super(
      known === null
        ? `${path} holds a part "${part}" (format version ${String(version)}) that this Hamlet does not know: the file was made by a newer Hamlet; open it with that one`
        : `${path}: its "${part}" part is in format version ${String(version)}, but this Hamlet reads version ${known} of it` +
            (typeof version === 'number' && version > known ? ': the file was made by a newer Hamlet; open it with that one' : ''),
    );
    this.name = 'StoreFormatError';
  }
}

/** The format version of each part as the file records it; format-1 files (no `store_parts`) have all at version 1. */
export function storedPartVersions(db: Db): Map<string, unknown> {
  if (!hasTable(db, PARTS_TABLE)) {
    const present = STORE_PARTS.filter((p) => p.tables.some((t) => hasTable(db, t)));
    return new Map(present.map((p) => [p.name, 1]));
  }
  const rows = db.prepare(`SELECT part, version FROM ${PARTS_TABLE} ORDER BY part`).all() as { part: string; version: unknown }[];
  return new Map(rows.map((r) => [r.part, r.version]));
}

/**
 * Throws a StoreFormatError unless this Hamlet reads every part of the file: the meta's
 * `formatVersion`, then each part's recorded version. Writes nothing.
 */
export function checkFormat(db: Db, path: string): void {
  if (hasTable(db, 'meta')) {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'formatVersion'").get() as { value: string } | undefined;
    if (row) {
      let version: unknown;
      try {
        version = JSON.parse(row.value);
      } catch {
        version = row.value;
      }
      if (version !== STORE_FORMAT_VERSION) throw new StoreFormatError(path, metaPart.name, version, STORE_FORMAT_VERSION);
    }
  }
  const known = new Map(STORE_PARTS.map((p) => [p.name, p]));
  for (const [name, version] of storedPartVersions(db)) {
    const part = known.get(name);
    if (!part) throw new StoreFormatError(path, name, version, null);
    if (version !== part.version) throw new StoreFormatError(path, name, version, part.version);
  }
}

/**
 * Creates whatever tables of the known parts the file lacks (a format-1 file may lack newer
 * parts' tables) and records each part's version, after checking the file's format. Call inside
 * the caller's transaction when the tables must land with other rows (a new file's first commit).
 */
export function ensureParts(db: Db, path: string): void {
  checkFormat(db, path);
  db.exec(PARTS_SCHEMA);
  const record = db.prepare(`INSERT OR IGNORE INTO ${PARTS_TABLE} (part, version) VALUES (?, ?)`);
  for (const part of STORE_PARTS) {
    try {
      db.exec(part.schema);
    } catch (err) {
      // Keep SQLite's code: it tells a damaged file from a bug in the DDL.
      throw Object.assign(new Error(`creating the "${part.name}" part failed: ${(err as Error).message}`), { code: (err as { code?: string }).code });
    }
    record.run(part.name, part.version);
  }
}

/**
 * Rewinds every part to the start of `step`, in one transaction: the file is then as it was
 * when `step` began (the snapshot at `step` stays). Resume rewinds to the snapshot it continues
 * from, fork to the snapshot it re-runs from.
 */
export function rewindParts(db: Db, step: number): void {
  db.transaction(() => {
    for (const part of STORE_PARTS) part.rewind?.(db, step);
  })();
}

export interface FileFormat {
  /** Store format (the meta's formatVersion). */
  formatVersion: number;
  /** Each part the file holds, with its format version. */
  parts: Record<string, number>;
}

/**
 * Checks, read-only, that `path` is a simulation file this Hamlet reads: SQLite, with a meta,
 * in a known format version of every part. Returns what it found; throws an error naming the
 * file (and the part and version when it is the format). For `hamlet import` and the like.
 */
export function checkSimulationFile(path: string): FileFormat {
  if (!existsSync(path)) throw new Error(`No simulation file at ${path}`);
  if (!looksLikeSqlite(path)) throw new Error(notSqliteMessage(path));
  const db = openDatabase(path, { readonly: true });
  try {
    if (!hasTable(db, 'meta') || !db.prepare('SELECT 1 FROM meta LIMIT 1').get()) throw new Error(`${path} is not a Hamlet simulation file (no meta)`);
    checkFormat(db, path);
    return { formatVersion: STORE_FORMAT_VERSION, parts: Object.fromEntries(storedPartVersions(db)) as Record<string, number> };
  } catch (err) {
    throw storeError(path, err);
  } finally {
    db.close();
  }
}
