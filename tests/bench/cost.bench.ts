/**
 * Cost benchmark of the generative mind: model calls and tokens per agent per waking game hour,
 * in total and by task, beside the budget (≤ 15 calls and ≤ 8k tokens; stretch ≤ 8 and ≤ 4k; the
 * reference implementation used ≈ 54 calls and ≈ 26k tokens), plus steps/s.
 *
 * 25 agents on maps/hamlet.tmj with every part of the architecture on (perception, importance,
 * planning and decomposition, reactions, dialogue, reflection), answered by the scripted town
 * model (tests/support/townScript.ts; tokens counted as characters / 4), written to a real
 * SQLite file as `hamlet run` does; figures come from the same code as `hamlet stats`.
 *
 * Scenarios:
 *   night + morning  03:00–13:00 (a few night hours, then 07:00–12:00 and lunch)
 *   10% malformed    the same with a tenth of the answers broken (repairs and retries cost calls)
 *   levers off       no decomposition reuse, per-agent importance cache, no importance batching
 *   second day       06:00 day one → 06:00 day three; figures of the second day only (reuse at work)
 *   turn by turn     night + morning with conversationLinesPerCall 1 (the paper's): one speak call
 *                    per line by its speaker, instead of the default's speakLines call per two lines
 *   whole talks      night + morning with conversationLinesPerCall 16: one speakLines call writes
 *                    a whole conversation (both speakers)
 *
 * Run: npx tsx tests/bench/cost.bench.ts [--quick] [--only "night + morning,whole talks"]
 *      (--quick: 10 agents, shorter runs; --only: the named scenarios)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COST_TARGETS, runStats, type RunStats } from '../../server/cli/commands/stats';
import { generativeMindFor } from '../../server/cli/minds';
import { DEFAULT_MAP, openTown } from '../../server/cli/town';
import { resolveGenerativeConfig, type GenerativeConfig } from '../../server/mind/generative/index';
import { HashEmbedder } from '../support/scriptedModel';
import { createTownScriptModel } from '../support/townScript';

const quick = process.argv.includes('--quick');
const AGENTS = quick ? 10 : 25;
const dir = mkdtempSync(join(tmpdir(), 'hamlet-cost-'));

interface Scenario {
  name: string;
  start: string;
  hours: number;
  malformedRate?: number;
  config?: Partial<GenerativeConfig>;
  /** Only count game hours from this one on (index into the run's hours). */
  fromHour?: number;
}

interface Outcome {
  scenario: Scenario;
  stats: RunStats;
  seconds: number;
  calls: number;
  tokens: number;
  awakeHours: number;
  byTask: { task: string; calls: number; tokens: number }[];
  conversations: number;
  reflections: number;
}

async function run(scenario: Scenario): Promise<Outcome> {
  const dbPath = join(dir, `${scenario.name.replace(/\W+/g, '-')}.db`);
  const llm = createTownScriptModel({ malformedRate: scenario.malformedRate ?? 0 });
  const config = resolveGenerativeConfig(scenario.config ?? {});
  const town = await openTown({
    mapPath: DEFAULT_MAP,
    dbPath,
    seed: 1,
    agentLimit: AGENTS,
    startTime: scenario.start,
    overwrite: true,
    mindFactory: (t) => generativeMindFor(t, { llm, embedder: new HashEmbedder(384), label: 'town script' }, config),
  });
  const steps = Math.round(scenario.hours * town.sim.clock.stepsPerHour);
  const started = performance.now();
  for (let i = 0; i < steps; i++) await town.sim.step();
  const seconds = (performance.now() - started) / 1000;
  town.sim.snapshot();
  const reflections = (town.store.db.prepare("SELECT COUNT(DISTINCT agent_id || ':' || step) AS n FROM memories WHERE predicate = 'reflects'").get() as { n: number }).n;
  const conversations = (town.store.db.prepare("SELECT COUNT(*) AS n FROM memories WHERE type = 'chat'").get() as { n: number }).n / 2;
  // Calls by task within the counted hours.
  const fromStep = (scenario.fromHour ?? 0) * town.sim.clock.stepsPerHour;
  const byTask = town.store.db
    .prepare('SELECT task, COUNT(*) AS calls, SUM(tokens_in + tokens_out) AS tokens FROM llm_calls WHERE step >= ? GROUP BY task ORDER BY calls DESC')
    .all(fromStep) as { task: string; calls: number; tokens: number }[];
  town.store.close();
  const stats = runStats(dbPath);
  const hours = stats.byHour.slice(scenario.fromHour ?? 0);
  return {
    scenario,
    stats,
    seconds,
    calls: hours.reduce((n, h) => n + h.calls, 0),
    tokens: hours.reduce((n, h) => n + h.tokens, 0),
    awakeHours: hours.reduce((n, h) => n + h.awakeAgents, 0),
    byTask,
    conversations,
    reflections,
  };
}

