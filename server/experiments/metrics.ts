/**
 * The measurements of the Generative Agents paper (Park et al., 2023, §7), computed from what a
 * run recorded. Pure functions over a RunRecord (built from a simulation file by record.ts, or by
 * hand in tests), plus the interview judgments the experiment collects:
 *   - diffusion of a fact: who knows it at each measuring time, by interview (judged) and by
 *     memory provenance (the first memory that mentions it: the persona, a conversation with
 *     whom, an observation, a thought);
 *   - relationship network density: pairs who know each other, by interview and by memory;
 *   - attendance at a gathering: who is at the place during its window, who of them was invited;
 *   - conversations and reflections per agent per game day;
 *   - model calls and tokens per agent per game hour.
 * Nothing here reads a clock or a random source.
 */
import type { AgentId, StepDelta } from '../engine/types';
import { mentionsFact } from './scenario';

export interface RecordAgent {
  id: AgentId;
  name: string;
  /** Ids of the people the persona knows from the start (its relationships). */
  knows: AgentId[];
}

export interface RecordMemory {
  id: number;
  agentId: AgentId;
  type: 'event' | 'thought' | 'chat' | 'plan';
  step: number;
  subject: string;
  predicate: string;
  object: string;
  description: string;
  /** The chat's transcript text (speaker: line per line), when a chat. */
  transcript?: string;
}

export interface RecordCall {
  task: string;
  agentId: AgentId | null;
  step: number | null;
  tokensIn: number;
  tokensOut: number;
}

/** What a run recorded, as the metrics read it. */
export interface RunRecord {
  agents: RecordAgent[];
  /** Game time of step 0's start (UTC ms) and of one step (ms). */
  startTime: number;
  stepMs: number;
  /** Steps run (the last step is steps - 1). */
  steps: number;
  /** Agents' tiles at the start (step 0, before any delta). */
  startTiles: Record<AgentId, { x: number; y: number }>;
  deltas: Iterable<StepDelta>;
  memories: RecordMemory[];
  calls: RecordCall[];
}

/** Tasks that measure a run rather than run it: left out of the cost figures. */
export const MEASURING_TASKS = new Set(['answerInterview', 'judgeAnswer', 'rankAnswers']);

// ------------------------------------------------------------------ diffusion

export type ProvenanceKind = 'persona' | 'conversation' | 'observation' | 'thought' | 'plan';

/** How an agent came to know a fact, by its memories. */
export interface Provenance {
  agentId: AgentId;
  memoryId: number;
  step: number;
  kind: ProvenanceKind;
  /** For a conversation: the name of who they talked with. */
  from?: string;
}

/**
 * The first memory of each agent (at or before `atStep`) that mentions the fact, as provenance.
 * A chat memory counts by its summary or its transcript. The fact's source speaks of itself in
 * the first person ("I have decided to run for mayor"): its memories count as naming it.
 */
export function factProvenance(record: Pick<RunRecord, 'memories'> & Partial<Pick<RunRecord, 'agents'>>, mentions: readonly (readonly string[])[], atStep = Number.MAX_SAFE_INTEGER, source?: AgentId): Map<AgentId, Provenance> {
  const out = new Map<AgentId, Provenance>();
  // Within a step, what the persona knows comes first (a day plan stored in the same step repeats it).
  const persona = (m: RecordMemory) => (m.type === 'thought' && m.predicate === 'knows' ? 0 : 1);
  const sorted = [...record.memories].sort((a, b) => a.step - b.step || persona(a) - persona(b) || a.id - b.id);
  const sourceName = record.agents?.find((a) => a.id === source)?.name ?? '';
  for (const m of sorted) {
    // A day plan restates what the agent knew when planning (and lists unrelated items side by
    // side: "breakfast with Emmanuel, … the election rolls"): the knowledge is in earlier memories.
    if (m.step > atStep || out.has(m.agentId) || m.type === 'plan') continue;
    const self = m.agentId === source ? sourceName : '';
    if (!mentionsFact(m.description, mentions, self) && !(m.transcript && mentionsFact(m.transcript, mentions))) continue;
    out.set(m.agentId, { agentId: m.agentId, memoryId: m.id, step: m.step, ...kindOf(m) });
  }
  return out;
}

function kindOf(m: RecordMemory): { kind: ProvenanceKind; from?: string } {
  if (m.type === 'chat') return { kind: 'conversation', from: m.object };
  if (m.type === 'event') return { kind: 'observation' };
  if (m.type === 'plan') return { kind: 'plan' };
  return m.predicate === 'knows' ? { kind: 'persona' } : { kind: 'thought' };
}

