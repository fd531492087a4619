/**
 * Time travel: what the inspector shows of an agent as of a step of a stored run. Pure: it takes
 * plain data (the persona, the agent's stored memories, the plan as of the step) and no database
 * handle, so a page replaying from static files can build the same views (ReplaySource reads the
 * data from the file and calls these).
 *
 * "As of step N" means when N is the next step to run, as the replay shows it: memories created
 * during steps before N (a memory's `step` is the step during which it was made), and the plan as
 * the commit of step N-1 left it. The plan comes from the plan log (every change, recorded by
 * the generative mind) or, in files written before it, from the latest snapshot at or before N.
 *
 * Free of Node and of the database on purpose: the static site's page imports this module (and
 * staticInsight.ts) in the browser. Import only types and other pure modules here.
 *
 * What "Now" says of the walk under way and when the action began is walks.ts's (followWalks).
 */
import type { AgentInsight } from '../engine/ports';
import { insightFrom, type MemoryView } from '../mind/generative/insightView';
import type { AgentScratch, PlanRecord } from '../mind/generative/scratch';
import type { MemoryNode } from '../mind/memory/types';
import type { Persona } from '../mind/persona';

/** The agent's memories created before `step`, as the inspector's memory view. */
export function memoryViewAsOf(memories: readonly MemoryNode[], step: number): MemoryView {
  const held = memories.filter((m) => m.step < step).sort((a, b) => a.id - b.id);
  const byId = new Map(held.map((m) => [m.id, m]));
  return { memories: held, byId: (id) => byId.get(id) };
}

/** The plan as of a step: the snapshot's, unless the plan log has a later change (at snapshotStep or after, before the step). */
export function planAsOf(
  snapshot: { step: number; scratch: Pick<AgentScratch, 'currently' | 'plan' | 'fallbackImportance'> | undefined },
  logged: { step: number; entry: PlanRecord } | undefined,
): Pick<AgentScratch, 'currently' | 'plan' | 'fallbackImportance'> | undefined {
  if (logged && logged.step >= snapshot.step) return { ...logged.entry, fallbackImportance: snapshot.scratch?.fallbackImportance };
  return snapshot.scratch;
}

/**
 * A generative agent as of `step` (game time `time`): plan and "currently" as given (see
 * planAsOf), the memories created before the step with their importance, the reflections among
 * them with the memories they rest on, and the conversations they remember by then.
 */
export function generativeInsightAsOf(
  persona: Persona,
  memories: readonly MemoryNode[],
  scratch: Pick<AgentScratch, 'currently' | 'plan' | 'fallbackImportance'> | undefined,
  step: number,
  time: number,
): AgentInsight {
  return insightFrom(persona, scratch, memoryViewAsOf(memories, step), time);
}

/** The plan part of the mind's state the inspector reads. */
export type InspectedPlan = Pick<AgentScratch, 'currently' | 'plan' | 'fallbackImportance'>;

/**
 * A generative agent's plans over a run as plain data: its part of every stored snapshot and
 * every row of the plan log, both in step order. What ReplaySource reads from the file, and what
 * a static site carries per person.
 */
export interface PlanHistory {
  snapshots: { step: number; scratch: InspectedPlan | undefined }[];
  log: { step: number; entry: PlanRecord }[];
}

/** The last item whose step is at most `step` (items in step order), or undefined. */
function lastAtOrBefore<T extends { step: number }>(items: readonly T[], step: number): T | undefined {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].step <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? items[lo - 1] : undefined;
}

/**
 * The plan as of `step` from a plan history: the latest snapshot at or before the step (or the
 * first one), with the latest plan-log change before the step when it is at or after that snapshot.
 */
export function planFromHistory(history: PlanHistory, step: number): InspectedPlan | undefined {
  const snapshot = lastAtOrBefore(history.snapshots, step) ?? history.snapshots[0];
  if (!snapshot) return undefined;
  return planAsOf(snapshot, lastAtOrBefore(history.log, step - 1));
}

/**
 * A rule-based agent's inspector over a run as plain data: what it knows (fixed), and its plan
 * and remembered conversations from the step each took effect on (both in step order). The rule
 * mind's view depends on the routine (a function of the seed and the time) and on the
 * conversations it remembered; a static site carries these rather than the mind.
 */
export interface RuleHistory {
  known: AgentInsight['known'];
  plans: { step: number; plan: AgentInsight['plan'] }[];
  conversations: { step: number; conversations: AgentInsight['conversations'] }[];
}

/** A rule-based agent as of `step` from its history (the same view `hamlet replay` builds from the mind). */
export function ruleInsightAsOf(persona: AgentInsight['persona'], history: RuleHistory, step: number): AgentInsight {
  return {
    persona: { ...persona },
    plan: structuredClone(lastAtOrBefore(history.plans, step)?.plan ?? []),
    memories: [],
    reflections: [],
    known: structuredClone(history.known),
    conversations: structuredClone(lastAtOrBefore(history.conversations, step)?.conversations ?? []),
  };
}
