/**
 * One simulation = one SQLite file. It holds the meta (seed, map, personas, config, code
 * version), the per-step deltas, periodic full snapshots and the injected inputs; other store
 * modules (memories, model calls) add their tables to the same file. The file is the replay.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import type { SimulationLog } from '../engine/ports';
import type { SimInput, SimState, StepDelta } from '../engine/types';
import { hasTable, openDatabase, type Db } from './database';

/** Bumped when the file layout changes incompatibly. */
export const STORE_FORMAT_VERSION = 1;

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

/** Other modules register here to drop their rows past a step when a run resumes or forks. */
export type TruncateHook = (db: Db, step: number) => void;
const truncateHooks: TruncateHook[] = [];
export function onTruncate(hook: TruncateHook): void {
  if (!truncateHooks.includes(hook)) truncateHooks.push(hook);
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS steps (step INTEGER PRIMARY KEY, time INTEGER NOT NULL, delta TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (step INTEGER PRIMARY KEY, state TEXT NOT NULL, mind TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  step INTEGER NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inputs_step ON inputs(step);
`;

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

  /** Creates a new simulation file. Refuses to replace an existing one unless `overwrite`. */
  static create(path: string, meta: SimulationMeta, options: { overwrite?: boolean } = {}): SimulationStore {
    SimulationStore.checkCreatable(path, options);
    if (path !== ':memory:' && existsSync(path)) removeSimulationFiles(path);
    const db = openDatabase(path);
    db.exec(SCHEMA);
    const insert = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (const [key, value] of Object.entries(meta)) insert.run(key, JSON.stringify(value));
    })();
    return new SimulationStore(db, path, meta);
  }

  /** Throws what `create` would refuse (an existing file without `overwrite`), creating nothing. */
  static checkCreatable(path: string, options: { overwrite?: boolean } = {}): void {
    if (path !== ':memory:' && existsSync(path) && !options.overwrite) {
      throw new Error(`${path} already holds a simulation. Use --resume to continue it, --overwrite to replace it, or choose another --db.`);
    }
  }

  /** Opens an existing simulation file. */
  static open(path: string, options: { readonly?: boolean } = {}): SimulationStore {
    if (path !== ':memory:' && !existsSync(path)) throw new Error(`No simulation file at ${path}`);
    const db = openDatabase(path, { readonly: options.readonly, mustExist: true });
    if (!hasTable(db, 'meta')) {
      db.close();
      throw new Error(`${path} is not a Hamlet simulation file (no meta table)`);
    }
    if (!options.readonly) db.exec(SCHEMA);
    const meta = Object.fromEntries(
      (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, JSON.parse(r.value)]),
    ) as SimulationMeta;
    if (meta.formatVersion !== STORE_FORMAT_VERSION) {
      db.close();
      throw new Error(`${path} uses store format ${meta.formatVersion}; this Hamlet reads format ${STORE_FORMAT_VERSION}`);
    }
    return new SimulationStore(db, path, meta);
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
    this.db.transaction(() => {
      fn?.();
      this.insertStep.run(delta.step, delta.time, JSON.stringify(delta));
      for (const input of delta.inputs ?? []) this.insertInput.run(delta.step, input.kind, JSON.stringify(input));
    })();
  }

  writeSnapshot(step: number, state: SimState, mind: unknown): void {
    this.insertSnapshot.run(step, JSON.stringify(state), JSON.stringify(mind ?? null));
  }

  /** Number of steps stored (= the next step to run). */
  stepCount(): number {
    const row = this.db.prepare('SELECT MAX(step) AS last FROM steps').get() as { last: number | null };
    return row.last === null ? 0 : row.last + 1;
  }

  /** The latest snapshot at or before `step` (default: the latest of all). */
  snapshotAtOrBefore(step = Number.MAX_SAFE_INTEGER): StoredSnapshot | null {
    const row = this.db.prepare('SELECT step, state, mind FROM snapshots WHERE step <= ? ORDER BY step DESC LIMIT 1').get(step) as
      | { step: number; state: string; mind: string }
      | undefined;
    return row ? { step: row.step, state: JSON.parse(row.state), mind: JSON.parse(row.mind) } : null;
  }

  /** Deltas of steps in [from, to), in order. */
  *readSteps(from = 0, to = Number.MAX_SAFE_INTEGER): IterableIterator<StepDelta> {
    const rows = this.db.prepare('SELECT delta FROM steps WHERE step >= ? AND step < ? ORDER BY step').iterate(from, to) as IterableIterator<{ delta: string }>;
    for (const row of rows) yield JSON.parse(row.delta) as StepDelta;
  }

  inputs(): { step: number; input: SimInput }[] {
    return (this.db.prepare('SELECT step, payload FROM inputs ORDER BY id').all() as { step: number; payload: string }[]).map((r) => ({
      step: r.step,
      input: JSON.parse(r.payload) as SimInput,
    }));
  }

  /** Removes every step from `step` on (and what other modules registered), before resuming there. */
  truncateFrom(step: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM steps WHERE step >= ?').run(step);
      this.db.prepare('DELETE FROM inputs WHERE step >= ?').run(step);
      this.db.prepare('DELETE FROM snapshots WHERE step > ?').run(step);
      for (const hook of truncateHooks) hook(this.db, step);
    })();
  }

  /** SHA-256 over the stored step deltas, in order: equal hashes mean identical step logs. */
  stepLogHash(): string {
    const hash = createHash('sha256');
    for (const row of this.db.prepare('SELECT delta FROM steps ORDER BY step').iterate() as IterableIterator<{ delta: string }>) {
      hash.update(row.delta);
      hash.update('\n');
    }
    return hash.digest('hex');
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