/** One interview about a fact, judged. */
export interface FactJudgment {
  factId: string;
  agentId: AgentId;
  step: number;
  answer: string;
  knows: boolean;
  /** Who judged: the model, or the word check when no judge answered. */
  judge: 'model' | 'words';
}

export interface DiffusionPoint {
  factId: string;
  step: number;
  /** Hours of game time since the start. */
  hour: number;
  /** Agents who know it by interview (null where no interview was made at this time). */
  byInterview: number | null;
  byMemory: number;
  agents: number;
}

/**
 * The diffusion curve of a fact at the given steps: how many agents know it by interview (the
 * judgments made at that step) and by memory provenance.
 */
export function diffusionCurve(record: Pick<RunRecord, 'memories' | 'agents' | 'stepMs'>, factId: string, mentions: readonly (readonly string[])[], atSteps: readonly number[], judgments: readonly FactJudgment[] = [], source?: AgentId): DiffusionPoint[] {
  return atSteps.map((step) => {
    const judged = judgments.filter((j) => j.factId === factId && j.step === step);
    return {
      factId,
      step,
      hour: (step * record.stepMs) / 3_600_000,
      byInterview: judged.length ? judged.filter((j) => j.knows).length : null,
      byMemory: factProvenance(record, mentions, step, source).size,
      agents: record.agents.length,
    };
  });
}

// ------------------------------------------------------------------ relationships

/** Who knows whom by memory at a step: the persona's relationships, anyone talked with, anyone a memory names. */
export function knownByMemory(record: Pick<RunRecord, 'agents' | 'memories'>, atStep = Number.MAX_SAFE_INTEGER): Map<AgentId, Set<AgentId>> {
  const byName = new Map(record.agents.map((a) => [a.name.toLowerCase(), a.id]));
  const out = new Map(record.agents.map((a) => [a.id, new Set(a.knows.filter((id) => byName.has(nameOfId(record, id))))]));
  for (const m of record.memories) {
    if (m.step > atStep) continue;
    const mine = out.get(m.agentId);
    if (!mine) continue;
    const text = `${m.description} ${m.type === 'chat' ? m.object : ''}`.toLowerCase();
    for (const [name, id] of byName) if (id !== m.agentId && text.includes(name)) mine.add(id);
  }
  return out;
}

function nameOfId(record: Pick<RunRecord, 'agents'>, id: AgentId): string {
  return record.agents.find((a) => a.id === id)?.name.toLowerCase() ?? '';
}

/** An undirected edge where either of the two knows the other. */
export interface Edge {
  a: AgentId;
  b: AgentId;
}

/** The edges of a "who knows whom" map: a pair is joined when either knows the other. */
export function edgesOf(known: ReadonlyMap<AgentId, ReadonlySet<AgentId>>): Edge[] {
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const [a, others] of known) {
    for (const b of others) {
      if (a === b || !known.has(b)) continue;
      const [x, y] = a < b ? [a, b] : [b, a];
      const key = `${x}|${y}`;
      if (!seen.has(key)) {
        seen.add(key);
        edges.push({ a: x, b: y });
      }
    }
  }
  return edges.sort((p, q) => (p.a + p.b < q.a + q.b ? -1 : 1));
}

/** Network density: edges over possible pairs, 2|E| / (n(n−1)) (the paper's η). */
export function density(edges: number, agents: number): number {
  return agents < 2 ? 0 : (2 * edges) / (agents * (agents - 1));
}

// ------------------------------------------------------------------ attendance

export interface Attendance {
  place: string;
  from: number;
  to: number;
  /** Who was at the place at some step of the window. */
  attendees: AgentId[];
  /** Who knew of the gathering when it began (invited). */
  invited: AgentId[];
  invitedAttending: AgentId[];
}

/**
 * Who is at the place during the window (steps whose game time lies in [from, to)), by where they
 * stand: `placeOf(x, y)` names the place of a tile (sector, or sector:arena).
 */
