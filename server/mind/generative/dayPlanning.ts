/**
 * The model side of planning, per agent: the day plan once a game day (planDay: wake-up hour,
 * goals, hourly schedule and the revised "currently"), and the decomposition of the piece under
 * way and the next (decomposeBlock), reused from earlier days when a piece repeats.
 *
 * The look-ahead pieces are decomposed as deferred results (deferred.ts): the call starts when
 * the piece before begins, with the inputs it always had, and its result lands at the step the
 * piece itself begins, so no step waits for a piece it does not need yet. Only a piece needed now
 * (the first of the day, or one whose look-ahead result found the plan changed) is waited for.
 */
import { formatDate, minuteOfDay, startOfDay } from '../../engine/clock';
import type { AgentId, AgentState } from '../../engine/types';
import type { TaskResult } from '../../llm/task';
import type { DecomposeBlockInput, DecomposeBlockOutput } from '../tasks/contracts';
import type { Persona } from '../persona';
import { decomposeBlockTask, planDayTask } from '../tasks/index';
import { defaultEmoji } from '../tasks/activityHints';
import type { AgentResult } from './apply';
import type { DeferredEntry } from './deferred';
import { currentPlaceOf, personaCard, type DraftMemory, type GenerativeDeps } from './deps';
import { hintedActivity, usualRoutine } from '../plan';
import { chunkIndexAt, dayPlanFrom, planMemoryText, reusableTasks, tasksFrom } from './planning';
import type { AgentScratch, DayPlan, PlanChunk } from './scratch';

export const DECOMPOSE_KIND = 'decompose';

/** What a look-ahead decomposition lands with: the piece it is for (found again by day, start and activity). */
export interface DecomposeContext {
  day: number;
  start: number;
  activity: string;
  /** Where the agent was when the call started (the fallback task's place). */
  currentPlace: string;
}

/** The key of a piece's look-ahead decomposition while it is pending. */
export function decomposeKey(agentId: AgentId, plan: DayPlan, chunk: PlanChunk): string {
  return `decompose:${agentId}:${plan.day}:${chunk.start}`;
}

/** Whether the agent has no plan for the day of `time` yet. */
export function needsDayPlan(scratch: AgentScratch, time: number): boolean {
  return scratch.plan?.day !== startOfDay(time);
}

/** The focal text planDay retrieves with (pre-embedded by the mind in one batch). */
export function planFocal(persona: Persona, time: number): string {
  return `${persona.name}'s plans and what happened yesterday, before ${formatDate(time)}`;
}

/** The focal text of a piece's notes. */
export function pieceFocal(chunk: PlanChunk): string {
  return chunk.activity;
}

/**
 * Makes today's plan (one planDay call): returns the new plan and the plan memory to store.
 * `extraMemories` are texts to show the model besides retrieved memories (the starting memories
 * on day one).
 */
export async function planDay(deps: GenerativeDeps, persona: Persona, scratch: Readonly<AgentScratch>, step: number, time: number, extraMemories: readonly string[]): Promise<AgentResult[]> {
  const date = formatDate(time);
  const memories: string[] = [];
  if (deps.stream.count(persona.id) > 0) {
    const found = await deps.retrieve(persona.id, planFocal(persona, time), deps.config.retrieveForPlanning, { step, time });
    memories.push(...found.map((m) => m.memory.description));
  }
  for (const extra of extraMemories) if (memories.length < deps.config.retrieveForPlanning && !memories.includes(extra)) memories.push(extra);
  const routine = usualRoutine(persona, time);
  const onMind = scratch.onMind ?? [];
  const input = { persona: personaCard(persona, scratch), date, memories, usualRoutine: routine, ...(onMind.length ? { onMind } : {}) };
  const result = await deps.call(planDayTask, input, persona.id, step);
  const plan = dayPlanFrom(result.value, startOfDay(time), deps.config.decomposeChunkMinutes, routine);
  if (result.outcome === 'fail-safe') plan.fallback = true;
  const memory: DraftMemory = {
    type: 'plan',
    description: planMemoryText(persona.name, date, plan),
    triple: [persona.name, 'plans', date],
    importance: deps.config.planImportance,
    keywords: [persona.name, 'plan', date],
  };
  return [
    { kind: 'dayPlan', plan, currently: result.value.currently.trim() || scratch.currently },
    { kind: 'memories', drafts: [memory] },
  ];
}

/**
 * The pieces that should be decomposed now: the one under way and the look-ahead ones, not yet
 * done and not pending (`pending`: a look-ahead decomposition already started for it).
 */
export function piecesToDecompose(deps: GenerativeDeps, scratch: AgentScratch, time: number, pending: (plan: DayPlan, chunk: PlanChunk) => boolean = () => false): PlanChunk[] {
  const plan = scratch.plan;
  if (!plan) return [];
  const current = chunkIndexAt(plan, minuteOfDay(time));
  if (current < 0) return [];
  return plan.chunks.slice(current, current + 1 + deps.config.decomposeLookahead).filter((c) => c.tasks === null && !pending(plan, c));
}

/** Pieces whose decomposition is asked for and waited for in this step (prepareDecomposition → decomposeNow). */
export interface PiecesToAsk {
  now: { chunk: PlanChunk; input: DecomposeBlockInput }[];
  currentPlace: string;
}

/**
 * Prepares the decomposition of the pieces: a kept decomposition is reused when one matches;
 * notes are retrieved one piece after the other (retrieval touches memories). Returns what is
 * decided now (reused pieces; look-ahead pieces as deferred results landing at the step each
 * begins: `landDecomposition`) and the pieces needed now (`decomposeNow` asks for them). Without
 * `deferLookahead`, every piece is asked for now.
 */
