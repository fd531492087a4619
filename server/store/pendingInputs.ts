/**
 * Inputs added to a stored run from the command line (`hamlet inject`, `hamlet whisper`) while
 * it is not running. They wait here until the run continues with `--resume`, which queues them
 * for its first step; that step records them in the step log (and `inputs`) like any other
 * input, and they leave this table right after that step is committed.
 */
import type { SimInput } from '../engine/types';
import type { Db, StoredPart } from './database';
import { hasTable } from './tables';

export const pendingInputsPart: StoredPart = {
  name: 'pendingInputs',
  version: 1,
  tables: ['pending_inputs'],
  schema: 'CREATE TABLE IF NOT EXISTS pending_inputs (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL);',
  // No rewind: they wait for whatever step the run continues from (a fork decides for itself
  // whether its parent's waiting inputs come along: see server/cli/fork.ts).
};

export function addPendingInput(db: Db, input: SimInput): number {
  return Number(db.prepare('INSERT INTO pending_inputs (payload) VALUES (?)').run(JSON.stringify(input)).lastInsertRowid);
}

export function pendingInputs(db: Db): { id: number; input: SimInput }[] {
  // A read-only file of format 1 may predate the table.
  if (!hasTable(db, 'pending_inputs')) return [];
  return (db.prepare('SELECT id, payload FROM pending_inputs ORDER BY id').all() as { id: number; payload: string }[]).map((r) => ({
    id: r.id,
    input: JSON.parse(r.payload) as SimInput,
  }));
}

export function removePendingInputs(db: Db, upToId: number): void {
  db.prepare('DELETE FROM pending_inputs WHERE id <= ?').run(upToId);
}
