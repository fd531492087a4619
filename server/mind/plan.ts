/**
 * The day plan's schedule as typed data, owned by the mind: entries {start, activity, place?}
 * from the persona's usual routine and from planDay's answer, cleaned in one stage
 * (`cleanSchedule`) whichever way they came. Text appears only at the prompt boundary: planDay's
 * prompt writes the routine as "HH:MM activity" lines, and answer parsing (the tasks' repairs)
 * splits a " @ place" hint a model may write; nothing in between parses text back. Pure.
 */
import { parseClock } from '../engine/clock';
import { routineOn, type Persona } from './persona';
import { isSleepActivity } from './tasks/activityHints';
import { parseTimeOfDay } from './tasks/answerRepairs';

export const MINUTES_PER_DAY = 1440;
/** Wake-up time when neither the routine nor the lifestyle names one. */
export const DEFAULT_WAKE_MINUTE = 7 * 60;
/** The most schedule entries a day keeps. */
export const MAX_SCHEDULE_ENTRIES = 24;
/** What the day starts with when nothing in the schedule begins at wake-up. */
export const WAKE_UP_ACTIVITY = 'waking up and getting ready';

/** One schedule entry: an activity from `start` (minutes since midnight) until the next entry, where it usually happens when known. */
export interface PlanEntry {
  start: number;
  activity: string;
  /** "Sector:arena:object" (or a prefix) where it usually happens: a hint for decomposition. */
  place?: string;
}

/** The persona's usual routine for the day of `time`, in time order (planDay's prior and fail-safe). */
export function usualRoutine(persona: Persona, time: number): PlanEntry[] {
  const out: PlanEntry[] = [];
  for (const item of routineOn(persona, time)) {
    const activity = item.activity.trim();
    const place = item.place.trim();
    if (activity) out.push({ start: parseClock(item.at), activity, ...(place ? { place } : {}) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The wake-up minute a routine implies: its first waking item, else the lifestyle's "wakes up at 6:30am". */
export function usualWakeMinute(routine: readonly PlanEntry[], lifestyle: string): number {
  const firstAwake = routine.find((r) => !isSleepActivity(r.activity));
  if (firstAwake) return firstAwake.start;
  const m = /wak\w*(?: up)?\s*(?:at|around|by)?\s*(\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)/i.exec(lifestyle);
  return (m && parseTimeOfDay(m[1])) ?? DEFAULT_WAKE_MINUTE;
}

/**
 * The one cleaning stage of a schedule: entries in time order (the first of two at the same
 * minute kept), none before wake-up and the first at wake-up — the last waking activity the
 * schedule put just before wake-up moves there (sleep does not), else WAKE_UP_ACTIVITY — and at
 * most MAX_SCHEDULE_ENTRIES. Minutes are rounded into the day; empty activities dropped.
 * Throws when no entry has a time and an activity.
 */
export function cleanSchedule(entries: readonly PlanEntry[], wakeUpMinute: number): PlanEntry[] {
  const wake = clampMinute(wakeUpMinute);
  const sorted = timeOrdered(entries);
  const before = sorted.filter((e) => e.start < wake);
  const schedule = sorted.filter((e) => e.start >= wake);
  if (schedule.length === 0 && before.length === 0) throw new Error('the schedule has no entries with a time and an activity');
  if (schedule.length === 0 || schedule[0].start > wake) {
    const last = before[before.length - 1];
    schedule.unshift(last && !isSleepActivity(last.activity) ? { ...last, start: wake } : { start: wake, activity: WAKE_UP_ACTIVITY });
  }
  return schedule.slice(0, MAX_SCHEDULE_ENTRIES);
}

/** Entries in time order with minutes rounded into the day, empty activities dropped, the first of two at the same minute kept. */
export function timeOrdered(entries: readonly PlanEntry[]): PlanEntry[] {
  return entries
    .map((e) => ({ ...e, start: clampMinute(e.start), activity: e.activity.trim() }))
    .filter((e) => e.activity)
    .sort((a, b) => a.start - b.start)
    .filter((e, i, all) => i === 0 || e.start !== all[i - 1].start);
}

/** Entries without a place get the usual place of the same activity (case-insensitive) from the routine. */
export function withUsualPlaces(entries: readonly PlanEntry[], routine: readonly PlanEntry[]): PlanEntry[] {
  const usualPlace = new Map<string, string>();
  for (const { activity, place } of routine) if (place && !usualPlace.has(activity.toLowerCase())) usualPlace.set(activity.toLowerCase(), place);
  return entries.map((e) => {
    if (e.place) return e;
    const place = usualPlace.get(e.activity.toLowerCase());
    return place ? { ...e, place } : e;
  });
}

/**
 * "opening the cafe @ Cafe:floor:counter": an activity with its place hint as one text, for the
 * keys that have always been made from it (the decomposition reuse pool, stored in snapshots).
 */
export function hintedActivity(entry: { activity: string; place?: string }): string {
  return entry.place ? `${entry.activity} @ ${entry.place}` : entry.activity;
}

export function clampMinute(minute: number): number {
  return Math.min(MINUTES_PER_DAY - 1, Math.max(0, Math.round(Number.isFinite(minute) ? minute : 0)));
}
