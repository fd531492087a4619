/**
 * Sub-tasks of a block (decomposeBlock's answer and closeConversation's re-plan): their schema,
 * their compact JSON shape, and the repairs that make any plausible list of steps a valid plan —
 * durations that sum to the block exactly, known places, an emoji and an event triple each.
 */
import { z } from 'zod';
import type { EventTriple } from '../../engine/types';
import type { SubTask } from './contracts';
import { isSleepActivity, repairEmoji } from './activityHints';
import { asRecord, cleanText, dropCutOffTail, fitDurations, isNothing, parseDuration, parseTimeOfDay, pick } from './answerRepairs';
import { bestPlaceForActivity, resolvePlace, sectorOf, splitPlaceHint } from './placeChoice';
import { clip, shape } from './promptParts';

const text = z.string().trim().min(1);

export const EventTripleSchema = z.tuple([text, text, text]);

export const SubTaskSchema = z.object({
  minutes: z.number().int().min(1),
  description: text,
  place: text,
  emoji: text,
  event: EventTripleSchema,
  objectState: text.optional(),
});

/** JSON shape of one sub-task as the prompts ask for it. */
export const subTaskShape = shape.obj(
  {
    minutes: shape.int,
    description: shape.str,
    place: shape.str,
    emoji: shape.str,
    event: shape.arr(shape.str),
    objectState: shape.str,
  },
  ['minutes', 'description', 'place', 'emoji'],
);

/** What the repairs need to know about the block being planned. */
export interface SubTaskContext {
  /** The persona's name: the subject of every event triple. */
  name: string;
  /** Minutes the tasks must fill exactly. */
  totalMinutes: number;
  /** Minute of day the tasks start at, and end at (to read durations from clock times). */
  startMinute?: number;
  endMinute?: number;
  knownPlaces: readonly string[];
  currentPlace: string;
  /** Where the block as a whole happens (its usual or best suited place), if known. */
  blockPlace?: string;
  /** Addresses whose sectors win ties, most preferred first. */
  prefer: readonly string[];
}

interface Draft {
  description: string;
  minutes?: number;
  start?: number;
  end?: number;
  place: string;
  emoji: unknown;
  event: unknown;
  objectState: unknown;
  order: number;
}

const DESCRIPTION_KEYS = ['description', 'task', 'activity', 'action', 'subtask', 'step', 'what', 'name', 'title', 'desc'];
const MINUTE_KEYS = ['minutes', 'duration', 'durationMinutes', 'duration_in_minutes', 'mins', 'length', 'min'];
const START_KEYS = ['start', 'startTime', 'startMinute', 'from', 'begin'];
const END_KEYS = ['end', 'endTime', 'endMinute', 'to', 'until'];
const PLACE_KEYS = ['place', 'location', 'address', 'where', 'object', 'loc', 'spot'];

function toDraft(item: unknown, order: number): Draft | undefined {
  if (typeof item === 'string') {
    let t = item;
    const place = /\s@\s(.+)$/.exec(t);
    if (place) t = t.slice(0, place.index);
    let minutes: number | undefined;
    const m = /\((\d+)\s*(?:m|min|mins|minutes)\)|^\s*(\d+)\s*(?:m|min|mins|minutes)\s*[:\-–]\s*|[:\-–,]\s*(\d+)\s*(?:m|min|mins|minutes)\s*$/.exec(t);
    if (m) {
      minutes = Number(m[1] ?? m[2] ?? m[3]);
      t = t.replace(m[0], ' ');
    }
    const description = cleanText(t);
    return description ? { description, minutes, place: place?.[1] ?? '', emoji: undefined, event: undefined, objectState: undefined, order } : undefined;
  }
  const obj = asRecord(item);
  if (!obj) return undefined;
  const description = cleanText(pick(obj, DESCRIPTION_KEYS));
  if (!description) return undefined;
  // "time" is a duration when it is a number or says minutes/hours ("10", "10 min"), else a clock time.
  const time = pick(obj, ['time']);
  const timeIsDuration = typeof time === 'number' || (typeof time === 'string' && /^\s*\d+\s*$|min|hour|\bhr/i.test(time));
  const startRaw = pick(obj, START_KEYS) ?? (timeIsDuration ? undefined : time);
  const endRaw = pick(obj, END_KEYS);
  return {
    description,
    minutes: parseDuration(pick(obj, MINUTE_KEYS) ?? (timeIsDuration ? time : undefined)),
    start: parseTimeOfDay(startRaw, keyNamesMinutes(obj, 'start')),
    end: parseTimeOfDay(endRaw, keyNamesMinutes(obj, 'end')),
    place: cleanText(pick(obj, PLACE_KEYS)),
    emoji: pick(obj, ['emoji', 'icon', 'emoticon', 'symbol']),
    event: pick(obj, ['event', 'triple', 'eventTriple', 'spo']),
    objectState: pick(obj, ['objectState', 'object_state', 'state', 'newState', 'objectStatus']),
    order,
  };
}

