/**
 * One simulation = one SQLite file. It holds the meta (seed, map, personas, config, code
 * version), the per-step deltas, periodic full snapshots and the injected inputs; the other
 * stored parts (memories, embeddings, model calls, pending inputs, lineage) live in the same
 * file. Which tables a file has, their format versions and how they rewind are declared per part
 * (./parts). The file is the replay.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import type { SimulationLog } from '../engine/ports';
import type { SimInput, SimState, StepDelta } from '../engine/types';
import { STORE_FORMAT_VERSION } from './coreParts';
import { hasTable, openDatabase, type Db } from './database';
import { DamagedFileError, findDamage, lastGoodSnapshot, looksLikeSqlite, notSqliteMessage, parseStored, storeError } from './damage';
import { checkFormat, ensureParts, rewindParts } from './parts';

export { STORE_FORMAT_VERSION };

export interface SimulationMeta {
  formatVersion: number;
  codeVersion: string;
  seed: number;
  startTime: string;
  secondsPerStep: number;
  /** Path of the map file as given, and the map JSON itself so the file is self-contained. */
  mapPath: string;
  map: unknown;
  personasPath: string;
  personas: unknown;
  /** Mind label at creation, e.g. "rule-based (no language model)". */
  mind: string;
  /** Any further settings (model config without secrets, cognitive parameters). */
  config: Record<string, unknown>;
}

export interface StoredSnapshot {
  step: number;
  state: SimState;
  mind: unknown;
}

/** Deletes a simulation file with its WAL files and memory index folder (`<path>.hnsw`). */
export function removeSimulationFiles(path: string): void {
  if (path === ':memory:') return;
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  rmSync(`${path}.hnsw`, { recursive: true, force: true });
}

/** `--resume` of a file that was created but stopped before its first commit: nothing to resume. */
export class UnfinishedSimulationError extends Error {
  constructor(readonly path: string) {
    super(
      `${path} is an empty, unfinished simulation file: its run was stopped before its first commit, so there is nothing to resume. ` +
        'Run without --resume to start it afresh (the empty file is replaced).',
    );
    this.name = 'UnfinishedSimulationError';
  }
}

/** True when no table of the file holds a row (what a run killed before its first commit leaves). */
function isEmptyFile(db: Db): boolean {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return tables.every(({ name }) => !db.prepare(`SELECT 1 FROM "${name.replace(/"/g, '""')}" LIMIT 1`).get());
}

/** What an existing --db file is, for `create`: a simulation to keep, an empty leftover to replace, or something else. */
function existingFileKind(path: string): 'simulation' | 'empty' | 'not-sqlite' {
  if (!looksLikeSqlite(path)) return 'not-sqlite';
  let db: Db | undefined;
  try {
    db = openDatabase(path, { readonly: true });
    return isEmptyFile(db) ? 'empty' : 'simulation';
  } catch {
    // Unreadable (damaged): never replace it without --overwrite.
    return 'simulation';
  } finally {
    db?.close();
  }
}

export class SimulationStore implements SimulationLog {
  private readonly insertStep;
  private readonly insertInput;
  private readonly insertSnapshot;
  private _meta: SimulationMeta;

  private constructor(readonly db: Db, readonly path: string, meta: SimulationMeta) {
    this._meta = meta;
    this.insertStep = db.prepare('INSERT INTO steps (step, time, delta) VALUES (?, ?, ?)');
    this.insertInput = db.prepare('INSERT INTO inputs (step, kind, payload) VALUES (?, ?, ?)');
    this.insertSnapshot = db.prepare('INSERT OR REPLACE INTO snapshots (step, state, mind) VALUES (?, ?, ?)');
  }

