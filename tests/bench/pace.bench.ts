/**
 * Pace benchmark of the generative mind under real model latency (issue #12, item 2): how long one
 * waking game hour of 25 agents takes in wall time when every model call takes a fixed 500 ms, at
 * generative `concurrency` 32 and 8 (and 1, a sequential local model: `--concurrency 32,8,1`).
 * Target: ≤ 20 s at 32. Deferred results (server/mind/generative/deferred.ts) start some calls
 * at one step and use them at a later one, so a call is not always waited for in its step.
 *
 * 25 agents on maps/hamlet.tmj, generative mind with every part on, answered by the scripted town
 * model (tests/support/townScript.ts) behind an in-process wrapper that waits a fixed latency
 * before each answer. The run starts at 07:00 with no latency, so the agents are awake and have
 * their day plans by 08:00 (those who wake later plan inside the measured hour; the printed planDay
 * count says how many); the figures are for 08:00–09:00 only, with the latency on.
 *
 * Printed per configuration:
 *   wall            seconds the measured hour took
 *   calls           model calls in the hour (retries included)
 *   calls×lat÷conc  the wall time if calls were perfectly packed into the concurrency limit
 *   critical path   the sum over steps of the longest chain of sequential calls started in that
 *                   step (a chain: each call starts after the previous one ended). With a small
 *                   limit, waiting for a free slot also makes calls sequential, so at concurrency
 *                   8 this includes queueing. A deferred call counts in the step that started it,
 *                   though that step did not wait for it: see "waited".
 *   steps w/ calls  how many of the hour's steps started at least one call
 *   waited          latencies the steps actually waited (a step of ≥ 40% of the latency waited;
 *                   its wall time in latencies, at least 1), then the steps that waited by what
 *                   they waited for: the tasks of the calls that ended while the step ran,
 *                   "(deferred)" for calls started by an earlier step
 *   fewest lockstep waits   the fewest steps any lockstep town (all agents advance together, as
 *                   here) must wait at for these calls, given the steps they start and are used at:
 *                   with steps that take no time each wait costs a latency, so this × latency is
 *                   lockstep's floor for the game-time delays in use (waited = this: the scheduler
 *                   loses nothing; to go lower, results must land later in game time)
 *   longest causal chain    the most calls in a row each of which needs the one before (an agent's
 *                   call whose input reads its memories, plan or talk needs its results that landed
 *                   earlier; a rating needs the closing or insights it rates): no schedule that makes
 *                   the same step log, lockstep or agents advancing apart, is faster than this
 *
 * The wrapper sits inside the mind's concurrency limit (it is the mind's LanguageModel), so a
 * call's start is when it got a slot. The answers do not depend on the latency, so the run is the
 * same step log as without it.
 *
 * Every configuration runs once per conversationLinesPerCall variant (`--lines-per-call 2,1,16`):
 * 2 is the default (one speakLines call writes a line and its answer); 1 is the paper's
 * turn-by-turn (one speak call per line, each waiting for the one before); 16 writes the whole
 * conversation in one speakLines call (lines still said one per step). The town script gives the
 * same conversations either way (same length per pair), so the variants are comparable.
 *
 * Run: npx tsx tests/bench/pace.bench.ts [--latency 500] [--concurrency 32,8,1] [--agents 25] [--lines-per-call 2,1,16]
 *      [--instant react]  (those tasks answer at once: the most that hiding their latency could save)
 *      [--config '{"deferCloseMinutes":5}']  (cognitive parameters to try; other settings make
 *      another run, with other conversations, so compare the waits by cause, not only the wall)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generativeMindFor } from '../../server/cli/minds';
import { DEFAULT_MAP, openTown } from '../../server/cli/town';
import type { GenerateRequest, GenerateResult, LanguageModel } from '../../server/llm/types';
import { DEFAULT_GENERATIVE_CONFIG, resolveGenerativeConfig } from '../../server/mind/generative/index';
import { HashEmbedder } from '../support/scriptedModel';
import { createTownScriptModel } from '../support/townScript';
import { causalChain, fewestWaits, type CallSpan } from './paceFloors';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const LATENCY_MS = Number(option('latency', '500'));
const CONCURRENCIES = option('concurrency', '32,8,1').split(',').map(Number);
const AGENTS = Number(option('agents', '25'));
/** conversationLinesPerCall variants: the default (2), 1 = one speak call per line (the paper's), 16 = one speakLines call writes the whole talk. */
const LINES_PER_CALL = [...new Set(option('lines-per-call', `${DEFAULT_GENERATIVE_CONFIG.conversationLinesPerCall},1,16`).split(',').map(Number))];
/** Tasks answered without latency (what-if: how much of the wall their waits are), e.g. --instant react. */
const INSTANT = new Set(option('instant', '').split(',').filter(Boolean));
const WARM_UP_START = '2026-02-13T07:00';
const WARM_UP_HOURS = 1;
const MEASURED_HOURS = 1;

