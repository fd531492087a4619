/**
 * Runs a scenario (or measures a stored run) and gathers every measurement into
 * ExperimentResults: per condition (ablation) and run, the diffusion of each fact over time (by
 * interview and by memory provenance), the relationship network at the start and the end,
 * attendance at the gathering, believability answers, activity and cost. Interviews happen at
 * set game times (every `measureEveryHours` and at the end) through the read-only interview path,
 * so measuring never changes the run: same seed and answers, same step log.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseGameTime } from '../engine/clock';
import type { AgentId, SimInput } from '../engine/types';
import type { LanguageModel } from '../llm/types';
import type { Ablation } from '../mind/generative/ablation';
import { GenerativeMind } from '../mind/generative/generativeMind';
import { agentIdOf, placeAddress } from '../net/requests/inputs';
import { openTown, type MindFactory, type Town } from '../cli/town';
import { believabilityCsv, interviewBelievability, interviewFacts, interviewRelationships, rankConditions, type BelievabilityAnswer, type ConditionRating, type Interviewee } from './interviews';
import { activityPerDay, attendance, costPerAgentHour, density, diffusionCurve, edgesOf, factProvenance, knownByMemory, type AgentDayCounts, type Attendance, type CostSummary, type DiffusionPoint, type Edge, type FactJudgment, type Provenance, type RecordAgent } from './metrics';
import { readRun } from './record';
import type { Scenario } from './scenario';

export interface NetworkAt {
  step: number;
  byMemory: { edges: Edge[]; density: number };
  /** Null when no relationship interviews were made. */
  byInterview: { edges: Edge[]; density: number } | null;
}

export interface FactResult {
  id: string;
  label: string;
  curve: DiffusionPoint[];
  judgments: FactJudgment[];
  provenance: Provenance[];
}

export interface RunResult {
  condition: Ablation;
  run: number;
  seed: number;
  db: string;
  mind: string;
  agents: { id: AgentId; name: string }[];
  steps: number;
  hours: number;
  facts: FactResult[];
  network: { start: NetworkAt; end: NetworkAt };
  attendance: (Attendance & { invitedBy: 'interview' | 'memory' }) | null;
  activity: AgentDayCounts[];
  cost: CostSummary;
  believability: BelievabilityAnswer[];
}

export interface ExperimentResults {
  /** `gathering`: when and where the scenario's gathering is, if it has one (a run may end before it). */
  scenario: { name: string; title: string; file: string; hours: number; start: string; gathering?: { place: string; from: string; to: string } };
  model: string;
  runs: RunResult[];
  /** Conditions ranked by the model judge (empty when fewer than two conditions or no judge). */
  ranking: ConditionRating[];
}

export interface ExperimentProgress {
  /** Steps done of all runs' steps. */
  step(done: number, time: number): void;
  note(line: string): void;
}

export interface ExperimentOptions {
  scenario: Scenario;
  conditions: Ablation[];
  runs: number;
  outDir: string;
  mindFactory: MindFactory;
  /** The model that judges answers and ranks conditions (raw, unrecorded); none: word checks only. */
  judge?: LanguageModel;
  /** Rank the conditions with the judge (believability). */
  rank?: boolean;
  /** Override the scenario's hours / agents (quick trials). */
  hours?: number;
  agents?: number;
  modelLabel: string;
  progress?: ExperimentProgress;
  concurrency?: number;
}

/** Total steps of an experiment (for the progress bar). */
export function experimentSteps(scenario: Scenario, conditions: number, runs: number, hours = scenario.hours, secondsPerStep = 10): number {
  return Math.round((hours * 3600) / secondsPerStep) * conditions * runs;
}

export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResults> {
  const { scenario } = options;
  mkdirSync(join(options.outDir, 'runs'), { recursive: true });
  const results: RunResult[] = [];
  let stepsBefore = 0;
  for (const condition of options.conditions) {
    for (let run = 0; run < options.runs; run++) {
      const seed = scenario.seed + run;
      const db = join(options.outDir, 'runs', `${condition}-${run + 1}.db`);
      options.progress?.note(`${condition} · run ${run + 1} of ${options.runs} (seed ${seed}) → ${db}`);
      const town = await openTown({
        mapPath: scenario.mapPath,
        personasPath: scenario.personasPath,
        dbPath: db,
        seed,
        startTime: scenario.start,
        agentLimit: options.agents ?? scenario.agents,
        overwrite: true,
        config: { ablation: condition, scenario: scenario.name },
        mindFactory: options.mindFactory,
      });
      try {
        const result = await simulateAndMeasure(town, options, condition, run, seed, db, (done, time) => options.progress?.step(stepsBefore + done, time));
        results.push(result);
        stepsBefore += result.steps;
      } finally {
        town.store.close();
      }
    }
  }
  return finish(options, results);
}