export async function prepareDecomposition(
  deps: GenerativeDeps,
  agent: AgentState,
  persona: Persona,
  scratch: Readonly<AgentScratch>,
  pieces: readonly PlanChunk[],
  step: number,
  time: number,
  deferLookahead: boolean,
): Promise<{ results: AgentResult[]; ask: PiecesToAsk }> {
  const results: AgentResult[] = [];
  const toAsk: { chunk: PlanChunk; notes: string[] }[] = [];
  for (const chunk of pieces) {
    const reused = deps.config.reuseDecompositions ? reusableTasks(scratch.reusePool, chunk) : undefined;
    if (reused) {
      results.push({ kind: 'pieceTasks', chunk, tasks: reused, reusedFromPool: true });
      continue;
    }
    let notes: string[] = [];
    if (deps.config.retrieveForDecomposition > 0 && deps.stream.count(persona.id) > 0) {
      notes = (await deps.retrieve(persona.id, pieceFocal(chunk), deps.config.retrieveForDecomposition, { step, time })).map((m) => m.memory.description);
    }
    toAsk.push({ chunk, notes });
  }
  const currentPlace = currentPlaceOf(deps.map, agent);
  if (toAsk.length === 0) return { results, ask: { now: [], currentPlace } };
  const knownPlaces = deps.spatial.knownRelative(deps.known.get(persona.id)!);
  const date = formatDate(time);
  const card = personaCard(persona, scratch);
  const plan = scratch.plan!;
  const minute = minuteOfDay(time);
  const inputOf = (chunk: PlanChunk, notes: string[]): DecomposeBlockInput => ({
    persona: card,
    date,
    block: { startMinute: chunk.start, endMinute: chunk.end % 1440, activity: chunk.activity, ...(chunk.place ? { place: chunk.place } : {}) },
    knownPlaces,
    currentPlace,
    memories: notes,
  });
  for (const { chunk, notes } of deferLookahead ? toAsk.filter(({ chunk }) => chunk.start > minute) : []) {
    // Lands as the piece begins (at least the next step): its answer has had the whole piece before it to come in.
    const begins = deps.clock.stepAt(plan.day + chunk.start * 60_000);
    const entry: DeferredEntry<DecomposeContext> = {
      key: decomposeKey(agent.id, plan, chunk),
      kind: DECOMPOSE_KIND,
      agentId: agent.id,
      startStep: step,
      dueStep: Math.max(step + 1, begins),
      calls: [{ task: decomposeBlockTask.name, input: inputOf(chunk, notes) }],
      context: { day: plan.day, start: chunk.start, activity: chunk.activity, currentPlace },
    };
    results.push({ kind: 'defer', entry });
  }
  const now = deferLookahead ? toAsk.filter(({ chunk }) => chunk.start <= minute) : toAsk;
  return { results, ask: { now: now.map(({ chunk, notes }) => ({ chunk, input: inputOf(chunk, notes) })), currentPlace } };
}

/** Asks for the pieces needed now, concurrently, and returns their tasks (in piece order, whatever order the answers came in). */
export async function decomposeNow(deps: GenerativeDeps, persona: Persona, ask: PiecesToAsk, step: number): Promise<AgentResult[]> {
  if (ask.now.length === 0) return [];
  const results = await Promise.all(ask.now.map(({ input }) => deps.call(decomposeBlockTask, input, persona.id, step)));
  // In piece order: the reuse pool is order-sensitive.
  return ask.now.map(({ chunk }, i) => decomposition(deps, persona, chunk, results[i], ask.currentPlace));
}

/**
 * Lands a look-ahead decomposition on its piece, if the plan still holds that piece undecomposed
 * (a new day's plan, or a piece decomposed meanwhile, leaves the answer unused).
 */
export function landDecomposition(deps: GenerativeDeps, persona: Persona, scratch: Readonly<AgentScratch>, context: DecomposeContext, result: TaskResult<DecomposeBlockOutput>): AgentResult[] {
  const plan = scratch.plan;
  if (!plan || plan.day !== context.day) return [];
  const chunk = plan.chunks.find((c) => c.start === context.start && c.activity === context.activity);
  if (!chunk || chunk.tasks !== null) return [];
  return [decomposition(deps, persona, chunk, result, context.currentPlace)];
}

/** A decomposeBlock answer as the piece's tasks (kept for reuse when it is the model's). */
function decomposition(deps: GenerativeDeps, persona: Persona, chunk: PlanChunk, result: TaskResult<DecomposeBlockOutput>, currentPlace: string): AgentResult {
  const tasks = tasksFrom(chunk.start, chunk.end, result.value.tasks);
  // Tasks that are a fail-safe rather than the model's answer are marked (the inspector shows it; nothing decides on it).
  const fallback = result.outcome === 'fail-safe' ? { fallback: true as const } : {};
  return {
    kind: 'pieceTasks',
    chunk,
    tasks: tasks.length
      ? tasks.map((t) => ({ ...t, ...fallback }))
      : // (The event's object has always been the activity with its usual place: kept, so step logs stay the same.)
        [{ start: chunk.start, minutes: chunk.end - chunk.start, description: chunk.activity, place: currentPlace, emoji: defaultEmoji(chunk.activity), event: [persona.name, 'is', hintedActivity(chunk)], fallback: true }],
    ...(result.outcome !== 'fail-safe' ? { keepInPool: deps.config.reusePoolSize } : {}),
  };
}
