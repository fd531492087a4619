/**
 * Planning data, pure: the day plan from planDay's answer (a sleep block until wake-up, then one
 * block per schedule entry), its awake blocks cut into pieces of about an hour that
 * decomposeBlock turns into 5–15 minute tasks, the task under way at a minute, re-planning the
 * rest of a piece, and the pool of decompositions reused when a piece repeats. The schedule's
 * entries are typed (../plan.ts): activity and usual place travel apart, never as text.
 */
import type { EventTriple } from '../../engine/types';
import { clampMinute, hintedActivity, MINUTES_PER_DAY, withUsualPlaces, type PlanEntry } from '../plan';
import { isSleepActivity } from '../tasks/activityHints';
import type { PlanDayOutput, SubTask } from '../tasks/contracts';
import { clockText } from '../tasks/promptParts';
import { eventKey } from './perception';
import type { DayPlan, PlanBlock, PlanChunk, PlannedTask, ReusableDecomposition } from './scratch';
import { chunkIndexAt, taskIndexAt } from './planIndex';

// Where a minute falls in a plan: in planIndex.ts (no dependencies), so the static site's page can use it too.
export { chunkIndexAt, taskIndexAt };

export { MINUTES_PER_DAY };
/** A piece shorter than this joins the piece before it. */
const SHORTEST_PIECE_MINUTES = 15;

/**
 * The day plan from planDay's answer (its schedule already cleaned: in time order, the first
 * entry at wake-up; see cleanSchedule): blocks covering the whole day, awake blocks cut into
 * pieces. An activity of the usual routine gets its usual place when the answer gave none, so
 * decomposition knows where it usually happens.
 */
export function dayPlanFrom(answer: PlanDayOutput, day: number, chunkMinutes: number, routine: readonly PlanEntry[] = []): DayPlan {
  const wake = clampMinute(answer.wakeUpMinute);
  const entries = withUsualPlaces(
    answer.schedule.map((e) => ({ start: e.startMinute, activity: e.activity, ...(e.place ? { place: e.place } : {}) })),
    routine,
  );
  const blocks: PlanBlock[] = [];
  if (wake > 0) blocks.push({ start: 0, end: wake, activity: 'sleeping', sleep: true });
  entries.forEach((e, i) => {
    const end = entries[i + 1]?.start ?? MINUTES_PER_DAY;
    if (end > e.start) blocks.push({ start: e.start, end, activity: e.activity, ...(e.place ? { place: e.place } : {}), sleep: isSleepActivity(e.activity) });
  });
  return { day, wakeUpMinute: wake, goals: [...answer.goals], blocks, chunks: chunksOf(blocks, chunkMinutes) };
}

/** Awake blocks cut into pieces of `chunkMinutes` (a short remainder joins the piece before). */
export function chunksOf(blocks: readonly PlanBlock[], chunkMinutes: number): PlanChunk[] {
  const chunks: PlanChunk[] = [];
  for (const block of blocks) {
    if (block.sleep) continue;
    let start = block.start;
    while (start < block.end) {
      let end = Math.min(block.end, start + chunkMinutes);
      if (block.end - end < SHORTEST_PIECE_MINUTES) end = block.end;
      chunks.push({ start, end, activity: block.activity, ...(block.place ? { place: block.place } : {}), tasks: null, version: 0, reused: false });
      start = end;
    }
  }
  return chunks;
}

export function blockAt(plan: DayPlan, minute: number): PlanBlock | undefined {
  return plan.blocks.find((b) => b.start <= minute && minute < b.end);
}


/** Sub-tasks laid end to end from `start`, cut at `end` (the last one stretched to reach it). */
export function tasksFrom(start: number, end: number, subTasks: readonly SubTask[]): PlannedTask[] {
  const tasks: PlannedTask[] = [];
  let t = start;
  for (const s of subTasks) {
    if (t >= end) break;
    const minutes = Math.max(1, Math.min(Math.round(s.minutes), end - t));
    tasks.push({ start: t, minutes, description: s.description, place: s.place, emoji: s.emoji, event: [...s.event] as EventTriple, ...(s.objectState ? { objectState: s.objectState } : {}) });
    t += minutes;
  }
  if (tasks.length && t < end) tasks[tasks.length - 1].minutes += end - t;
  return tasks;
}


/** A piece's tasks and version: what re-planning changes (computed apart, applied by apply.ts). */
export interface PieceSchedule {
  tasks: PlannedTask[] | null;
  version: number;
}

/** The piece's schedule with the rest from `minute` replaced by a re-plan (a reaction's new tasks). */
export function replannedRest(chunk: Pick<PlanChunk, 'end'> & PieceSchedule, minute: number, subTasks: readonly SubTask[]): PieceSchedule {
  const kept = (chunk.tasks ?? [])
    .filter((t) => t.start < minute)
    .map((t) => ({ ...t, minutes: Math.min(t.minutes, minute - t.start) }))
    .filter((t) => t.minutes > 0);
  return { tasks: [...kept, ...tasksFrom(minute, chunk.end, subTasks)], version: chunk.version + 1 };
}

