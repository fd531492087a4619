/**
 * The simulation file's record of model calls: every call with its prompt and answer
 * (llm_calls) and embedding calls counted apart (llm_embedding_calls). Implements the
 * recorder's CallSink, loads the record for replay, and summarises it for `hamlet stats`.
 */
import type { CallSink, RecordedCall, RecordedEmbedding } from '../llm/recorder';
import type { ReplayRecord } from '../llm/replay';
import type { CallOutcome } from '../llm/types';
import type { Db, StoredPart } from './database';
import { hasTable } from './tables';

export const llmCallsPart: StoredPart = {
  name: 'llmCalls',
  version: 1,
  tables: ['llm_calls', 'llm_embedding_calls'],
  schema: `
CREATE TABLE IF NOT EXISTS llm_calls (
  id INTEGER PRIMARY KEY,
  task TEXT NOT NULL,
  agent_id TEXT,
  step INTEGER,
  attempt INTEGER,
  run_id TEXT,
  prompt_hash TEXT NOT NULL,
  prompt TEXT NOT NULL,
  answer TEXT,
  error TEXT,
  model TEXT NOT NULL,
  tokens_in INTEGER NOT NULL,
  tokens_out INTEGER NOT NULL,
  estimated INTEGER NOT NULL DEFAULT 0,
  ms REAL NOT NULL,
  cached INTEGER NOT NULL DEFAULT 0,
  outcome TEXT,
  problem TEXT
);
CREATE INDEX IF NOT EXISTS llm_calls_by_step ON llm_calls(step);
CREATE TABLE IF NOT EXISTS llm_embedding_calls (
  id INTEGER PRIMARY KEY,
  model TEXT NOT NULL,
  texts INTEGER NOT NULL,
  ms REAL NOT NULL,
  error TEXT
);
`,
  // Calls made for `step` and later go (a resuming generative mind has taken them first, to
  // answer the re-run steps from them: LlmCallStore.takeRecordsFrom). Embedding calls carry no
  // step and stay: they count what was embedded, and the vectors stay in the cache anyway.
  rewind: (db, step) => void db.prepare('DELETE FROM llm_calls WHERE step >= ?').run(step),
};

export interface OutcomeCounts {
  ok: number;
  repaired: number;
  retried: number;
  failSafe: number;
  /** Attempts whose answer was rejected (a retry followed). */
  rejected: number;
  /** Attempts where the model failed (a retry followed). */
  error: number;
}

export interface CallTotals {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  /** Calls answered from a record or cache. */
  cachedCalls: number;
  /** Calls whose token counts were estimated. */
  estimatedCalls: number;
  /** Calls that failed (no answer). */
  failedCalls: number;
  ms: number;
}

export interface TaskSummary extends CallTotals {
  task: string;
  outcomes: OutcomeCounts;
}

export interface AgentSummary extends CallTotals {
  agentId: string;
}

export interface CallSummary {
  totals: CallTotals & { outcomes: OutcomeCounts };
  byTask: TaskSummary[];
  byAgent: AgentSummary[];
  embeddings: { calls: number; texts: number; ms: number; failedCalls: number };
  /** First and last step with a call (null when none was recorded). */
  steps: { first: number; last: number } | null;
  models: string[];
}

/** The llm_calls columns a ReplayRecord holds. */
const REPLAY_COLUMNS = 'task, agent_id AS agentId, step, prompt_hash AS promptHash, answer, error, model, tokens_in AS tokensIn, tokens_out AS tokensOut';

/** SQLite store of model calls for one simulation file. */
export class LlmCallStore implements CallSink {
  private readonly insertCall;
  private readonly updateOutcome;
  private readonly insertEmbedding;

  constructor(private readonly db: Db) {
    this.insertCall = db.readonly
      ? undefined
      : db.prepare(
          `INSERT INTO llm_calls (task, agent_id, step, attempt, run_id, prompt_hash, prompt, answer, error, model, tokens_in, tokens_out, estimated, ms, cached, outcome)
           VALUES (@task, @agentId, @step, @attempt, @runId, @promptHash, @prompt, @answer, @error, @model, @tokensIn, @tokensOut, @estimated, @ms, @cached, @outcome)`,
        );
    this.updateOutcome = db.readonly ? undefined : db.prepare('UPDATE llm_calls SET outcome = ?, problem = ? WHERE id = ?');
    this.insertEmbedding = db.readonly ? undefined : db.prepare('INSERT INTO llm_embedding_calls (model, texts, ms, error) VALUES (?, ?, ?, ?)');
  }

  recordCall(call: RecordedCall): number {
    if (!this.insertCall) throw new Error('LlmCallStore: the database is read-only');
    const info = this.insertCall.run({
      task: call.task,
      agentId: call.agentId ?? null,
      step: call.step ?? null,
      attempt: call.attempt ?? null,
      runId: call.runId ?? null,
      promptHash: call.promptHash,
      prompt: call.prompt,
      answer: call.answer ?? null,
      error: call.error ?? null,
      model: call.model,
      tokensIn: call.tokensIn,
      tokensOut: call.tokensOut,
      estimated: call.estimated ? 1 : 0,
      ms: call.ms,
      cached: call.cached ? 1 : 0,
      outcome: call.outcome ?? null,
    });
    return Number(info.lastInsertRowid);
  }

  setOutcome(id: number, outcome: CallOutcome, detail?: string): void {
    this.updateOutcome?.run(outcome, detail ?? null, id);
  }