/** True when a key like "startMinute" says its number counts minutes since midnight. */
function keyNamesMinutes(obj: Record<string, unknown>, which: 'start' | 'end'): boolean {
  return Object.keys(obj).some((k) => k.toLowerCase().includes(which) && /minute/i.test(k));
}

/** The agent's own event triple: [name, predicate, object]; [name, "is", description] when the answer has none. */
export function repairTriple(value: unknown, name: string, description: string): EventTriple {
  let parts: string[] | undefined;
  if (Array.isArray(value)) parts = value.map((v) => cleanText(v));
  else if (asRecord(value)) {
    const o = asRecord(value);
    parts = [pick(o, ['subject', 's']), pick(o, ['predicate', 'verb', 'p']), pick(o, ['object', 'o'])].map((v) => cleanText(v));
  } else if (typeof value === 'string') parts = value.replace(/^[([]|[)\]]$/g, '').split(/\s*[,;|]\s*/).map((v) => cleanText(v));
  if (parts && parts.length > 3) parts = [parts[0], parts[1], parts.slice(2).join(' ')];
  if (parts && parts.length === 3 && parts[1] && parts[2]) return [name, clip(parts[1], 40), clip(parts[2], 100)];
  return [name, 'is', clip(description, 100)];
}

/**
 * Turns a model's list of steps into sub-tasks covering the block exactly. Steps without a
 * description are dropped; steps with clock times are put in time order; durations come from
 * "minutes" (or start/end times) and are scaled to the block; places map to known places
 * (nearest name, else the best suited place near where the agent is or goes, else the block's
 * place, else the current place). A last step missing fields the others have (an answer cut off
 * at the token limit) is dropped. Throws when no step has a description (so the task retries).
 */
export function repairSubTasks(items: readonly unknown[], ctx: SubTaskContext): SubTask[] {
  const drafts = dropCutOffTail(items).map(toDraft).filter((d): d is Draft => d !== undefined);
  if (drafts.length === 0) throw new Error('no step has a description');
  if (drafts.some((d) => d.start !== undefined)) drafts.sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity) || a.order - b.order);

  const minutes = drafts.map((d, i) => {
    if (d.minutes !== undefined) return d.minutes;
    if (d.start === undefined) return undefined;
    const next = drafts[i + 1]?.start ?? d.end ?? ctx.endMinute;
    const span = next === undefined ? undefined : (next - d.start + 1440) % 1440;
    return span && span < 1440 ? span : undefined;
  });
  const durations = fitDurations(minutes, ctx.totalMinutes);
  const nearby = ctx.knownPlaces.filter((k) => ctx.prefer.some((p) => sectorOf(p) === sectorOf(k)));

  return durations.map((duration, i) => {
    const d = drafts[i];
    const place =
      (d.place && resolvePlace(d.place, ctx.knownPlaces, ctx.prefer)) ||
      bestPlaceForHinted(d.description, isSleepActivity(d.description) ? ctx.knownPlaces : nearby, ctx.prefer) ||
      ctx.blockPlace ||
      ctx.currentPlace;
    const state = cleanText(d.objectState);
    const task: SubTask = {
      minutes: duration,
      description: clip(d.description, 160),
      place,
      emoji: repairEmoji(d.emoji, d.description),
      event: repairTriple(d.event, ctx.name, d.description),
    };
    if (state && !isNothing(state)) task.objectState = clip(state, 80);
    return task;
  });
}

/** bestPlaceForActivity for a description a model wrote, which may end in a " @ place" hint (answer parsing). */
function bestPlaceForHinted(description: string, known: readonly string[], prefer: readonly string[]): string | undefined {
  const { activity, place } = splitPlaceHint(description);
  return bestPlaceForActivity(activity, known, prefer, place);
}