/** Measures a stored run (`--db`): interviews at its last snapshot, the curves from memory provenance. */
export async function measureStoredRun(town: Town, options: Omit<ExperimentOptions, 'conditions' | 'runs' | 'mindFactory'> & { db: string }): Promise<ExperimentResults> {
  const stored = readRun(town.store);
  const mind = interviewee(town);
  const agents = stored.agents;
  const lastStep = town.sim.state.step;
  const at = { step: lastStep, time: town.sim.time };
  options.progress?.note(`interviewing ${agents.length} people at step ${lastStep}`);
  const judgments = await interviewFacts(mind, options.judge, agents, options.scenario.facts, at, options.concurrency);
  const endNet = await networkAt(town, mind, options, agents, lastStep, options.scenario.relationshipInterviews);
  const believability = await interviewBelievability(mind, agents, at, stored.ablation, 0, options.concurrency);
  const result = measureRecord(town, options.scenario, stored.ablation as Ablation, 0, town.store.meta.seed, options.db, judgments, endNet, null, believability);
  return finish(options, [result]);
}

async function finish(options: Pick<ExperimentOptions, 'scenario' | 'judge' | 'rank' | 'modelLabel' | 'progress'>, runs: RunResult[]): Promise<ExperimentResults> {
  let ranking: ConditionRating[] = [];
  if (options.rank && options.judge && new Set(runs.map((r) => r.condition)).size > 1) {
    options.progress?.note('ranking the conditions by believability (model judge, openskill)');
    const names = new Map(runs.flatMap((r) => r.agents.map((a) => [a.id, a.name] as const)));
    ranking = await rankConditions(options.judge, runs.flatMap((r) => r.believability.filter((b) => b.run === 0)), names);
  }
  const s = options.scenario;
  return { scenario: { name: s.name, title: s.title, file: s.file, hours: runs[0]?.hours ?? s.hours, start: s.start, ...(s.gathering ? { gathering: { place: s.gathering.place, from: s.gathering.from, to: s.gathering.to } } : {}) }, model: options.modelLabel, runs, ranking };
}

function interviewee(town: Town): Interviewee {
  const mind = town.sim.mind;
  if (!(mind instanceof GenerativeMind)) throw new Error(`measuring needs the generative mind (a language model); this run's mind is ${mind.label}`);
  return mind;
}

/** The scenario's seeds as inputs at their steps. */
export function seedInputs(town: Town, scenario: Scenario): { step: number; input: SimInput }[] {
  const view = { agents: town.sim.state.agents };
  const start = parseGameTime(scenario.start);
  const stepOf = (at?: string) => (at ? Math.max(0, Math.round((parseGameTime(at) - start) / town.sim.clock.stepMs)) : 0);
  const stepsOf = (minutes?: number) => (minutes === undefined ? undefined : Math.round((minutes * 60_000) / town.sim.clock.stepMs));
  return scenario.seeds.map((seed, i) => {
    const id = `scenario-${i + 1}`;
    if ('whisper' in seed) return { step: stepOf(seed.at), input: { kind: 'whisper', agentId: agentIdOf(view, seed.whisper.agent), text: seed.whisper.text } };
    if ('announce' in seed) return { step: stepOf(seed.at), input: { kind: 'announcement', id, text: seed.announce, ...(seed.minutes ? { durationSteps: stepsOf(seed.minutes) } : {}) } };
    return {
      step: stepOf(seed.at),
      input: { kind: 'event', id, address: placeAddress(town.map, seed.event.place), description: seed.event.text, ...(seed.event.radius !== undefined ? { radiusTiles: seed.event.radius } : {}), ...(seed.minutes ? { durationSteps: stepsOf(seed.minutes) } : {}) },
    };
  });
}

