/**
 * The experiment panel's figures for a live town or a replay, read from the simulation file up
 * to the step shown: diffusion of the scenario's facts by memory provenance (no interviews: the
 * panel never asks the model anything), the relationship network by memory, attendance at the
 * gathering, and the cost meter (calls and tokens per agent per game hour against the budget).
 * The page draws them with the same Vega-Lite specs as the report (charts.ts).
 */
import { parseGameTime } from '../engine/clock';
import type { SimulationStore } from '../store/simulationStore';
import { ABLATION_LABELS, parseAblation } from '../mind/generative/ablation';
import { BUDGET } from './charts';
import { activityPerDay, attendance, costPerAgentHour, density, edgesOf, factProvenance, knownByMemory } from './metrics';
import { readRun } from './record';
import { loadScenario, type Scenario } from './scenario';

export interface LiveExperiment {
  step: number;
  hours: number;
  agents: { id: string; name: string }[];
  mind: string;
  /** The ablation's words ("full architecture", "no reflection", …). */
  condition: string;
  scenario: { name: string; title: string } | null;
  /** Share of agents who know each fact by memory, hour by hour. */
  diffusion: { series: string; fact: string; method: 'memory'; hour: number; share: number }[];
  network: { edges: { a: string; b: string }[]; density: number; densityStart: number };
  attendance: { series: string; group: string; count: number }[];
  cost: {
    callsPerAgentHour: number;
    tokensPerAgentHour: number;
    budget: typeof BUDGET;
    perHour: { series: string; hour: number; calls: number; tokens: number }[];
  };
  conversationsPerAgentDay: number;
  reflectionsPerAgentDay: number;
}

/** Computes the panel's figures (cached per step: many viewers ask for the same step). */
export class LiveExperimentSource {
  private cached: { step: number; value: LiveExperiment } | null = null;
  private readonly scenario: Scenario | null;

  constructor(
    private readonly store: SimulationStore,
    private readonly currentStep: () => number,
    scenario?: Scenario | null,
  ) {
    this.scenario = scenario ?? scenarioOf(store);
  }

  read(): LiveExperiment {
    const step = this.currentStep();
    if (this.cached?.step === step) return this.cached.value;
    const value = liveExperiment(this.store, step, this.scenario);
    this.cached = { step, value };
    return value;
  }
}

/** The scenario a run was made for (experiment runs store its name), if it can still be loaded. */
function scenarioOf(store: SimulationStore): Scenario | null {
  const name = store.meta.config?.scenario;
  if (typeof name !== 'string') return null;
  try {
    return loadScenario(name);
  } catch {
    return null;
  }
}

export function liveExperiment(store: SimulationStore, step: number, scenario: Scenario | null): LiveExperiment {
  const record = readRun(store, step);
  const stepsPerHour = Math.round(3_600_000 / record.stepMs);
  const hours = record.steps / stepsPerHour;
  const condition = ABLATION_LABELS[parseAblation(record.ablation)];
  const nameToId = new Map(record.agents.map((a) => [a.name.toLowerCase(), a.id]));
  const idOf = (who: string) => record.agents.find((a) => a.id === who)?.id ?? nameToId.get(who.toLowerCase());
  const diffusion: LiveExperiment['diffusion'] = [];
  for (const fact of scenario?.facts ?? []) {
    for (let h = 0; h <= Math.floor(hours); h++) {
      const at = Math.max(1, Math.min(record.steps, h * stepsPerHour));
      diffusion.push({ series: fact.label, fact: fact.id, method: 'memory', hour: at / stepsPerHour, share: factProvenance(record, fact.mentions, at, idOf(fact.source)).size / Math.max(1, record.agents.length) });
    }
  }
  const edges = edgesOf(knownByMemory(record, step));
  const startEdges = edgesOf(knownByMemory(record, 1));
  let gathering: LiveExperiment['attendance'] = [];
  const g = scenario?.gathering;
  if (g && record.startTime + record.steps * record.stepMs > parseGameTime(g.from)) {
    const fact = scenario!.facts.find((f) => f.id === g.fact)!;
    const fromStep = Math.round((parseGameTime(g.from) - record.startTime) / record.stepMs);
    const invited = [...factProvenance(record, fact.mentions, fromStep, idOf(fact.source)).keys()];
    const a = attendance(record, g.place, parseGameTime(g.from), parseGameTime(g.to), record.placeOf, invited);
    gathering = [
      { series: condition, group: 'invited', count: a.invited.length },
      { series: condition, group: 'came', count: a.attendees.length },
      { series: condition, group: 'invited and came', count: a.invitedAttending.length },
    ];
  }
  const cost = costPerAgentHour(record);
  const activity = activityPerDay(record);
  const days = Math.max(hours / 24, 1e-9);
  const n = Math.max(1, record.agents.length);
  return {
    step,
    hours,
    agents: record.agents.map((a) => ({ id: a.id, name: a.name })),
    mind: record.mind,
    condition,
    scenario: scenario ? { name: scenario.name, title: scenario.title } : null,
    diffusion,
    network: { edges, density: density(edges.length, record.agents.length), densityStart: density(startEdges.length, record.agents.length) },
    attendance: gathering,
    cost: {
      callsPerAgentHour: cost.callsPerAgentHour,
      tokensPerAgentHour: cost.tokensPerAgentHour,
      budget: BUDGET,
      perHour: cost.perHour.map((h) => ({ series: condition, hour: h.hour, calls: h.callsPerAgent, tokens: h.tokensPerAgent })),
    },
    conversationsPerAgentDay: activity.reduce((s, a) => s + a.conversations, 0) / n / days,
    reflectionsPerAgentDay: activity.reduce((s, a) => s + a.reflections, 0) / n / days,
  };
}