/** A LanguageModel that answers like `inner` after `latencyMs` of real time, recording each call's span. */
class DelayedModel implements LanguageModel {
  readonly name: string;
  latencyMs = 0;
  /** The step being run; calls are bucketed by it. */
  step = 0;
  recording = false;
  readonly spans: CallSpan[] = [];

  constructor(private readonly inner: LanguageModel) {
    this.name = `${inner.name} + latency`;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const step = this.step;
    const start = performance.now();
    if (this.latencyMs > 0 && !INSTANT.has(request.tag?.task ?? '')) await sleep(this.latencyMs);
    const result = await this.inner.generate(request);
    if (this.recording) this.spans.push({ step, due: request.tag?.step ?? step, agent: request.tag?.agentId ?? '?', task: request.tag?.task ?? '?', start, end: performance.now() });
    return result;
  }
}

/** The most calls in a chain where each starts after the previous one ended (spans of one step). */
function longestChain(spans: CallSpan[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const best: number[] = [];
  let longest = 0;
  for (let i = 0; i < sorted.length; i++) {
    let b = 1;
    for (let j = 0; j < i; j++) if (sorted[j].end <= sorted[i].start && best[j] + 1 > b) b = best[j] + 1;
    best.push(b);
    longest = Math.max(longest, b);
  }
  return longest;
}

interface Outcome {
  linesPerCall: number;
  concurrency: number;
  wall: number;
  calls: number;
  packed: number;
  criticalCalls: number;
  /** The longest chain of calls each needing the one before (its length: any schedule's lower bound, in latencies). */
  causal: CallSpan[];
  /** The fewest waits a lockstep town needs for these calls (lockstep's lower bound, in latencies). */
  fewest: number;
  /** The first measured step (08:00) and the game seconds per step. */
  firstStep: number;
  stepSeconds: number;
  stepsWithCalls: number;
  steps: number;
  byTask: Map<string, number>;
  /** Steps that waited, by latencies waited and the tasks of the calls that ended meanwhile → how many steps. */
  chains: Map<string, number>;
  /** Latencies the steps waited in all (a step of 1.1 s at 500 ms counts 2). */
  waited: number;
  stepLogHash: string;
}

const dir = mkdtempSync(join(tmpdir(), 'hamlet-pace-'));

async function run(linesPerCall: number, concurrency: number): Promise<Outcome> {
  const llm = new DelayedModel(createTownScriptModel());
  const config = resolveGenerativeConfig({ conversationLinesPerCall: linesPerCall, ...(JSON.parse(option('config', '{}')) as object), concurrency });
  const town = await openTown({
    mapPath: DEFAULT_MAP,
    dbPath: join(dir, `pace-${linesPerCall}-${concurrency}.db`),
    seed: 1,
    agentLimit: AGENTS,
    startTime: WARM_UP_START,
    overwrite: true,
    mindFactory: (t) => generativeMindFor(t, { llm, embedder: new HashEmbedder(384), label: 'town script + latency' }, config),
  });
  const perHour = town.sim.clock.stepsPerHour;
  for (let i = 0; i < WARM_UP_HOURS * perHour; i++) {
    llm.step = town.sim.state.step;
    await town.sim.step();
  }
  llm.latencyMs = LATENCY_MS;
  llm.recording = true;
  const steps = MEASURED_HOURS * perHour;
  const steps0 = town.sim.state.step;
  const stepSeconds = town.sim.clock.stepMs / 1000;
  const started = performance.now();
  const stepWalls: { step: number; start: number; end: number }[] = [];
  for (let i = 0; i < steps; i++) {
    llm.step = town.sim.state.step;
    const start = performance.now();
    await town.sim.step();
    stepWalls.push({ step: llm.step, start, end: performance.now() });
  }
  const wall = (performance.now() - started) / 1000;
  const stepLogHash = town.store.stepLogHash();
  town.store.close();

  const byStep = new Map<number, CallSpan[]>();
  const byTask = new Map<string, number>();
  for (const s of llm.spans) {
    (byStep.get(s.step) ?? byStep.set(s.step, []).get(s.step)!).push(s);
    byTask.set(s.task, (byTask.get(s.task) ?? 0) + 1);
  }
  let criticalCalls = 0;
  const chains = new Map<string, number>();
  for (const spans of byStep.values()) criticalCalls += longestChain(spans);
  // What the steps waited for: a step that took at least 40% of a call's latency waited for
  // calls; it is labelled with the tasks of the calls that ended while it ran (started in this
  // step, or deferred work started earlier and due now) and counted in latencies waited.
  let waited = 0;
  for (const w of stepWalls) {
    const units = Math.round((w.end - w.start) / LATENCY_MS);
    if ((w.end - w.start) < 0.4 * LATENCY_MS) continue;
    waited += Math.max(1, units);
    const ended = [...new Set(llm.spans.filter((s) => s.end >= w.start && s.end <= w.end).map((s) => (s.step === w.step ? s.task : `${s.task} (deferred)`)))].sort();
    const key = `${Math.max(1, units)} × ${ended.join(' + ') || '(no call ended)'}`;
    chains.set(key, (chains.get(key) ?? 0) + 1);
  }
  return {
    linesPerCall,
    concurrency,
    wall,
    calls: llm.spans.length,
    packed: (llm.spans.length * LATENCY_MS) / 1000 / concurrency,
    criticalCalls,
    causal: causalChain(llm.spans),
    fewest: fewestWaits(llm.spans),
    firstStep: steps0,
    stepSeconds,
    stepsWithCalls: byStep.size,
    steps,
    byTask,
    chains,
    waited,
    stepLogHash,
  };
}

const outcomes: Outcome[] = [];
for (const lines of LINES_PER_CALL) {
  for (const c of CONCURRENCIES) {
    process.stderr.write(`  lines per call ${lines}, concurrency ${c}…\n`);
    const o = await run(lines, c);
    outcomes.push(o);
    process.stderr.write(`  lines per call ${lines}, concurrency ${c}: ${o.wall.toFixed(1)} s\n`);
  }
}
rmSync(dir, { recursive: true, force: true });

console.log(`\nGenerative mind pace, ${AGENTS} agents on maps/hamlet.tmj, scripted town model + ${LATENCY_MS} ms per call (in process)`);
console.log('one waking game hour, 08:00–09:00 (run from 07:00 without latency first); target ≤ 20 s wall at concurrency 32, within 2× of calls×lat÷conc\n');
console.log('lines/call concurrency   wall s   calls   calls×lat÷conc s   critical path (calls / s)   steps w/ calls   waited (latencies / s)   fewest lockstep waits / s   longest causal chain / s');
for (const o of outcomes) {
  console.log(
    `${String(o.linesPerCall).padStart(10)} ${String(o.concurrency).padStart(11)} ${o.wall.toFixed(1).padStart(8)} ${String(o.calls).padStart(7)} ${o.packed.toFixed(1).padStart(18)}   ${`${o.criticalCalls} / ${((o.criticalCalls * LATENCY_MS) / 1000).toFixed(1)}`.padStart(25)} ${`${o.stepsWithCalls} of ${o.steps}`.padStart(16)}   ${`${o.waited} / ${((o.waited * LATENCY_MS) / 1000).toFixed(1)}`.padStart(22)}   ${`${o.fewest} / ${((o.fewest * LATENCY_MS) / 1000).toFixed(1)}`.padStart(25)}   ${`${o.causal.length} / ${((o.causal.length * LATENCY_MS) / 1000).toFixed(1)}`.padStart(24)}`,
  );
}
for (const o of outcomes) {
  const tasks = [...o.byTask.entries()].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`);
  console.log(`\ncalls by task, lines per call ${o.linesPerCall}, concurrency ${o.concurrency}: ${tasks.join(', ')}`);
  const chains = [...o.chains.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${n} × ${c}`);
  console.log(`steps that waited, lines per call ${o.linesPerCall}, concurrency ${o.concurrency} (steps × latencies waited × the calls that ended meanwhile):\n  ${chains.join('\n  ')}`);
  console.log(`planDay calls in the measured hour: ${o.byTask.get('planDay') ?? 0} (0: everyone had planned before 08:00)`);
  const clock = (step: number) => {
    const s = 8 * 3600 + (step - o.firstStep) * o.stepSeconds;
    return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  };
  console.log(`longest causal chain (${o.causal[0]?.agent ?? '-'}; task started → used, game time): ${o.causal.map((c) => `${c.task} ${clock(c.step)}${c.due > c.step ? `→${clock(c.due)}` : ''}`).join(', ')}`);
}
for (const lines of LINES_PER_CALL) {
  const hashes = new Set(outcomes.filter((o) => o.linesPerCall === lines).map((o) => o.stepLogHash));
  console.log(`${lines === LINES_PER_CALL[0] ? '\n' : ''}step logs with ${lines} line(s) per call ${hashes.size === 1 ? 'identical' : 'DIFFER'} across concurrencies (${[...hashes].map((h) => h.slice(0, 12)).join(', ')})`);
}
// The issue's targets at concurrency 32, per mode: ≤ 20 s, and within 2× of calls × latency ÷
// concurrency — which no schedule making the same log can reach when the causal floor is above it.
for (const o of outcomes.filter((x) => x.concurrency === 32)) {
  const floor = (o.causal.length * LATENCY_MS) / 1000;
  const twice = 2 * o.packed;
  const bound = o.wall <= twice ? 'met' : floor > twice ? `not reachable with this step log (causal floor ${floor.toFixed(1)} s)` : 'not met';
  console.log(`${o === outcomes.find((x) => x.concurrency === 32) ? '\n' : ''}${o.linesPerCall} line(s) per call, concurrency 32: ${o.wall.toFixed(1)} s ≤ 20 s ${o.wall <= 20 ? 'met' : 'NOT met'}; within 2 × ${o.packed.toFixed(1)} s = ${twice.toFixed(1)} s: ${bound}`);
}
