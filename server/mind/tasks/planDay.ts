/**
 * planDay (once a game day, at wake-up): wake-up time, 5–8 goals, a schedule from waking to bed
 * and a revised "currently" line, in one call. The persona's usual routine (typed entries, see
 * ../plan.ts) is the prompt's strong prior and the fail-safe. Text exists only here, at the
 * boundary: the prompt writes the routine as "HH:MM activity" lines; the model writes clock times
 * ("07:30"), which the repairs turn into minutes since midnight, and perhaps a " @ place" hint,
 * split off into the entry's place. Both answer and fail-safe go through the plan's one cleaning
 * stage (cleanSchedule).
 */
import { z } from 'zod';
import { parseClock } from '../../engine/clock';
import { defineTask } from '../../llm/task';
import type { PlanDayInput, PlanDayOutput } from './contracts';
import { cleanSchedule, timeOrdered, usualWakeMinute, type PlanEntry } from '../plan';
import { isSleepActivity } from './activityHints';
import { asRecord, cleanText, listFrom, parseTimeOfDay, pick } from './answerRepairs';
import { splitPlaceHint } from './placeChoice';
import { bulletList, clip, clockText, firstName, jsonReply, personaPrompt, PROMPT_LIMITS, shape } from './promptParts';

const text = z.string().trim().min(1);

const PlanDaySchema = z.object({
  wakeUpMinute: z.number().int().min(0).max(1439),
  // No upper bounds here: schema coercion would cut lists before the repairs drop duplicates;
  // the repairs keep at most 8 goals and 24 entries.
  goals: z.array(text).min(1),
  schedule: z.array(z.object({ startMinute: z.number().int().min(0).max(1439), activity: text, place: text.optional() })).min(1),
  currently: text,
});

/** The routine as today's plan, usual places kept for decomposeBlock. */
function routinePlan(input: PlanDayInput): PlanDayOutput {
  const routine = inTimeOrder(input.usualRoutine);
  const wakeUpMinute = usualWakeMinute(routine, input.persona.lifestyle);
  const goals = uniqueTexts(routine.filter((r) => !isSleepActivity(r.activity)).map((r) => r.activity)).slice(0, 8);
  return {
    wakeUpMinute,
    goals: goals.length ? goals : ['follow the usual routine'],
    schedule: outputSchedule(routine.length ? cleanSchedule(routine, wakeUpMinute) : [{ start: wakeUpMinute, activity: 'going about the day' }]),
    currently: input.persona.currently.trim() || `${input.persona.name} is going about the usual routine.`,
  };
}

/** The routine sorted by time (stable: items at the same minute keep their order). */
function inTimeOrder(routine: readonly PlanEntry[]): PlanEntry[] {
  return [...routine].sort((a, b) => a.start - b.start);
}

/** Plan entries in the task's output form. */
function outputSchedule(entries: readonly PlanEntry[]): PlanDayOutput['schedule'] {
  return entries.map((e) => ({ startMinute: e.start, activity: e.activity, ...(e.place ? { place: e.place } : {}) }));
}

function uniqueTexts(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = t.toLowerCase();
    if (!t || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const TIME_KEYS = ['time', 'start', 'startTime', 'startMinute', 'at', 'hour', 'from', 'when'];
const ACTIVITY_KEYS = ['activity', 'task', 'description', 'what', 'plan', 'action', 'event', 'value'];

/** One schedule entry from {time, activity}, {"07:00": "..."} pairs or "07:00 opening the cafe" (a " @ place" hint split off). */
function scheduleEntry(item: unknown): PlanEntry | undefined {
  const obj = asRecord(item);
  let minute: number | undefined;
  let activity = '';
  if (obj) {
    const timeKey = Object.keys(obj).find((k) => TIME_KEYS.some((t) => t.toLowerCase() === k.toLowerCase().replace(/[^a-z]/g, '')));
    minute = parseTimeOfDay(pick(obj, [...TIME_KEYS, 'key']), /minute/i.test(timeKey ?? ''));
    activity = cleanText(pick(obj, ACTIVITY_KEYS));
  } else if (typeof item === 'string') {
    const m = /^\s*(?:[-*•]\s*)?(\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?)?)\s*(?:[-–:]\s*(?:\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*[-–:]?)?)?\s*(.+)$/i.exec(item);
    if (m) {
      minute = parseTimeOfDay(m[1]);
      activity = cleanText(m[2]);
    }
  }
  if (minute === undefined || !activity) return undefined;
  const hinted = splitPlaceHint(clip(activity, 120));
  return hinted.activity ? { start: minute, ...hinted } : undefined;
}

function normalizePlan(value: unknown, input: PlanDayInput): PlanDayOutput {
  const usual = routinePlan(input);
  const obj = asRecord(value) ?? (Array.isArray(value) ? { schedule: value } : {});
  const scheduleRaw = listFrom(obj, ['schedule', 'hourlySchedule', 'dailySchedule', 'timetable', 'hours', 'agenda']) ?? [];
  let entries = scheduleRaw.map(scheduleEntry).filter((e): e is PlanEntry => e !== undefined);
  let goalsRaw = listFrom(obj, ['goals', 'dailyPlan', 'broadPlan', 'dayPlan', 'todo', 'objectives']);
  // "plan" is a list of goals when it holds plain phrases, a schedule when it holds timed entries.
  const plan = listFrom(pick(obj, ['plan']), []);
  if (plan) {
    const timed = plan.map(scheduleEntry).filter((e): e is PlanEntry => e !== undefined);
    if (timed.length > plan.length / 2 && entries.length === 0) entries = timed;
    else goalsRaw ??= plan;
  }
  entries = timeOrdered(entries);

  const wakeKey = Object.keys(obj).find((k) => /wake/i.test(k));
  const given = parseTimeOfDay(pick(obj, ['wakeUp', 'wakeUpTime', 'wakeUpMinute', 'wakeUpHour', 'wakeTime', 'wake', 'wakeup']), /minute/i.test(wakeKey ?? ''));
  const firstAwake = entries.find((e) => !isSleepActivity(e.activity));
  let wake = given ?? firstAwake?.start ?? usual.wakeUpMinute;
  // A wake-up time after most of the day's waking activities (a bedtime written by mistake) is not one.
  const awake = entries.filter((e) => !isSleepActivity(e.activity));
  if (firstAwake && awake.filter((e) => e.start < wake).length > awake.length / 2) wake = firstAwake.start;
  const schedule = cleanSchedule(entries, wake);

  const goals = uniqueTexts((goalsRaw ?? []).map((g) => cleanText(asRecord(g) ? pick(asRecord(g), ['goal', 'activity', 'description', 'task', 'value']) : g))).slice(0, 8);
  // Fewer than five goals: add the day's other activities (then the usual ones) so there are five.
  const extra = uniqueTexts([...schedule.map((s) => s.activity), ...usual.goals].filter((a) => !isSleepActivity(a)));
  for (const a of extra) {
    if (goals.length >= 5) break;
    if (!goals.some((g) => g.toLowerCase() === a.toLowerCase())) goals.push(a);
  }

  const currently = cleanText(pick(obj, ['currently', 'status', 'currentStatus', 'current', 'now']));
  return {
    wakeUpMinute: wake,
    goals: goals.length ? goals : usual.goals,
    schedule: outputSchedule(schedule),
    currently: currently ? clip(currently, 240) : input.persona.currently,
  };
}

/** "07:30" → 450; undefined for anything but an HH:MM string. */
function clockMinute(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return parseClock(value);
  } catch {
    return undefined;
  }
}