  /**
   * Creates a new simulation file. Refuses to replace an existing one unless `overwrite`, but an
   * empty, unfinished one (a run stopped before its first commit) is replaced without asking.
   * The tables and the meta are the file's first commit, together: a file killed at any moment
   * is either empty or holds its whole meta (and `--resume` can start it).
   */
  static create(path: string, meta: SimulationMeta, options: { overwrite?: boolean } = {}): SimulationStore {
    SimulationStore.checkCreatable(path, options);
    if (path !== ':memory:' && existsSync(path)) removeSimulationFiles(path);
    const db = openDatabase(path, { noSchemas: true });
    try {
      const insert = () => db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        ensureParts(db, path);
        const statement = insert();
        for (const [key, value] of Object.entries(meta)) statement.run(key, JSON.stringify(value));
      })();
    } catch (err) {
      db.close();
      throw storeError(path, err);
    }
    return new SimulationStore(db, path, meta);
  }

  /**
   * Throws what `create` would refuse, creating nothing: an existing simulation or a file that is
   * not SQLite, without `overwrite`. (An empty, unfinished simulation file may be replaced.)
   */
  static checkCreatable(path: string, options: { overwrite?: boolean } = {}): void {
    if (path === ':memory:' || !existsSync(path) || options.overwrite) return;
    const existing = existingFileKind(path);
    if (existing === 'not-sqlite') throw new Error(`${notSqliteMessage(path)}. Choose another --db, or --overwrite to replace it.`);
    if (existing === 'simulation') {
      throw new Error(`${path} already holds a simulation. Use --resume to continue it, --overwrite to replace it, or choose another --db.`);
    }
  }

  /**
   * Opens an existing simulation file. With `check`, looks for damage first (SQLite's check and
   * every stored JSON text of the meta, steps and snapshots) and refuses a damaged file.
   */
  static open(path: string, options: { readonly?: boolean; check?: boolean; fromSnapshot?: number } = {}): SimulationStore {
    if (path !== ':memory:' && !existsSync(path)) throw new Error(`No simulation file at ${path}`);
    if (path !== ':memory:' && !looksLikeSqlite(path)) throw new Error(notSqliteMessage(path));
    // The parts' tables are made only once the file is known to be a simulation file in a format this Hamlet reads.
    const db = openDatabase(path, { readonly: options.readonly, mustExist: true, noSchemas: true });
    try {
      if (!hasTable(db, 'meta') || !db.prepare('SELECT 1 FROM meta LIMIT 1').get()) {
        if (isEmptyFile(db)) throw new UnfinishedSimulationError(path);
        throw new Error(`${path} is not a Hamlet simulation file (no meta table)`);
      }
      if (options.check) {
        const damage = findDamage(db, { meta: true, steps: hasTable(db, 'steps'), snapshots: hasTable(db, 'snapshots') });
        if (damage) {
          // Continuing from a snapshot before the damage is safe: everything after it is re-simulated (and the damage deleted).
          const good = lastGoodSnapshot(db);
          if (good === null || options.fromSnapshot === undefined || options.fromSnapshot > good) throw new DamagedFileError(path, damage, good);
        }
      }
      checkFormat(db, path);
      if (!options.readonly) ensureParts(db, path);
      const meta = Object.fromEntries(
        (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, parseStored(path, r.value, `its settings (meta "${r.key}")`)]),
      ) as SimulationMeta;
      return new SimulationStore(db, path, meta);
    } catch (err) {
      db.close();
      throw storeError(path, err);
    }
  }

  get meta(): SimulationMeta {
    return this._meta;
  }

  /** Updates one meta field (e.g. the mind label when a resumed run uses another model). */
  setMeta<K extends keyof SimulationMeta>(key: K, value: SimulationMeta[K]): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, JSON.stringify(value));
    this._meta = { ...this._meta, [key]: value };
  }

  commitStep(delta: StepDelta, fn?: () => void): void {
    this.guard(() =>
      this.db.transaction(() => {
        fn?.();
        this.insertStep.run(delta.step, delta.time, JSON.stringify(delta));
        for (const input of delta.inputs ?? []) this.insertInput.run(delta.step, input.kind, JSON.stringify(input));
      })(),
    );
  }

  writeSnapshot(step: number, state: SimState, mind: unknown): void {
    this.guard(() => this.insertSnapshot.run(step, JSON.stringify(state), JSON.stringify(mind ?? null)));
  }

  /** Runs a database operation; a failure names this file (and a damaged file is said to be damaged). */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storeError(this.path, err);
    }
  }

  /** Number of steps stored (= the next step to run). */
  stepCount(): number {
    const row = this.db.prepare('SELECT MAX(step) AS last FROM steps').get() as { last: number | null };
    return row.last === null ? 0 : row.last + 1;
  }

  /** The latest snapshot at or before `step` (default: the latest of all). */
  snapshotAtOrBefore(step = Number.MAX_SAFE_INTEGER): StoredSnapshot | null {
    const row = this.guard(
      () =>
        this.db.prepare('SELECT step, state, mind FROM snapshots WHERE step <= ? ORDER BY step DESC LIMIT 1').get(step) as
          | { step: number; state: string; mind: string }
          | undefined,
    );
    if (!row) return null;
    const what = `the snapshot at step ${row.step}`;
    return { step: row.step, state: parseStored(this.path, row.state, what), mind: parseStored(this.path, row.mind, what) };
  }

  /** Deltas of steps in [from, to), in order. */
  *readSteps(from = 0, to = Number.MAX_SAFE_INTEGER): IterableIterator<StepDelta> {
    const rows = this.db.prepare('SELECT step, delta FROM steps WHERE step >= ? AND step < ? ORDER BY step').iterate(from, to) as IterableIterator<{ step: number; delta: string }>;
    try {
      for (const row of rows) yield parseStored<StepDelta>(this.path, row.delta, `step ${row.step} of the step log`);
    } catch (err) {
      throw storeError(this.path, err);
    }
  }

  inputs(): { step: number; input: SimInput }[] {
    return (this.guard(() => this.db.prepare('SELECT step, payload FROM inputs ORDER BY id').all()) as { step: number; payload: string }[]).map((r) => ({
      step: r.step,
      input: parseStored<SimInput>(this.path, r.payload, `the input of step ${r.step}`),
    }));
  }

  /**
   * Rewinds every stored part to the start of `step` (steps, inputs and memories from `step` on,
   * snapshots after it, model calls from it: see each part's `rewind`), before resuming or
   * forking there.
   */
  truncateFrom(step: number): void {
    this.guard(() => rewindParts(this.db, step));
  }

  /** SHA-256 over the stored step deltas of steps before `step`: a prefix of the log, comparable across files. */
  stepLogHashBefore(step: number): string {
    const hash = createHash('sha256');
    this.guard(() => {
      for (const row of this.db.prepare('SELECT delta FROM steps WHERE step < ? ORDER BY step').iterate(step) as IterableIterator<{ delta: string }>) {
        hash.update(row.delta);
        hash.update('\n');
      }
    });
    return hash.digest('hex');
  }

  /** SHA-256 over the stored step deltas, in order: equal hashes mean identical step logs. */
  stepLogHash(): string {
    return this.stepLogHashBefore(Number.MAX_SAFE_INTEGER);
  }

  /** Size of the file on disk in bytes (after a checkpoint). */
  fileBytes(): number {
    const row = this.db.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number };
    return row.bytes;
  }

  close(): void {
    if (this.db.open) {
      try {
        if (!this.db.readonly) this.db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        this.db.close();
      }
    }
  }
}
