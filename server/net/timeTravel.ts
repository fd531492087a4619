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
 */
import type { AgentInsight } from '../engine/ports';
import { insightFrom, type MemoryView } from '../mind/generative/insight';
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
