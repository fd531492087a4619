/**
 * Game time. Step n ends at start + (n + 1) * secondsPerStep. All arithmetic is on UTC
 * milliseconds computed from the step number: no wall clock is ever read.
 */
export const DEFAULT_SECONDS_PER_STEP = 10;
/** Friday 13 February 2026, 06:00: the town wakes up the day before a Valentine's party. */
export const DEFAULT_START_TIME = '2026-02-13T06:00';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Parses "YYYY-MM-DDTHH:MM" (seconds optional) as a game-time instant; throws a clear error otherwise. */
export function parseGameTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) throw new Error(`Invalid start time "${text}": use YYYY-MM-DDTHH:MM, e.g. ${DEFAULT_START_TIME}`);
  const [, y, mo, d, h, mi, s] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0);
  // Date.UTC rolls impossible fields over (month 13, 30 February, 99:00) into a real date: a
  // time that does not read back the same was not a real time.
  const back = new Date(ms);
  const real =
    !Number.isNaN(ms) &&
    back.getUTCFullYear() === +y &&
    back.getUTCMonth() === +mo - 1 &&
    back.getUTCDate() === +d &&
    back.getUTCHours() === +h &&
    back.getUTCMinutes() === +mi &&
    back.getUTCSeconds() === (s ? +s : 0);
  if (!real) throw new Error(`Invalid start time "${text}": no such date or time (use YYYY-MM-DDTHH:MM, e.g. ${DEFAULT_START_TIME})`);
  return ms;
}

export class GameClock {
  readonly startMs: number;
  readonly stepMs: number;

  constructor(start: string | number = DEFAULT_START_TIME, readonly secondsPerStep = DEFAULT_SECONDS_PER_STEP) {
    if (!(secondsPerStep > 0)) throw new Error('secondsPerStep must be positive');
    this.startMs = typeof start === 'number' ? start : parseGameTime(start);
    this.stepMs = secondsPerStep * 1000;
  }

  /** Game time at the start of `step` (= end of step - 1). */
  timeAt(step: number): number {
    return this.startMs + step * this.stepMs;
  }

  /** Steps in a game hour / day, for sizing runs. */
  get stepsPerHour(): number {
    return Math.round(3_600_000 / this.stepMs);
  }

  get stepsPerDay(): number {
    return Math.round(MS_PER_DAY / this.stepMs);
  }

  /** Whole days since the first midnight before the start (day 0 is the start date). */
  dayIndex(timeMs: number): number {
    return Math.floor(timeMs / MS_PER_DAY) - Math.floor(this.startMs / MS_PER_DAY);
  }

  /** First step whose start time is at or after `timeMs`. */
  stepAt(timeMs: number): number {
    return Math.ceil((timeMs - this.startMs) / this.stepMs);
  }
}

/** Minutes since midnight of the given game time. */
export function minuteOfDay(timeMs: number): number {
  return Math.floor((((timeMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MINUTE);
}

/** Midnight (UTC) of the day that contains `timeMs`. */
export function startOfDay(timeMs: number): number {
  return Math.floor(timeMs / MS_PER_DAY) * MS_PER_DAY;
}

/** "07:05" */
export function formatClock(timeMs: number): string {
  const m = minuteOfDay(timeMs);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "Friday, February 13, 2026" */
export function formatDate(timeMs: number): string {
  const d = new Date(timeMs);
  return `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** "Friday, February 13, 2026, 07:05" */
export function formatGameTime(timeMs: number): string {
  return `${formatDate(timeMs)}, ${formatClock(timeMs)}`;
}

/** "HH:MM" → minutes since midnight; throws on bad input. */
export function parseClock(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m || +m[1] > 23 || +m[2] > 59) throw new Error(`Invalid time of day "${text}": use HH:MM`);
  return +m[1] * 60 + +m[2];
}

/** Day of week (0 = Sunday) for a game time. */
export function weekday(timeMs: number): number {
  return new Date(timeMs).getUTCDay();
}
