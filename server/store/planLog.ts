/**
 * The plan log: each generative agent's plan (and its "currently" line) whenever it changed, at
 * the step that changed it. The mind's snapshot holds the plan only once a game hour, but plans
 * change in between (the day plan at waking, each piece decomposed, a reaction re-planning the
 * rest of a piece), so the time-travel inspector reads the plan as of any step from here.
 * Nothing decides on it: it is a record for replay, written in the step's transaction.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AgentId } from '../engine/types';
import type { PlanLogSink, PlanRecord } from '../mind/generative/scratch';
import type { Db, StoredPart } from './database';
import { hasTable } from './tables';

export const planLogPart: StoredPart = {
  name: 'planLog',
  version: 1,
  tables: ['plan_log'],
  schema: `
CREATE TABLE IF NOT EXISTS plan_log (
  agent_id TEXT NOT NULL,
  step INTEGER NOT NULL,   -- the step whose commit changed the plan (it holds from step + 1 on)
  entry BLOB NOT NULL,     -- JSON PlanRecord, deflated (raw): plans repeat a lot, about 1/5 the size
  PRIMARY KEY (agent_id, step)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS plan_log_by_step ON plan_log(step);
`,
  // A resumed or forked run rewinds the plan log with the step log.
  rewind: (db, step) => {
    db.prepare('DELETE FROM plan_log WHERE step >= ?').run(step);
  },
};

/** One row of the log, parsed. */
export interface PlanLogRow {
  agentId: AgentId;
  step: number;
  entry: PlanRecord;
}

export class SqlitePlanLog implements PlanLogSink {
  private readonly insert;
  constructor(db: Db) {
    this.insert = db.prepare('INSERT OR REPLACE INTO plan_log (agent_id, step, entry) VALUES (?, ?, ?)');
  }

  record(step: number, agentId: AgentId, entryJson: string): void {
    this.insert.run(agentId, step, deflateRawSync(entryJson, { level: 6 }));
  }
}

function readEntry(blob: Buffer): PlanRecord {
  return JSON.parse(inflateRawSync(blob).toString('utf8')) as PlanRecord;
}

/** Whether the file records plans (files written before the plan log have only the snapshots' plans). */
export function hasPlanLog(db: Db): boolean {
  return hasTable(db, 'plan_log');
}

/** The latest plan of each agent (or of `agentId`) recorded at a step before `step` (empty for files without the log). */
export function plansBefore(db: Db, step: number, agentId?: string): PlanLogRow[] {
  if (!hasPlanLog(db)) return [];
  const rows = (agentId === undefined
    ? db.prepare('SELECT agent_id, MAX(step) AS step, entry FROM plan_log WHERE step < ? GROUP BY agent_id ORDER BY agent_id').all(step)
    : db.prepare('SELECT agent_id, step, entry FROM plan_log WHERE agent_id = ? AND step < ? ORDER BY step DESC LIMIT 1').all(agentId, step)) as { agent_id: string; step: number; entry: Buffer }[];
  return rows.map((r) => ({ agentId: r.agent_id as AgentId, step: r.step, entry: readEntry(r.entry) }));
}

/** Every recorded plan in step order (for the timeline's plan-change markers). */
export function allPlans(db: Db): PlanLogRow[] {
  if (!hasPlanLog(db)) return [];
  const rows = db.prepare('SELECT agent_id, step, entry FROM plan_log ORDER BY step, agent_id').all() as { agent_id: string; step: number; entry: Buffer }[];
  return rows.map((r) => ({ agentId: r.agent_id as AgentId, step: r.step, entry: readEntry(r.entry) }));
}
