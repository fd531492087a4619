/**
 * Where a minute of the day falls in a day plan: the piece and the task under way. Kept apart
 * from planning.ts with nothing but types imported, so the static site's page (a browser with no
 * server) builds the inspector's plan with the same code as the live mind and `hamlet replay`.
 */
import type { DayPlan, PlanChunk } from './scratch';

/** Index of the piece under way at `minute`, or -1 (asleep). */
export function chunkIndexAt(plan: DayPlan, minute: number): number {
  return plan.chunks.findIndex((c) => c.start <= minute && minute < c.end);
}

/** Index of the task under way at `minute` (the last one when past them all), or -1 when there is none. */
export function taskIndexAt(chunk: PlanChunk, minute: number): number {
  if (!chunk.tasks || chunk.tasks.length === 0) return -1;
  for (let i = chunk.tasks.length - 1; i >= 0; i--) if (chunk.tasks[i].start <= minute) return i;
  return 0;
}
