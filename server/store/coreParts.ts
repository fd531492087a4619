/**
 * The parts every simulation file has from its first commit: the meta (seed, map, personas,
 * config), the step log, the snapshots and the inputs applied. SimulationStore reads and writes
 * them; their declarations live here so ./parts can list them without importing the store.
 */
import type { Db, StoredPart } from './database';

/** The file's format version, kept in its meta as `formatVersion`: the version of the meta part. */
export const STORE_FORMAT_VERSION = 1;

export const metaPart: StoredPart = {
  name: 'meta',
  version: STORE_FORMAT_VERSION,
  tables: ['meta'],
  schema: 'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);',
  // No rewind: the settings hold for every step.
};

export const stepsPart: StoredPart = {
  name: 'steps',
  version: 1,
  tables: ['steps'],
  schema: 'CREATE TABLE IF NOT EXISTS steps (step INTEGER PRIMARY KEY, time INTEGER NOT NULL, delta TEXT NOT NULL);',
  rewind: (db: Db, step: number) => void db.prepare('DELETE FROM steps WHERE step >= ?').run(step),
};

export const snapshotsPart: StoredPart = {
  name: 'snapshots',
  version: 1,
  tables: ['snapshots'],
  schema: 'CREATE TABLE IF NOT EXISTS snapshots (step INTEGER PRIMARY KEY, state TEXT NOT NULL, mind TEXT NOT NULL);',
  // A snapshot at `step` is the state at the start of that step: it stays.
  rewind: (db: Db, step: number) => void db.prepare('DELETE FROM snapshots WHERE step > ?').run(step),
};

export const inputsPart: StoredPart = {
  name: 'inputs',
  version: 1,
  tables: ['inputs'],
  schema: `
CREATE TABLE IF NOT EXISTS inputs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  step INTEGER NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inputs_step ON inputs(step);`,
  rewind: (db: Db, step: number) => void db.prepare('DELETE FROM inputs WHERE step >= ?').run(step),
};