const scenarios: Scenario[] = quick
  ? [{ name: 'night + morning', start: '2026-02-13T05:00', hours: 5 }]
  : [
      { name: 'night + morning', start: '2026-02-13T03:00', hours: 10 },
      { name: '10% malformed', start: '2026-02-13T03:00', hours: 10, malformedRate: 0.1 },
      { name: 'levers off', start: '2026-02-13T03:00', hours: 10, config: { reuseDecompositions: false, importanceCacheScope: 'agent', importanceBatchMinutes: 0, importanceBatchSize: 1 } },
      { name: 'second day', start: '2026-02-13T06:00', hours: 48, fromHour: 24 },
      { name: 'turn by turn', start: '2026-02-13T03:00', hours: 10, config: { conversationLinesPerCall: 1 } },
      { name: 'whole talks', start: '2026-02-13T03:00', hours: 10, config: { conversationLinesPerCall: 16 } },
    ];
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',').map((n) => n.trim())) : null;

const outcomes: Outcome[] = [];
for (const s of scenarios) {
  if (only && !only.has(s.name)) continue;
  outcomes.push(await run(s));
  const o = outcomes[outcomes.length - 1];
  process.stderr.write(`  ${s.name}: ${o.seconds.toFixed(1)} s\n`);
}
rmSync(dir, { recursive: true, force: true });

const fmt = (v: number, digits = 2) => v.toFixed(digits);
const { target, stretch, reference } = COST_TARGETS;
console.log(`\nGenerative mind cost, ${AGENTS} agents on maps/hamlet.tmj, scripted town model (tokens ≈ characters / 4)`);
console.log('per agent per waking game hour; budget ≤ 15 calls, ≤ 8k tokens (stretch ≤ 8, ≤ 4k; reference ≈ 54, ≈ 26k)\n');
console.log('scenario          game h  awake agent-h  calls/awake h  tokens/awake h  target  stretch  conversations  reflections  steps/s');
for (const o of outcomes) {
  const calls = o.calls / o.awakeHours;
  const tokens = o.tokens / o.awakeHours;
  const hours = o.scenario.hours - (o.scenario.fromHour ?? 0);
  const ok = (limit: { calls: number; tokens: number }) => (calls <= limit.calls && tokens <= limit.tokens ? 'yes' : 'no');
  console.log(
    `${o.scenario.name.padEnd(16)} ${String(hours).padStart(7)} ${fmt(o.awakeHours, 1).padStart(14)} ${fmt(calls).padStart(14)} ${fmt(tokens, 0).padStart(15)}  ${ok(target).padEnd(6)}  ${ok(stretch).padEnd(7)}  ${fmt(o.conversations, 0).padStart(13)}  ${String(o.reflections).padStart(11)}  ${fmt(o.stats.steps / o.seconds, 0).padStart(7)}`,
  );
}
for (const o of outcomes) {
  console.log(`\nBy task — ${o.scenario.name} (per agent per waking game hour)`);
  console.log('task                 calls/h   tokens/h   tokens/call');
  for (const t of o.byTask) console.log(`${t.task.padEnd(20)} ${fmt(t.calls / o.awakeHours).padStart(8)} ${fmt(t.tokens / o.awakeHours, 0).padStart(10)} ${fmt(t.tokens / t.calls, 0).padStart(13)}`);
  console.log(`${'total'.padEnd(20)} ${fmt(o.calls / o.awakeHours).padStart(8)} ${fmt(o.tokens / o.awakeHours, 0).padStart(10)}`);
  const outcomesLine = o.stats.totals.outcomes;
  console.log(`outcomes: ok ${outcomesLine.ok}, repaired ${outcomesLine.repaired}, retried ${outcomesLine.retried}, fail-safe ${outcomesLine.failSafe} · embedding calls ${o.stats.embeddings.calls} (${o.stats.embeddings.texts} texts, apart)`);
}
console.log(`\nreference implementation ≈ ${reference.calls} calls and ≈ ${reference.tokens / 1000}k tokens per agent per game hour`);