/** An answer in the asked format ({wakeUp: "07:00", schedule: [{time, activity}], ...}) with minutes for clock times; undefined when it is not in that format. */
function fromWire(value: unknown): PlanDayOutput | undefined {
  const obj = asRecord(value);
  const wakeUpMinute = clockMinute(obj?.wakeUp);
  if (!obj || wakeUpMinute === undefined || !Array.isArray(obj.goals) || !Array.isArray(obj.schedule) || typeof obj.currently !== 'string') return undefined;
  if (!obj.goals.every((g) => typeof g === 'string')) return undefined;
  const schedule = obj.schedule.map((e) => ({ startMinute: clockMinute(asRecord(e)?.time), activity: asRecord(e)?.activity }));
  if (schedule.some((e) => e.startMinute === undefined || typeof e.activity !== 'string')) return undefined;
  // A " @ place" hint is the entry's place in the parsed form too.
  const split = schedule.map((e) => ({ startMinute: e.startMinute as number, ...splitPlaceHint(e.activity as string) }));
  return { wakeUpMinute, goals: obj.goals as string[], schedule: split, currently: obj.currently };
}

function buildPrompt(input: PlanDayInput) {
  const routine = inTimeOrder(input.usualRoutine).slice(0, PROMPT_LIMITS.planDayRoutine);
  const wake = usualWakeMinute(routine, input.persona.lifestyle);
  const first = firstName(input.persona.name);
  return personaPrompt(input.persona, [
    `Today is ${input.date}.`,
    'Your usual day:',
    routine.length ? routine.map((r) => `${clockText(r.start)} ${clip(r.activity, 80)}`).join('\n') : '(no fixed routine)',
    'Recent memories:',
    bulletList(input.memories, PROMPT_LIMITS.planDayMemories),
    // Only when there is something: prompts without whispers stay as they were.
    input.onMind?.length ? `On your mind (make room for it in today's plan):\n${bulletList(input.onMind, 5)}` : '',
    'Plan today: your wake-up time, 5 to 8 goals, a schedule from waking up to going to bed (24-hour HH:MM, in time order, about one entry per hour), and one sentence on what you are currently up to.',
    jsonReply(
      `{"wakeUp":"${clockText(wake)}","goals":["goal 1","goal 2"],"schedule":[{"time":"${clockText(wake)}","activity":"waking up and getting ready"},{"time":"HH:MM","activity":"..."}],"currently":"${first} is ..."}`,
    ),
  ]);
}

/** planDay: see the module comment. Fail-safe: the usual routine as today's plan. */
export const planDayTask = defineTask<PlanDayInput, PlanDayOutput>({
  name: 'planDay',
  build: buildPrompt,
  schema: PlanDaySchema,
  jsonSchema: shape.obj({
    wakeUp: shape.str,
    goals: shape.arr(shape.str),
    schedule: shape.arr(shape.obj({ time: shape.str, activity: shape.str })),
    currently: shape.str,
  }),
  maxTokens: 500,
  temperature: 0.5,
  normalize: normalizePlan,
  fromWire,
  failSafe: routinePlan,
});
