/**
 * The inspector of a static site: a person as of a step, built in the browser from the person's
 * file (staticRun.ts StaticAgent) with the same pure code `hamlet replay` uses (timeTravel.ts and
 * the mind's insightView.ts), so both show the same plan, current item, memories, reflections and
 * conversations. Pure and free of Node: the client bundles it.
 */
import type { AgentInsight } from '../engine/ports';
import type { MemoryNode } from '../mind/memory/types';
import type { Persona } from '../mind/persona';
import type { DayPlan, PlanChunk, PlanRecord } from '../mind/generative/scratch';
import type { StaticAgent, StaticMemory, StaticPlan, StaticPlanHistory, StaticPlanRecord } from './staticRun';
import { generativeInsightAsOf, planFromHistory, ruleInsightAsOf, type PlanHistory } from './timeTravel';

/** The plan history the site stores (pieces shared, snapshot plans shared with the log left out) made whole again. */
export function expandPlanHistory(stored: StaticPlanHistory): PlanHistory {
  const plan = (p: StaticPlan | null): DayPlan | null => p && { ...p, chunks: p.chunks.map((i) => stored.chunks[i]) };
  const record = (r: StaticPlanRecord): PlanRecord => ({ currently: r.currently, plan: plan(r.plan) });
  const log = stored.log.map((row) => ({ step: row.step, entry: record(row.entry) }));
  let next = 0;
  let latest: PlanHistory['log'][number] | undefined;
  return {
    log,
    snapshots: stored.snapshots.map((s) => {
      if (!('fromLog' in s)) return { step: s.step, scratch: s.scratch ? { ...record(s.scratch), ...(s.scratch.fallbackImportance ? { fallbackImportance: s.scratch.fallbackImportance } : {}) } : undefined };
      while (next < log.length && log[next].step < s.step) latest = log[next++];
      return { step: s.step, scratch: latest && { ...latest.entry, fallbackImportance: s.fallbackImportance } };
    }),
  };
}

/** The inverse of expandPlanHistory for the writer. */
export function packPlanHistory(history: PlanHistory): StaticPlanHistory {
  const chunks: PlanChunk[] = [];
  const index = new Map<string, number>();
  const plan = (p: DayPlan | null): StaticPlan | null => {
    if (!p) return null;
    return {
      ...p,
      chunks: p.chunks.map((c) => {
        const key = JSON.stringify(c);
        let i = index.get(key);
        if (i === undefined) index.set(key, (i = chunks.push(c) - 1));
        return i;
      }),
    };
  };
  const record = (r: PlanRecord): StaticPlanRecord => ({ currently: r.currently, plan: plan(r.plan) });
  let next = 0;
  let latest: PlanHistory['log'][number] | undefined;
  const text = (p: { currently: string; plan: unknown }) => JSON.stringify([p.currently, p.plan]);
  const snapshots = history.snapshots.map((s): StaticPlanHistory['snapshots'][number] => {
    while (next < history.log.length && history.log[next].step < s.step) latest = history.log[next++];
    if (s.scratch && latest && text(s.scratch) === text(latest.entry)) {
      return { step: s.step, fromLog: true as const, ...(s.scratch.fallbackImportance ? { fallbackImportance: s.scratch.fallbackImportance } : {}) };
    }
    if (!s.scratch) return { step: s.step, scratch: null };
    return { step: s.step, scratch: { ...record({ currently: s.scratch.currently, plan: s.scratch.plan }), ...(s.scratch.fallbackImportance ? { fallbackImportance: s.scratch.fallbackImportance } : {}) } };
  });
  return { chunks, log: history.log.map((row) => ({ step: row.step, entry: record(row.entry) })), snapshots };
}

function memoryNode(agentId: string, m: StaticMemory): MemoryNode {
  return {
    id: m.id,
    // The site's JSON holds the ids the file had (agent ids by the persona parser): a type-only brand.
    agentId: agentId as MemoryNode['agentId'],
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
    transcript: (m.transcript ?? null) as MemoryNode['transcript'],
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