export function attendance(record: Pick<RunRecord, 'startTime' | 'stepMs' | 'startTiles' | 'deltas'>, place: string, from: number, to: number, placeOf: (x: number, y: number) => string | null, invited: readonly AgentId[]): Attendance {
  const tiles = new Map(Object.entries(record.startTiles).map(([id, t]) => [id as AgentId, { ...t }]));
  const present = new Set<AgentId>();
  const at = (x: number, y: number) => {
    const p = placeOf(x, y);
    return p !== null && (p === place || p.startsWith(`${place}:`));
  };
  for (const d of record.deltas) {
    for (const a of d.agents ?? []) {
      const t = tiles.get(a.id) ?? { x: 0, y: 0 };
      if (a.x !== undefined) t.x = a.x;
      if (a.y !== undefined) t.y = a.y;
      tiles.set(a.id, t);
    }
    // d.time is the end of the step: the position holds during it.
    const begins = d.time - record.stepMs;
    if (begins < from || begins >= to) continue;
    for (const [id, t] of tiles) if (at(t.x, t.y)) present.add(id);
  }
  const attendees = [...present].sort();
  const invitedSorted = [...new Set(invited)].sort();
  return { place, from, to, attendees, invited: invitedSorted, invitedAttending: invitedSorted.filter((id) => present.has(id)) };
}

// ------------------------------------------------------------------ activity and cost

export interface AgentDayCounts {
  agentId: AgentId;
  day: number;
  conversations: number;
  reflections: number;
}

/** Conversations begun and reflections drawn per agent per game day (day 0 = the start's day, counted from the start). */
export function activityPerDay(record: Pick<RunRecord, 'agents' | 'stepMs' | 'deltas' | 'memories'>): AgentDayCounts[] {
  const stepsPerDay = Math.round(86_400_000 / record.stepMs);
  const counts = new Map<string, AgentDayCounts>();
  const get = (agentId: AgentId, day: number) => {
    const key = `${agentId}|${day}`;
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { agentId, day, conversations: 0, reflections: 0 }));
    return c;
  };
  for (const d of record.deltas) for (const c of d.conversationsStarted ?? []) for (const p of c.participants) get(p, Math.floor(d.step / stepsPerDay)).conversations++;
  for (const m of record.memories) if (m.type === 'thought' && m.predicate === 'reflects') get(m.agentId, Math.floor(m.step / stepsPerDay)).reflections++;
  for (const a of record.agents) get(a.id, 0);
  return [...counts.values()].sort((a, b) => a.day - b.day || (a.agentId < b.agentId ? -1 : 1));
}

export interface CostSummary {
  /** Calls and tokens per agent per game hour (over all agents and the whole run). */
  callsPerAgentHour: number;
  tokensPerAgentHour: number;
  /** Per agent: their calls and tokens per game hour. */
  perAgent: { agentId: AgentId; calls: number; tokens: number; callsPerHour: number; tokensPerHour: number }[];
  /** Per game hour since the start: calls and tokens per agent in that hour. */
  perHour: { hour: number; callsPerAgent: number; tokensPerAgent: number }[];
}

/** Model calls and tokens per agent per game hour; measuring calls (interviews, judges) are left out. */
export function costPerAgentHour(record: Pick<RunRecord, 'agents' | 'stepMs' | 'steps' | 'calls'>): CostSummary {
  const stepsPerHour = Math.round(3_600_000 / record.stepMs);
  const hours = Math.max(record.steps / stepsPerHour, 1e-9);
  const n = Math.max(record.agents.length, 1);
  const perAgent = new Map(record.agents.map((a) => [a.id, { calls: 0, tokens: 0 }]));
  const perHour = new Map<number, { calls: number; tokens: number }>();
  let calls = 0;
  let tokens = 0;
  for (const c of record.calls) {
    if (MEASURING_TASKS.has(c.task)) continue;
    const t = c.tokensIn + c.tokensOut;
    calls++;
    tokens += t;
    if (c.agentId && perAgent.has(c.agentId)) {
      const a = perAgent.get(c.agentId)!;
      a.calls++;
      a.tokens += t;
    }
    const hour = Math.floor((c.step ?? 0) / stepsPerHour);
    const h = perHour.get(hour) ?? { calls: 0, tokens: 0 };
    h.calls++;
    h.tokens += t;
    perHour.set(hour, h);
  }
  const hourCount = Math.ceil(record.steps / stepsPerHour);
  return {
    callsPerAgentHour: calls / n / hours,
    tokensPerAgentHour: tokens / n / hours,
    perAgent: [...perAgent].map(([agentId, a]) => ({ agentId, calls: a.calls, tokens: a.tokens, callsPerHour: a.calls / hours, tokensPerHour: a.tokens / hours })),
    perHour: Array.from({ length: hourCount }, (_, hour) => ({ hour, callsPerAgent: (perHour.get(hour)?.calls ?? 0) / n, tokensPerAgent: (perHour.get(hour)?.tokens ?? 0) / n })),
  };
}
