/**
 * Choosing where an action happens as it starts, down the place tree, as the reference does:
 * the sector among the sectors the person knows, then the arena among those they know in it,
 * then the object among those they know in that arena — one choosePlace call per level that has
 * more than one option. Used when placeChoice is "tree"; the flat choice of the decomposition
 * stays the fail-safe at each level.
 */
import { formatClock, minuteOfDay } from '../../engine/clock';
import type { AgentState } from '../../engine/types';
import type { Persona } from '../persona';
import { choosePlaceTask, type ChoosePlaceInput } from '../tasks/choosePlace';
import type { AgentResult } from './apply';
import { currentPlaceOf, personaCard, type GenerativeDeps } from './deps';
import { chunkIndexAt, taskIndexAt } from './planning';
import type { AgentScratch, PlanChunk, PlannedTask } from './scratch';

/** The task that starts now and still needs its place chosen, or undefined. */
export function taskAwaitingPlace(deps: GenerativeDeps, agent: AgentState, scratch: AgentScratch, time: number): { chunk: PlanChunk; index: number } | undefined {
  if (deps.config.placeChoice !== 'tree' || agent.sleeping || agent.conversationId || scratch.waitUntilStep !== null) return undefined;
  const plan = scratch.plan;
  if (!plan) return undefined;
  const minute = minuteOfDay(time);
  const c = chunkIndexAt(plan, minute);
  const chunk = c >= 0 ? plan.chunks[c] : undefined;
  const t = chunk ? taskIndexAt(chunk, minute) : -1;
  if (!chunk || t < 0) return undefined;
  const task = chunk.tasks![t];
  if (task.placeChosen) return undefined;
  // Already under way (started before the setting applied, or before a resume): leave it.
  if (scratch.actionKey === `${plan.day}:${chunk.start}:${chunk.version}:${t}`) return undefined;
  return { chunk, index: t };
}

/** Chooses the task's place level by level; returns the schedule with it (a new task object: the reuse pool keeps the old). */
export async function choosePlaceDownTheTree(
  deps: GenerativeDeps,
  agent: AgentState,
  persona: Persona,
  scratch: Readonly<AgentScratch>,
  chunk: PlanChunk,
  index: number,
  step: number,
  time: number,
): Promise<AgentResult[]> {
  const task = chunk.tasks![index];
  const known = deps.spatial.knownRelative(deps.known.get(agent.id)!).map((p) => p.split(':'));
  const planned = task.place.split(':').map((p) => p.trim());
  const base: Omit<ChoosePlaceInput, 'level' | 'options' | 'within' | 'fallback'> = {
    persona: personaCard(persona, scratch),
    time: formatClock(time),
    activity: task.description,
    blockActivity: chunk.activity,
    currentPlace: currentPlaceOf(deps.map, agent),
    home: persona.home,
  };
  const choose = async (level: ChoosePlaceInput['level'], options: string[], within: string | undefined, plannedName: string | undefined) => {
    if (options.length <= 1) return options[0];
    const fallback = options.find((o) => o.toLowerCase() === plannedName?.toLowerCase()) ?? options[0];
    const result = await deps.call(choosePlaceTask, { ...base, level, options, within, fallback }, agent.id, step);
    return result.value.choice;
  };
  const unique = (list: string[]) => [...new Set(list)];
  const sector = await choose('sector', unique(known.filter((p) => p.length === 1).map((p) => p[0])), undefined, planned[0]);
  if (!sector) return [];
  const arena = await choose('arena', unique(known.filter((p) => p.length === 2 && p[0] === sector).map((p) => p[1])), sector, planned[0] === sector ? planned[1] : undefined);
  const objects = arena ? unique(known.filter((p) => p.length === 3 && p[0] === sector && p[1] === arena).map((p) => p[2])) : [];
  const object = arena ? await choose('object', objects, `${sector}:${arena}`, planned[0] === sector && planned[1] === arena ? planned[2] : undefined) : undefined;
  const place = [sector, arena, object].filter((x): x is string => !!x).join(':');
  const chosen: PlannedTask = { ...task, place, placeChosen: true };
  return [{ kind: 'pieceTasks', chunk, tasks: chunk.tasks!.map((t, i) => (i === index ? chosen : t)) }];
}
