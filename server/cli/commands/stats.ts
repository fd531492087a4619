/**
 * `hamlet stats <db>`: what a stored run cost. Model calls and tokens per agent per game hour and
 * per waking game hour (agent-hours awake, from the step log), by task with outcomes
 * (ok / repaired / retried / fail-safe), per agent, per game hour, embedding calls apart, and the
 * budget targets beside the figures. `--json` prints the same as one object.
 */
import { formatClock, formatGameTime, parseGameTime } from '../../engine/clock';
import type { SimState } from '../../engine/types';
import { hasTable } from '../../store/database';
import { summarizeCalls, type CallSummary, type OutcomeCounts } from '../../store/llmCalls';
import { DamagedFileError, storeError } from '../../store/damage';
import { SimulationStore } from '../../store/simulationStore';
import { boolOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import type { FailureKind } from '../../engine/ports';
import { ALERT_FAIL_SAFE_SHARE, ALERT_MIN_RUNS, classifyFailure, FAILURE_CAUSES } from '../../mind/generative/health';
import { sharesOf, type RunHealth } from '../health';

/** How usable the model's answers were over the stored run (from the recorded outcomes). */
export interface StoredHealth {
  /** Task runs (each ends ok, repaired, retried or fail-safe; retried attempts are not counted again). */
  runs: number;
  shares: RunHealth['shares'];
  /** Fail-safes by failure kind (from each fail-safe's recorded problem). */
  failures: Partial<Record<FailureKind, number>>;
  /** Fail-safes are ≥ 30% of the task runs: the run leaned on defaults rather than the model. */
  failSafeHeavy: boolean;
  /** The likely cause, from the most frequent failure kind (null when there were no fail-safes). */
  cause: string | null;
}

/** The cost budget per agent per waking game hour (see the README and /shared/tasks.md). */
export const COST_TARGETS = {
  target: { calls: 15, tokens: 8_000 },
  stretch: { calls: 8, tokens: 4_000 },
  reference: { calls: 54, tokens: 26_000 },
} as const;

interface Rates {
  calls: number;
  tokens: number;
}

export interface TaskStats {
  task: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  perAgentHour: Rates;
  perAwakeAgentHour: Rates;
  outcomes: OutcomeCounts;
}

export interface HourStats {
  /** Game time at the start of the hour (UTC ms) and as text. */
  start: number;
  label: string;
  /** Average agents awake during the hour. */
  awakeAgents: number;
  calls: number;
  tokens: number;
  callsPerAgent: number;
  tokensPerAgent: number;
}

export interface RunStats {
  db: string;
  mind: string;
  agents: number;
  steps: number;
  gameHours: number;
  start: string;
  end: string;
  agentHours: number;
  awakeAgentHours: number;
  totals: CallSummary['totals'] & { perAgentHour: Rates; perAwakeAgentHour: Rates };
  byTask: TaskStats[];
  byAgent: (CallSummary['byAgent'][number] & { perAwakeAgentHour: Rates })[];
  byHour: HourStats[];
  /** Model calls without a step (interviews between steps). */
  unsteppedCalls: number;
  embeddings: CallSummary['embeddings'];
  models: string[];
  targets: typeof COST_TARGETS;
  /** Null when no model call was recorded. */
  health: StoredHealth | null;
}

export const statsCommand: CommandSpec = {
  name: 'stats',
  summary: 'print what a stored run cost: model calls and tokens per agent per game hour, by task',
  usage: 'hamlet stats <db> [--json]',
  details: [
    'Reads a simulation file (read-only) and prints its model calls and tokens per agent per game hour and',
    'per waking game hour (the hours agents were awake, from the step log), by task with outcomes',
    '(ok, repaired, retried, fail-safe), per agent and per game hour. Embedding calls are counted apart.',
    `Budget per agent per waking hour: ≤ ${COST_TARGETS.target.calls} calls and ≤ ${COST_TARGETS.target.tokens / 1000}k tokens (the reference implementation used about ${COST_TARGETS.reference.calls} and ${COST_TARGETS.reference.tokens / 1000}k).`,
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'print the figures as JSON on stdout' },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: ['hamlet stats data/day.db', 'hamlet stats data/day.db --json'],
  run: statsMain,
};

async function statsMain(args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('give one simulation file: hamlet stats <db>');
  const path = args.positionals[0];
  // A damaged file may still give figures, but the reader must know they may be wrong.
  const damage = damageIn(path);
  if (damage) process.stderr.write(`hamlet: warning: ${damage}\n  The figures below may be incomplete or wrong.\n`);
  const stats = runStats(path);
  process.stdout.write(boolOpt(args, 'json') ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats));
  return 0;
}

