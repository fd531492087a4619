/**
 * A persona's day as a timetable: the routine with seeded per-day jitter. The schedule for
 * (persona, day) is always the same for the same seed, so no state needs saving.
 */
import { minuteOfDay, parseClock, startOfDay } from '../../engine/clock';
import type { RngSource } from '../../engine/rng';
import { routineOn, type Persona, type RoutineItem } from '../persona';

/** Routine items start up to this many minutes early or late, varying day by day. */
export const ROUTINE_JITTER_MINUTES = 15;

export interface ScheduledItem extends RoutineItem {
  /** Start, minutes since midnight, after jitter. */
  startMinute: number;
  /** Index of the item in the day's routine (identifies it within the day). */
  index: number;
}

export interface CurrentItem {
  item: ScheduledItem;
  /** Game time (ms) when this item started and when the next one starts. */
  startsAt: number;
  endsAt: number;
}

export class RoutineSchedule {
  private cache = new Map<string, ScheduledItem[]>();

  constructor(private readonly rng: RngSource) {}

  /** The jittered timetable of a persona for the day containing `timeMs`. */
  day(persona: Persona, timeMs: number): ScheduledItem[] {
    const midnight = startOfDay(timeMs);
    const key = `${persona.id}@${midnight}`;
    let items = this.cache.get(key);
    if (!items) {
      const day = Math.floor(midnight / 86_400_000);
      const rng = this.rng.stream(`routine:${persona.id}`, day);
      let previous = -1;
      items = routineOn(persona, timeMs).map((item, index) => {
        const base = parseClock(item.at);
        const jitter = index === 0 && base === 0 ? 0 : rng.range(-ROUTINE_JITTER_MINUTES, ROUTINE_JITTER_MINUTES);
        // Keep items in order and inside the day.
        const startMinute = Math.min(1439, Math.max(previous + 1, base + jitter, 0));
        previous = startMinute;
        return { ...item, startMinute, index };
      });
      if (this.cache.size > 4096) this.cache.clear();
      this.cache.set(key, items);
    }
    return items;
  }

  /** The item a persona is on at `timeMs` (an item from yesterday when before today's first). */
  current(persona: Persona, timeMs: number): CurrentItem {
    const midnight = startOfDay(timeMs);
    const minute = minuteOfDay(timeMs);
    const today = this.day(persona, timeMs);
    let i = -1;
    for (let k = 0; k < today.length; k++) if (today[k].startMinute <= minute) i = k;
    if (i >= 0) {
      const item = today[i];
      const next = today[i + 1];
      const endsAt = next ? midnight + next.startMinute * 60_000 : midnight + 86_400_000 + this.day(persona, midnight + 86_400_000)[0].startMinute * 60_000;
      return { item, startsAt: midnight + item.startMinute * 60_000, endsAt };
    }
    const yesterday = this.day(persona, midnight - 1);
    const item = yesterday[yesterday.length - 1];
    return { item, startsAt: midnight - 86_400_000 + item.startMinute * 60_000, endsAt: midnight + today[0].startMinute * 60_000 };
  }
}
