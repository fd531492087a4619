/**
 * Where a run came from: a fork (`hamlet fork`, "Fork from here") records its parent file, the
 * parent's identity (its step-log SHA-256 and length when forked), the step it branched at and
 * the inputs applied there. A fork of a fork keeps its parent's rows too: one row per generation,
 * oldest first. An ordinary run has none.
 */
import type { SimInput } from '../engine/types';
import type { Db, StoredPart } from './database';
import { hasTable } from './tables';

export const lineagePart: StoredPart = {
  name: 'lineage',
  version: 1,
  tables: ['lineage'],
  schema: `
CREATE TABLE IF NOT EXISTS lineage (
  generation INTEGER PRIMARY KEY,     -- 1 = forked from an original run, 2 = from a fork of it, …
  parent_path TEXT NOT NULL,          -- the parent file, absolute, as it was when forked
  parent_steps INTEGER NOT NULL,      -- steps the parent held then
  parent_log_sha256 TEXT NOT NULL,    -- SHA-256 of the parent's whole step log then (its identity)
  step INTEGER NOT NULL,              -- the fork's first own step (its log before it is the parent's)
  log_sha256_at_fork TEXT NOT NULL,   -- SHA-256 of the step log before \`step\` (equal in parent and fork)
  snapshot_step INTEGER NOT NULL,     -- the parent's snapshot the mind's state was re-run from
  inputs TEXT NOT NULL,               -- JSON SimInput[] applied at \`step\` (the what-if)
  created TEXT NOT NULL               -- wall-clock time of the fork, ISO 8601
);`,
  // No rewind: where the run came from stays true when it is rewound.
};

export interface LineageEntry {
  generation: number;
  parentPath: string;
  parentSteps: number;
  parentLogSha256: string;
  step: number;
  logSha256AtFork: string;
  snapshotStep: number;
  inputs: SimInput[];
  created: string;
}

/** The file's ancestry, oldest first (empty for a run that is no fork). */
export function readLineage(db: Db): LineageEntry[] {
  if (!hasTable(db, 'lineage')) return [];
  const rows = db.prepare('SELECT * FROM lineage ORDER BY generation').all() as Record<string, unknown>[];
  return rows.map((r) => ({
    generation: r.generation as number,
    parentPath: r.parent_path as string,
    parentSteps: r.parent_steps as number,
    parentLogSha256: r.parent_log_sha256 as string,
    step: r.step as number,
    logSha256AtFork: r.log_sha256_at_fork as string,
    snapshotStep: r.snapshot_step as number,
    inputs: JSON.parse(r.inputs as string) as SimInput[],
    created: r.created as string,
  }));
}

/** Adds the next generation (the caller's file is the new fork). */
export function addLineage(db: Db, entry: Omit<LineageEntry, 'generation'>): LineageEntry {
  const generation = ((db.prepare('SELECT MAX(generation) AS g FROM lineage').get() as { g: number | null }).g ?? 0) + 1;
  db.prepare(
    `INSERT INTO lineage (generation, parent_path, parent_steps, parent_log_sha256, step, log_sha256_at_fork, snapshot_step, inputs, created)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(generation, entry.parentPath, entry.parentSteps, entry.parentLogSha256, entry.step, entry.logSha256AtFork, entry.snapshotStep, JSON.stringify(entry.inputs), entry.created);
  return { generation, ...entry };
}