/** What is damaged in a simulation file (a message naming it), or null. Errors other than damage are left to runStats. */
export function damageIn(path: string): string | null {
  try {
    SimulationStore.open(path, { readonly: true, check: true }).close();
    return null;
  } catch (err) {
    return err instanceof DamagedFileError ? err.message : null;
  }
}

/** Reads the cost figures of a stored run. */
export function runStats(path: string): RunStats {
  const store = SimulationStore.open(path, { readonly: true });
  try {
    return readStats(store);
  } catch (err) {
    throw storeError(path, err);
  } finally {
    store.close();
  }
}

function readStats(store: SimulationStore): RunStats {
  {
    const meta = store.meta;
    const secondsPerStep = meta.secondsPerStep;
    const stepsPerHour = 3600 / secondsPerStep;
    const steps = store.stepCount();
    const first = store.snapshotAtOrBefore(0) ?? store.snapshotAtOrBefore();
    const agents = first?.state.agents.length ?? ((meta.personas as { personas?: unknown[] })?.personas?.length ?? 0);
    const startMs = parseGameTime(meta.startTime);
    const timeAt = (step: number) => startMs + step * secondsPerStep * 1000;
    const hourCount = Math.ceil(steps / stepsPerHour);
    const { perHour: awakeSteps, byAgent: awakeByAgent } = replayAwake(store, first?.state, hourCount, stepsPerHour);
    const awakeAgentHours = awakeSteps.reduce((a, b) => a + b, 0) / stepsPerHour;
    const gameHours = steps / stepsPerHour;
    const agentHours = agents * gameHours;
    const summary = summarizeCalls(store.db);
    const rate = (calls: number, tokens: number, hours: number): Rates => ({ calls: round(hours > 0 ? calls / hours : 0), tokens: round(hours > 0 ? tokens / hours : 0) });
    const tokensOf = (t: { tokensIn: number; tokensOut: number }) => t.tokensIn + t.tokensOut;

    const hourly = callsByHour(store, stepsPerHour, hourCount);
    const byHour: HourStats[] = [];
    for (let h = 0; h < hourCount; h++) {
      const stepsInHour = Math.min(stepsPerHour, steps - h * stepsPerHour);
      const awake = stepsInHour > 0 ? awakeSteps[h] / stepsInHour : 0;
      const { calls, tokens } = hourly[h] ?? { calls: 0, tokens: 0 };
      const start = timeAt(h * stepsPerHour);
      byHour.push({ start, label: `${WEEKDAYS[new Date(start).getUTCDay()]} ${formatClock(start)}`, awakeAgents: round(awake), calls, tokens, callsPerAgent: round(agents ? calls / agents : 0), tokensPerAgent: round(agents ? tokens / agents : 0) });
    }
    return {
      db: store.path,
      mind: meta.mind,
      agents,
      steps,
      gameHours: round(gameHours),
      start: new Date(timeAt(0)).toISOString(),
      end: new Date(timeAt(steps)).toISOString(),
      agentHours: round(agentHours),
      awakeAgentHours: round(awakeAgentHours),
      totals: {
        ...summary.totals,
        perAgentHour: rate(summary.totals.calls, tokensOf(summary.totals), agentHours),
        perAwakeAgentHour: rate(summary.totals.calls, tokensOf(summary.totals), awakeAgentHours),
      },
      byTask: summary.byTask.map((t) => ({
        task: t.task,
        calls: t.calls,
        tokensIn: t.tokensIn,
        tokensOut: t.tokensOut,
        perAgentHour: rate(t.calls, tokensOf(t), agentHours),
        perAwakeAgentHour: rate(t.calls, tokensOf(t), awakeAgentHours),
        outcomes: t.outcomes,
      })),
      byAgent: summary.byAgent.map((a) => ({ ...a, perAwakeAgentHour: rate(a.calls, tokensOf(a), awakeByAgent.get(a.agentId) ?? 0) })),
      byHour,
      unsteppedCalls: unstepped(store),
      embeddings: summary.embeddings,
      models: summary.models,
      targets: COST_TARGETS,
      health: storedHealth(store, summary.totals.outcomes),
    };
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function callsByHour(store: SimulationStore, stepsPerHour: number, hours: number): { calls: number; tokens: number }[] {
  const out = Array.from({ length: hours }, () => ({ calls: 0, tokens: 0 }));
  if (!hasTable(store.db, 'llm_calls')) return out;
  const rows = store.db
    .prepare('SELECT CAST(step / ? AS INTEGER) AS hour, COUNT(*) AS calls, SUM(tokens_in + tokens_out) AS tokens FROM llm_calls WHERE step IS NOT NULL GROUP BY hour')
    .all(stepsPerHour) as { hour: number; calls: number; tokens: number }[];
  for (const r of rows) {
    if (r.hour < 0 || hours === 0) continue;
    // A deferred result is tagged with the step it lands at: work started in the run's last
    // minutes can be tagged past its end, and counts in the last hour, when it was asked.
    const o = out[Math.min(r.hour, hours - 1)];
    o.calls += r.calls;
    o.tokens += r.tokens ?? 0;
  }
  return out;
}

function storedHealth(store: SimulationStore, o: OutcomeCounts): StoredHealth | null {
  const runs = o.ok + o.repaired + o.retried + o.failSafe;
  if (runs === 0) return null;
  const failures: Partial<Record<FailureKind, number>> = {};
  const rows = store.db.prepare("SELECT problem FROM llm_calls WHERE outcome = 'fail-safe'").all() as { problem: string | null }[];
  for (const r of rows) {
    const kind = classifyFailure(r.problem ?? undefined);
    failures[kind] = (failures[kind] ?? 0) + 1;
  }
  const top = (Object.entries(failures) as [FailureKind, number][]).sort((a, b) => b[1] - a[1])[0];
  const shares = sharesOf({ ok: o.ok, repaired: o.repaired, retried: o.retried, failSafe: o.failSafe });
  return { runs, shares, failures, failSafeHeavy: runs >= ALERT_MIN_RUNS && shares.failSafe >= ALERT_FAIL_SAFE_SHARE, cause: top ? FAILURE_CAUSES[top[0]] : null };
}

function unstepped(store: SimulationStore): number {
  if (!hasTable(store.db, 'llm_calls')) return 0;
  return (store.db.prepare('SELECT COUNT(*) AS n FROM llm_calls WHERE step IS NULL').get() as { n: number }).n;
}

/**
 * Replays the step log's sleeping flags from the first snapshot, once: awake agent-steps per
 * game hour, and awake game hours per agent.
 */
function replayAwake(
  store: SimulationStore,
  initial: SimState | undefined,
  hours: number,
  stepsPerHour: number,
): { perHour: number[]; byAgent: Map<string, number> } {
  const perHour = new Array<number>(hours).fill(0);
  const byAgent = new Map<string, number>();
  const sleeping = new Map((initial?.agents ?? []).map((a) => [a.id, a.sleeping]));
  for (const delta of store.readSteps(initial?.step ?? 0)) {
    for (const a of delta.agents ?? []) if (a.sleeping !== undefined) sleeping.set(a.id, a.sleeping);
    let count = 0;
    for (const [id, s] of sleeping) {
      if (s) continue;
      count++;
      byAgent.set(id, (byAgent.get(id) ?? 0) + 1);
    }
    const hour = Math.floor(delta.step / stepsPerHour);
    if (hour >= 0 && hour < hours) perHour[hour] += count;
  }
  for (const [id, n] of byAgent) byAgent.set(id, n / stepsPerHour);
  return { perHour, byAgent };
}

// ---------------------------------------------------------------- text output

function num(value: number): string {
  if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Token counts and rates as whole numbers. */
function tok(value: number): string {
  return num(Math.round(value));
}

function verdict(value: number, limit: number): string {
  return value <= limit ? `≤ ${num(limit)} ✓` : `> ${num(limit)} ✗`;
}

export function formatStats(s: RunStats): string {
  const lines: string[] = [];
  lines.push(`Simulation ${s.db}`);
  lines.push(`  mind         ${s.mind}`);
  lines.push(`  agents       ${s.agents}`);
  lines.push(`  steps        ${s.steps} (${num(s.gameHours)} game hours: ${formatGameTime(Date.parse(s.start))} → ${formatGameTime(Date.parse(s.end))})`);
  lines.push(`  agent-hours  ${num(s.agentHours)} (${num(s.awakeAgentHours)} awake)`);
  const t = s.totals;
  if (t.calls === 0) {
    lines.push('  model calls  none recorded (a rule-based run, or no model in use)');
  } else {
    lines.push(
      `  model calls  ${t.calls} · tokens ${num(t.tokensIn)} in, ${num(t.tokensOut)} out${t.cachedCalls ? ` · ${t.cachedCalls} from records` : ''}${t.failedCalls ? ` · ${t.failedCalls} failed` : ''}${t.estimatedCalls ? ` · ${t.estimatedCalls} with estimated tokens` : ''}`,
    );
    lines.push(`  models       ${s.models.join(', ')}`);
  }
  const h = s.health;
  if (h) {
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    lines.push(`  answers      ${h.runs} task runs: ${pct(h.shares.usable)} usable (${pct(h.shares.ok)} ok, ${pct(h.shares.repaired)} repaired, ${pct(h.shares.retried)} retried) · ${pct(h.shares.failSafe)} fail-safe`);
    if (h.failSafeHeavy) {
      lines.push('');
      lines.push(`⚠ ${pct(h.shares.failSafe)} of the model's answers were unusable: this run leaned on fail-safes (routine plans, default importance),`);
      lines.push(`  not on the model. Likely cause: ${h.cause ?? 'unknown'}.`);
    }
  }
  lines.push(`  embeddings   ${s.embeddings.calls} calls, ${s.embeddings.texts} texts (counted apart)${s.embeddings.failedCalls ? `, ${s.embeddings.failedCalls} failed` : ''}`);
  if (s.unsteppedCalls) lines.push(`  outside steps ${s.unsteppedCalls} calls (interviews)`);
  if (t.calls > 0) {
    const awake = t.perAwakeAgentHour;
    lines.push('');
    lines.push('Per agent per waking game hour (budget):');
    lines.push(`  calls   ${num(awake.calls).padStart(7)}   target ${verdict(awake.calls, s.targets.target.calls)}   stretch ${verdict(awake.calls, s.targets.stretch.calls)}   reference ≈ ${s.targets.reference.calls}`);
    lines.push(`  tokens  ${tok(awake.tokens).padStart(7)}   target ${verdict(awake.tokens, s.targets.target.tokens)}   stretch ${verdict(awake.tokens, s.targets.stretch.tokens)}   reference ≈ ${num(s.targets.reference.tokens)}`);
    lines.push('');
    lines.push('By task (rates per agent per game hour / per waking game hour):');
    const row = (task: string, k: Omit<TaskStats, 'task'>) => [
      task,
      String(k.calls),
      num(k.tokensIn + k.tokensOut),
      num(k.perAgentHour.calls),
      num(k.perAwakeAgentHour.calls),
      tok(k.perAgentHour.tokens),
      tok(k.perAwakeAgentHour.tokens),
      String(k.outcomes.ok),
      String(k.outcomes.repaired),
      String(k.outcomes.retried),
      String(k.outcomes.failSafe),
    ];
    const rows = [...s.byTask.map((k) => row(k.task, k)), row('total', t)];
    lines.push(...table(['task', 'calls', 'tokens', 'calls/h', 'calls/awake h', 'tokens/h', 'tokens/awake h', 'ok', 'repaired', 'retried', 'fail-safe'], rows));
    lines.push('');
    lines.push('By agent:');
    lines.push(...table(['agent', 'calls', 'tokens', 'calls/awake h', 'tokens/awake h'], s.byAgent.map((a) => [a.agentId, String(a.calls), num(a.tokensIn + a.tokensOut), num(a.perAwakeAgentHour.calls), tok(a.perAwakeAgentHour.tokens)])));
    lines.push('');
    lines.push('By game hour (per agent):');
    lines.push(...table(['hour', 'awake', 'calls', 'tokens'], s.byHour.map((h) => [h.label, num(h.awakeAgents), num(h.callsPerAgent), tok(h.tokensPerAgent)])));
  }
  return `${lines.join('\n')}\n`;
}