  recordEmbedding(call: RecordedEmbedding): void {
    this.insertEmbedding?.run(call.model, call.texts, call.ms, call.error ?? null);
  }

  /**
   * The recorded calls in call order, for ReplayLanguageModel (empty for a file without a
   * record). Failed calls are included so a replay fails, and retries, where the run did.
   */
  loadReplayRecords(): ReplayRecord[] {
    if (!hasTable(this.db, 'llm_calls')) return [];
    return this.db.prepare(`SELECT ${REPLAY_COLUMNS} FROM llm_calls ORDER BY id`).all() as ReplayRecord[];
  }

  /**
   * Removes the calls recorded for steps at or after `step` and returns them in call order: a
   * resumed run re-simulates those steps and replays their answers.
   */
  takeRecordsFrom(step: number): ReplayRecord[] {
    return this.db.transaction(() => {
      const records = this.db.prepare(`SELECT ${REPLAY_COLUMNS} FROM llm_calls WHERE step >= ? ORDER BY id`).all(step) as ReplayRecord[];
      this.db.prepare('DELETE FROM llm_calls WHERE step >= ?').run(step);
      return records;
    })();
  }

  /** Number of recorded model calls. */
  count(): number {
    if (!hasTable(this.db, 'llm_calls')) return 0;
    return (this.db.prepare('SELECT COUNT(*) AS n FROM llm_calls').get() as { n: number }).n;
  }
}

const TOTALS_SQL = `COUNT(*) AS calls, COALESCE(SUM(tokens_in), 0) AS tokensIn, COALESCE(SUM(tokens_out), 0) AS tokensOut,
  COALESCE(SUM(cached), 0) AS cachedCalls, COALESCE(SUM(estimated), 0) AS estimatedCalls,
  COALESCE(SUM(answer IS NULL), 0) AS failedCalls, COALESCE(SUM(ms), 0) AS ms`;

const OUTCOMES_SQL = `COALESCE(SUM(outcome = 'ok'), 0) AS ok, COALESCE(SUM(outcome = 'repaired'), 0) AS repaired,
  COALESCE(SUM(outcome = 'retried'), 0) AS retried, COALESCE(SUM(outcome = 'fail-safe'), 0) AS failSafe,
  COALESCE(SUM(outcome = 'rejected'), 0) AS rejected, COALESCE(SUM(outcome = 'error'), 0) AS error`;

function splitOutcomes<T extends object>(row: T & OutcomeCounts): { rest: T; outcomes: OutcomeCounts } {
  const { ok, repaired, retried, failSafe, rejected, error, ...rest } = row;
  return { rest: rest as unknown as T, outcomes: { ok, repaired, retried, failSafe, rejected, error } };
}

/**
 * Calls, tokens and outcomes per task, per agent and in total, plus embedding calls, for
 * `hamlet stats`. A task run ends in one of ok / repaired / retried / fail-safe (counted once
 * per run); rejected and error count the attempts that were retried.
 */
export function summarizeCalls(db: Db): CallSummary {
  const emptyTotals: CallTotals = { calls: 0, tokensIn: 0, tokensOut: 0, cachedCalls: 0, estimatedCalls: 0, failedCalls: 0, ms: 0 };
  const emptyOutcomes: OutcomeCounts = { ok: 0, repaired: 0, retried: 0, failSafe: 0, rejected: 0, error: 0 };
  const summary: CallSummary = {
    totals: { ...emptyTotals, outcomes: emptyOutcomes },
    byTask: [],
    byAgent: [],
    embeddings: { calls: 0, texts: 0, ms: 0, failedCalls: 0 },
    steps: null,
    models: [],
  };
  if (hasTable(db, 'llm_calls')) {
    const total = splitOutcomes(db.prepare(`SELECT ${TOTALS_SQL}, ${OUTCOMES_SQL} FROM llm_calls`).get() as CallTotals & OutcomeCounts);
    summary.totals = { ...total.rest, outcomes: total.outcomes };
    const taskRows = db.prepare(`SELECT task, ${TOTALS_SQL}, ${OUTCOMES_SQL} FROM llm_calls GROUP BY task ORDER BY calls DESC, task`).all() as (CallTotals & { task: string } & OutcomeCounts)[];
    summary.byTask = taskRows.map((row) => {
      const { rest, outcomes } = splitOutcomes<CallTotals & { task: string }>(row);
      return { ...rest, outcomes };
    });
    summary.byAgent = db
      .prepare(`SELECT agent_id AS agentId, ${TOTALS_SQL} FROM llm_calls WHERE agent_id IS NOT NULL GROUP BY agent_id ORDER BY calls DESC, agent_id`)
      .all() as AgentSummary[];
    const steps = db.prepare('SELECT MIN(step) AS first, MAX(step) AS last FROM llm_calls WHERE step IS NOT NULL').get() as { first: number | null; last: number | null };
    summary.steps = steps.first === null || steps.last === null ? null : { first: steps.first, last: steps.last };
    summary.models = (db.prepare('SELECT DISTINCT model FROM llm_calls ORDER BY model').all() as { model: string }[]).map((r) => r.model);
  }
  if (hasTable(db, 'llm_embedding_calls')) {
    summary.embeddings = db
      .prepare('SELECT COUNT(*) AS calls, COALESCE(SUM(texts), 0) AS texts, COALESCE(SUM(ms), 0) AS ms, COALESCE(SUM(error IS NOT NULL), 0) AS failedCalls FROM llm_embedding_calls')
      .get() as CallSummary['embeddings'];
  }
  return summary;
}
