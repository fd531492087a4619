/**
 * Inputs added to a stored run from the command line (`hamlet inject`, `hamlet whisper`) while
 * it is not running. They wait here until the run continues with `--resume`, which queues them
 * for its first step; that step records them in the step log (and `inputs`) like any other
 * input, and they leave this table right after that step is committed.
 */
import type { SimInput } from '../engine/types';
import { defineSchema, type Db } from './database';

defineSchema({
  name: 'pendingInputs',
  sql: `CREATE TABLE IF NOT EXISTS pending_inputs (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL);`,
});

function ensure(db: Db): void {
  // Files made before this table existed get it on first use.
  db.exec('CREATE TABLE IF NOT EXISTS pending_inputs (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL)');
}

export function addPendingInput(db: Db, input: SimInput): number {
  ensure(db);
  return Number(db.prepare('INSERT INTO pending_inputs (payload) VALUES (?)').run(JSON.stringify(input)).lastInsertRowid);
}

export function pendingInputs(db: Db): { id: number; input: SimInput }[] {
  ensure(db);
  return (db.prepare('SELECT id, payload FROM pending_inputs ORDER BY id').all() as { id: number; payload: string }[]).map((r) => ({
    id: r.id,
    input: JSON.parse(r.payload) as SimInput,
  }));
}

export function removePendingInputs(db: Db, upToId: number): void {
  ensure(db);
  db.prepare('DELETE FROM pending_inputs WHERE id <= ?').run(upToId);
}
