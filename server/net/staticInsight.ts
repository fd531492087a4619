/**
 * The inspector of a static site: a person as of a step, built in the browser from the person's
 * file (staticRun.ts StaticAgent) with the same pure code `hamlet replay` uses (timeTravel.ts and
 * the mind's insightView.ts), so both show the same plan, current item, memories, reflections and
 * conversations. Pure and free of Node: the client bundles it.
 */
import type { AgentInsight } from '../engine/ports';
import type { MemoryNode } from '../mind/memory/types';
import type { Persona } from '../mind/persona';
import type { StaticAgent, StaticMemory, StaticPlanHistory } from './staticRun';
import { generativeInsightAsOf, planFromHistory, ruleInsightAsOf, type PlanHistory } from './timeTravel';

/** The plan history the site stores (snapshot plans shared with the log left out) made whole again. */
export function expandPlanHistory(stored: StaticPlanHistory): PlanHistory {
  let next = 0;
  let latest: StaticPlanHistory['log'][number] | undefined;
  return {
    log: stored.log,
    snapshots: stored.snapshots.map((s) => {
      if (!('fromLog' in s)) return { step: s.step, scratch: s.scratch ?? undefined };
      while (next < stored.log.length && stored.log[next].step < s.step) latest = stored.log[next++];
      return { step: s.step, scratch: latest && { ...latest.entry, fallbackImportance: s.fallbackImportance } };
    }),
  };
}

/** The inverse of expandPlanHistory for the writer: leaves out a snapshot's plan equal to the log's latest before it. */
export function packPlanHistory(history: PlanHistory): StaticPlanHistory {
  let next = 0;
  let latest: PlanHistory['log'][number] | undefined;
  const text = (p: { currently: string; plan: unknown }) => JSON.stringify([p.currently, p.plan]);
  return {
    log: history.log,
    snapshots: history.snapshots.map((s) => {
      while (next < history.log.length && history.log[next].step < s.step) latest = history.log[next++];
      if (s.scratch && latest && text(s.scratch) === text(latest.entry)) {
        return { step: s.step, fromLog: true as const, ...(s.scratch.fallbackImportance ? { fallbackImportance: s.scratch.fallbackImportance } : {}) };
      }
      return { step: s.step, scratch: s.scratch ?? null };
    }),
  };
}

function memoryNode(agentId: string, m: StaticMemory): MemoryNode {
  return {
    id: m.id,
    agentId,
    type: m.type as MemoryNode['type'],
    step: m.step,
    created: m.created,
    lastAccessed: m.created,
    expiresAt: null,
    triple: ['', m.predicate, m.object],
    description: m.description,
    importance: m.importance,
    keywords: [],
    embeddingKey: '',
    evidence: m.evidence,
    transcript: m.transcript ?? null,
    depth: 0,
  };
}

/** Keeps the expanded plan history and the memories of each file (the inspector asks every second). */
const prepared = new WeakMap<StaticAgent, { plans: PlanHistory | null; memories: MemoryNode[] }>();

/** What the inspector shows of the person as of `step` (the next step to run; `time` its game time). */
export function staticInsightAsOf(agent: StaticAgent, step: number, time: number): AgentInsight {
  if (agent.rule) return ruleInsightAsOf(agent.persona, agent.rule, step);
  let ready = prepared.get(agent);
  if (!ready) {
    ready = { plans: agent.plans ? expandPlanHistory(agent.plans) : null, memories: agent.memories.map((m) => memoryNode(agent.id, m)) };
    prepared.set(agent, ready);
  }
  const persona = { id: agent.id, ...agent.persona } as Persona;
  const plan = ready.plans ? planFromHistory(ready.plans, step) : undefined;
  return generativeInsightAsOf(persona, ready.memories, plan, step, time);
}