/** Replaces the rest of a piece from `minute` with a re-plan, in place. */
export function replanRest(chunk: PlanChunk, minute: number, subTasks: readonly SubTask[]): void {
  Object.assign(chunk, replannedRest(chunk, minute, subTasks));
}

/**
 * The piece's schedule with `task` put over [from, to): tasks before are cut at `from`, tasks
 * after start at `to` (the reference writes a finished chat into the schedule from its start);
 * unchanged when the span is empty.
 */
export function withSpan(chunk: Pick<PlanChunk, 'start'> & PieceSchedule, from: number, to: number, task: Omit<PlannedTask, 'start' | 'minutes'>): PieceSchedule {
  const start = Math.max(chunk.start, from);
  if (to <= start) return { tasks: chunk.tasks, version: chunk.version };
  const before = (chunk.tasks ?? []).filter((t) => t.start < start).map((t) => ({ ...t, minutes: Math.min(t.minutes, start - t.start) }));
  const after = (chunk.tasks ?? [])
    .filter((t) => t.start + t.minutes > to)
    .map((t) => (t.start >= to ? t : { ...t, start: to, minutes: t.start + t.minutes - to }));
  return { tasks: [...before.filter((t) => t.minutes > 0), { ...task, start, minutes: to - start }, ...after], version: chunk.version + 1 };
}

/** Puts `task` into the piece's schedule over [from, to), in place (see withSpan). */
export function insertSpan(chunk: PlanChunk, from: number, to: number, task: Omit<PlannedTask, 'start' | 'minutes'>): void {
  Object.assign(chunk, withSpan(chunk, from, to, task));
}

/** The tasks from `minute` on, the one under way starting now (closeConversation's remaining plan). */
export function remainingPlan(chunk: PlanChunk | undefined, minute: number): { start: number; description: string; place: string }[] {
  return (chunk?.tasks ?? []).filter((t) => t.start + t.minutes > minute).map((t) => ({ start: Math.max(t.start, minute), description: t.description, place: t.place }));
}

/** Identifies a repeating piece: its activity (with its usual place, as these keys have always read) and length. */
export function reuseKey(chunk: PlanChunk): string {
  return `${eventKey(hintedActivity(chunk))}|${chunk.end - chunk.start}`;
}

/** Tasks of a kept decomposition shifted to the piece's start, or undefined (the pool is not changed: see takeFromPool). */
export function reusableTasks(pool: readonly ReusableDecomposition[], chunk: PlanChunk): PlannedTask[] | undefined {
  const key = reuseKey(chunk);
  const entry = pool.find((d) => d.key === key);
  if (!entry) return undefined;
  return entry.tasks.map((t) => ({ ...t, event: [...t.event] as EventTriple, start: chunk.start + t.start }));
}

/** Tasks of a kept decomposition shifted to the piece's start (and marked most recently used), or undefined. */
export function takeFromPool(pool: ReusableDecomposition[], chunk: PlanChunk): PlannedTask[] | undefined {
  const tasks = reusableTasks(pool, chunk);
  if (tasks) markUsed(pool, chunk);
  return tasks;
}

/** Marks the piece's kept decomposition most recently used (the pool drops the oldest first). */
export function markUsed(pool: ReusableDecomposition[], chunk: PlanChunk): void {
  const key = reuseKey(chunk);
  const i = pool.findIndex((d) => d.key === key);
  if (i >= 0) pool.push(...pool.splice(i, 1));
}

/** Keeps a piece's decomposition for reuse (replacing one with the same key; oldest dropped beyond `size`). */
export function putInPool(pool: ReusableDecomposition[], chunk: PlanChunk, size: number): void {
  if (size <= 0 || !chunk.tasks?.length) return;
  const key = reuseKey(chunk);
  const i = pool.findIndex((d) => d.key === key);
  if (i >= 0) pool.splice(i, 1);
  pool.push({ key, tasks: chunk.tasks.map((t) => ({ ...t, event: [...t.event] as EventTriple, start: t.start - chunk.start })) });
  while (pool.length > size) pool.shift();
}

/** The day plan as one memory: "Ada Ash's plan for Friday, February 13, 2026: wake up at 07:00; ...". */
export function planMemoryText(name: string, date: string, plan: DayPlan): string {
  const awake = plan.blocks.filter((b) => !b.sleep).map((b) => `${clockText(b.start)} ${b.activity}`);
  return `${name}'s plan for ${date}: wake up at ${clockText(plan.wakeUpMinute)}; goals: ${plan.goals.join('; ')}; schedule: ${awake.join(', ')}`;
}

/** What the plan has the agent doing at `minute`: the task under way, else the block's activity. */
export function activityAt(plan: DayPlan | null, minute: number): string | undefined {
  if (!plan) return undefined;
  const i = chunkIndexAt(plan, minute);
  const chunk = i >= 0 ? plan.chunks[i] : undefined;
  const t = chunk ? taskIndexAt(chunk, minute) : -1;
  if (chunk && t >= 0) return chunk.tasks![t].description;
  return blockAt(plan, minute)?.activity;
}