/** Names what in a scenario does not fit its town (people, places), before anything runs. */
export function checkScenarioTown(town: Town, scenario: Scenario): void {
  const problems: string[] = [];
  const view = { agents: town.sim.state.agents };
  for (const fact of scenario.facts) {
    try {
      agentIdOf(view, fact.source);
    } catch (err) {
      problems.push(`facts "${fact.id}" source: ${(err as Error).message}`);
    }
  }
  if (scenario.gathering) {
    try {
      placeAddress(town.map, scenario.gathering.place, ['sector', 'arena']);
    } catch (err) {
      problems.push(`gathering.place: ${(err as Error).message}`);
    }
  }
  try {
    seedInputs(town, scenario);
  } catch (err) {
    problems.push(`seeds: ${(err as Error).message}`);
  }
  if (problems.length) throw new Error(`${scenario.file} does not fit its town:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

async function simulateAndMeasure(town: Town, options: ExperimentOptions, condition: Ablation, run: number, seed: number, db: string, onStep: (done: number, time: number) => void): Promise<RunResult> {
  const { scenario } = options;
  checkScenarioTown(town, scenario);
  for (const { step, input } of seedInputs(town, scenario)) town.sim.enqueueAt(step, input);
  const mind = interviewee(town);
  const stepsPerHour = town.sim.clock.stepsPerHour;
  const total = Math.round((options.hours ?? scenario.hours) * stepsPerHour);
  const every = Math.max(1, Math.round(scenario.measureEveryHours * stepsPerHour));
  const agents = readRun(town.store).agents;
  const judgments: FactJudgment[] = [];
  let startNet: NetworkAt | null = null;
  // The first measurement follows the first step: the mind takes in its persona's memories there.
  for (let done = 0; done < total; ) {
    await town.sim.step();
    done++;
    onStep(done, town.sim.time);
    const at = { step: town.sim.state.step, time: town.sim.time };
    if (done === 1 || done % every === 0 || done === total) {
      judgments.push(...(await interviewFacts(mind, options.judge, agents, scenario.facts, at, options.concurrency)));
    }
    if (done === 1) startNet = await networkAt(town, mind, options, agents, at.step, scenario.relationshipInterviews);
  }
  town.sim.snapshot();
  const endAt = { step: town.sim.state.step, time: town.sim.time };
  const endNet = await networkAt(town, mind, options, agents, endAt.step, scenario.relationshipInterviews);
  const believability = await interviewBelievability(mind, agents, endAt, condition, run, options.concurrency);
  return measureRecord(town, scenario, condition, run, seed, db, judgments, endNet, startNet, believability);
}

async function networkAt(town: Town, mind: Interviewee, options: Pick<ExperimentOptions, 'judge' | 'concurrency'>, agents: RecordAgent[], step: number, interview: boolean): Promise<NetworkAt> {
  const record = readRun(town.store, step);
  const mem = edgesOf(knownByMemory(record, step));
  let byInterview: NetworkAt['byInterview'] = null;
  if (interview) {
    const known = await interviewRelationships(mind, options.judge, agents, { step, time: town.sim.clock.timeAt(step) }, options.concurrency);
    const edges = edgesOf(known);
    byInterview = { edges, density: density(edges.length, agents.length) };
  }
  return { step, byMemory: { edges: mem, density: density(mem.length, agents.length) }, byInterview };
}

/** Everything measured from a run's record plus the interviews made. */
function measureRecord(town: Town, scenario: Scenario, condition: Ablation, run: number, seed: number, db: string, judgments: FactJudgment[], endNet: NetworkAt, startNet: NetworkAt | null, believability: BelievabilityAnswer[]): RunResult {
  const record = readRun(town.store);
  const stepsPerHour = town.sim.clock.stepsPerHour;
  const every = Math.max(1, Math.round(scenario.measureEveryHours * stepsPerHour));
  const interviewed = [...new Set(judgments.map((j) => j.step))];
  const checkpoints = [...new Set([1, ...Array.from({ length: Math.floor(record.steps / every) }, (_, i) => (i + 1) * every), record.steps, ...interviewed])].filter((s) => s <= record.steps).sort((a, b) => a - b);
  const view = { agents: town.sim.state.agents };
  const sourceOf = (fact: Scenario['facts'][number]) => agentIdOf(view, fact.source);
  const facts: FactResult[] = scenario.facts.map((fact) => ({
    id: fact.id,
    label: fact.label,
    curve: diffusionCurve(record, fact.id, fact.mentions, checkpoints, judgments, sourceOf(fact)),
    judgments: judgments.filter((j) => j.factId === fact.id),
    provenance: [...factProvenance(record, fact.mentions, undefined, sourceOf(fact)).values()],
  }));
  // The network at the start by memory alone when it was not measured by interview then.
  const start = startNet ?? (() => {
    const edges = edgesOf(knownByMemory(record, 1));
    return { step: 1, byMemory: { edges, density: density(edges.length, record.agents.length) }, byInterview: null };
  })();
  let gathering: RunResult['attendance'] = null;
  // A run that ends before the gathering begins has no attendance to count (not "nobody came").
  if (scenario.gathering && record.startTime + record.steps * record.stepMs > parseGameTime(scenario.gathering.from)) {
    const g = scenario.gathering;
    const from = parseGameTime(g.from);
    const to = parseGameTime(g.to);
    const fact = scenario.facts.find((f) => f.id === g.fact)!;
    // Invited: knew of it by the last interview before the gathering began, else by memory then.
    const fromStep = Math.round((from - record.startTime) / record.stepMs);
    const before = judgments.filter((j) => j.factId === fact.id && j.step <= fromStep);
    const lastStep = Math.max(-1, ...before.map((j) => j.step));
    const invitedBy = lastStep >= 0 ? 'interview' : 'memory';
    const invited = lastStep >= 0 ? before.filter((j) => j.step === lastStep && j.knows).map((j) => j.agentId) : [...factProvenance(record, fact.mentions, fromStep, sourceOf(fact)).keys()];
    // The place relative to the world ("Willow Cafe" or "Willow Cafe:cafe floor"), as placeOf names tiles.
    const placeName = placeAddress(town.map, g.place, ['sector', 'arena']).split(':').slice(1).join(':');
    gathering = { ...attendance(record, placeName, from, to, record.placeOf, invited), invitedBy };
  }
  return {
    condition,
    run,
    seed,
    db,
    mind: town.sim.mind.label,
    agents: record.agents.map((a) => ({ id: a.id, name: a.name })),
    steps: record.steps,
    hours: record.steps / stepsPerHour,
    facts,
    network: { start, end: endNet },
    attendance: gathering,
    activity: activityPerDay(record),
    cost: costPerAgentHour(record),
    believability,
  };
}

export { believabilityCsv };
