/**
 * Domain repairs for model answers, shared by the task modules' `normalize` functions. These run
 * after server/llm's JSON repair and schema coercion, on values small models really produce:
 * keys spelled differently ("wake_up", "Wake Up"), lists as objects or strings, times as
 * "7:30 am" or 7.5, durations as "10 min", scores as "7/10", text wrapped in quotes or prefixed
 * with the speaker's name. Pure.
 */
import { parseNumberWord } from '../../llm/jsonRepair';

/** The value as a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const keyOf = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The first present (not null/undefined) value among `keys`, matching keys regardless of case,
 * underscores, dashes and spaces ("wake_up" finds "wakeUp" and "Wake Up").
 */
export function pick(obj: Record<string, unknown> | undefined, keys: readonly string[]): unknown {
  if (!obj) return undefined;
  const byKey = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined && !byKey.has(keyOf(k))) byKey.set(keyOf(k), v);
  for (const k of keys) {
    const v = byKey.get(keyOf(k));
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * A list from an answer: the value itself when it is an array; the array under one of `keys`;
 * an object's values in key order ({"1": .., "2": ..}); the lines of a multi-line string.
 */
export function listFrom(value: unknown, keys: readonly string[]): unknown[] | undefined {
  if (Array.isArray(value)) return expandMap(value);
  const obj = asRecord(value);
  const inner = obj ? pick(obj, keys) : value;
  if (Array.isArray(inner)) return expandMap(inner);
  const innerObj = asRecord(inner);
  if (innerObj) {
    const entries = Object.entries(innerObj);
    if (entries.length === 0) return [];
    if (entries.every(([k]) => /^\d+$/.test(k.trim()))) return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
    return entries.map(([k, v]) => ({ key: k, value: v }));
  }
  if (typeof inner === 'string' && inner.trim()) return inner.split(/\r?\n|;\s*/).filter((s) => s.trim() !== '');
  return undefined;
}

/**
 * A one-element list holding a map ({"06:00": "..."}, {"1": 7}, {"memory text": 3}) — what
 * schema coercion makes of a map where a list was expected — becomes the map's entries. A map is
 * an object none of whose keys looks like a field name.
 */
function expandMap(list: unknown[]): unknown[] {
  const only = list.length === 1 ? asRecord(list[0]) : undefined;
  if (!only) return list;
  const keys = Object.keys(only);
  if (keys.length === 0 || keys.some((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))) return list;
  return listFrom({ map: only }, ['map']) ?? list;
}

const QUOTE_CHARS = `"'\u201c\u201d\u2018\u2019\`«»`;

/** Drops quotes around a whole text: a pair at both ends, or a lone one at one end with no other quote inside. */
function stripQuotes(text: string): string {
  let t = text;
  while (t.length >= 2 && QUOTE_CHARS.includes(t[0]) && QUOTE_CHARS.includes(t[t.length - 1])) t = t.slice(1, -1).trim();
  const inner = (s: string) => [...s].some((c) => QUOTE_CHARS.includes(c));
  if (t && QUOTE_CHARS.includes(t[0]) && !inner(t.slice(1))) t = t.slice(1).trim();
  if (t && QUOTE_CHARS.includes(t[t.length - 1]) && !inner(t.slice(0, -1)) && t[t.length - 1] !== "'") t = t.slice(0, -1).trim();
  return t;
}

/**
 * Text from an answer field: numbers become strings, list numbering ("1. ", "- ") and the given
 * speaker names ("Ana: ", "**Ana Lopez:**") are dropped, surrounding quotes stripped, spaces
 * collapsed. Anything that is not text gives "".
 */
export function cleanText(value: unknown, speakerNames: readonly string[] = []): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return '';
  let t = value.replace(/\s+/g, ' ').trim();
  for (let pass = 0; pass < 3; pass++) {
    const before = t;
    t = t.replace(/^(?:\d{1,2}[.)]\s+|[-*•]\s+)/, '');
    for (const name of speakerNames) {
      if (!name) continue;
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      t = t.replace(new RegExp(`^\\**\\s*${escaped}\\s*\\**\\s*[:：]\\s*\\**\\s*`, 'i'), '');
    }
    t = stripQuotes(t);
    if (t === before) break;
  }
  return t;
}

/** A whole-text "nothing" answer: "", "none", "n/a", "null", "-". */
export function isNothing(text: string): boolean {
  return /^(?:|none|null|nil|n\/?a|nothing|no|-+|—|false|undefined)\.?$/i.test(text.trim());
}

// ---------------------------------------------------------------- times and durations

/**
 * Minutes since midnight from what models write for a time of day: "07:30", "7:30 am",
 * "7.30", "0730", "7am", "noon", "seven", 7.5 (hours), 450 (minutes, when over 24). A string
 * with more in it ("from 7:30 to 8:00") gives its first time. Undefined when it is no time.
 * @param numbersAreMinutes treat bare numbers as minutes (for keys like "startMinute")
 */
export function parseTimeOfDay(value: unknown, numbersAreMinutes = false): number | undefined {
  if (typeof value === 'number') return timeFromNumber(value, numbersAreMinutes);
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  if (!s) return undefined;
  if (/^(noon|midday)$/.test(s)) return 720;
  if (s === 'midnight') return 0;
  const decimal = /^(\d{1,2}\.\d)$/.exec(s) ?? /^(\d{1,2}\.\d{3,})$/.exec(s);
  if (decimal) return timeFromNumber(Number(decimal[1]), false);
  const military = /^(\d{2})(\d{2})$/.exec(s);
  if (military) return clockMinutes(+military[1], +military[2], undefined);
  const full = /^(\d{1,2})(?:[:h.](\d{2}))?(?::\d{2})?\s*([ap])?\.?\s*(?:m\.?)?$/.exec(s);
  if (full && (full[2] !== undefined || full[3] !== undefined)) return clockMinutes(+full[1], Number(full[2] ?? 0), full[3]);
  if (/^\d+(\.\d+)?$/.test(s)) return timeFromNumber(Number(s), numbersAreMinutes);
  const found = /(\d{1,2}):(\d{2})\s*([ap])?\.?m?\b/.exec(s) ?? /\b(\d{1,2})()\s*([ap])\.?m\b/.exec(s);
  if (found) return clockMinutes(+found[1], Number(found[2] || 0), found[3]);
  const word = parseNumberWord(s.replace(/\s*o'?clock$/, ''));
  return word === undefined ? undefined : timeFromNumber(word, false);
}

function timeFromNumber(n: number, minutes: boolean): number | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (minutes) return n < 1440 ? Math.round(n) : undefined;
  if (n < 24) return Math.round(n * 60) % 1440;
  return n < 1440 ? Math.round(n) : undefined;
}

function clockMinutes(hour: number, minute: number, meridiem: string | undefined): number | undefined {
  if (minute > 59) return undefined;
  let h = hour;
  if (meridiem) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (h > 24 || (h === 24 && minute > 0)) return undefined;
  return (h * 60 + minute) % 1440;
}

/** A duration in minutes from 10, "10", "10 min", "ten minutes", "1h30", "1.5 hours", "half an hour". */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  if (!s) return undefined;
  if (/half an? hour/.test(s)) return 30;
  if (/quarter of an? hour/.test(s)) return 15;
  const hm = /^(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?\s*(?:(\d+)\s*(?:m(?:in(?:ute)?s?)?)?)?$/.exec(s);
  if (hm) return Number(hm[1]) * 60 + Number(hm[2] ?? 0);
  const min = /^(.+?)\s*(?:m|mins?|minutes?)\.?$/.exec(s);
  const n = parseNumberWord(min ? min[1] : s);
  if (n !== undefined) return n > 0 ? n : undefined;
  const hours = /^(.+?)\s*hours?$/.exec(s);
  const h = hours ? parseNumberWord(hours[1]) : undefined;
  if (h !== undefined && h > 0) return h * 60;
  const lead = /^(\d+(?:\.\d+)?)/.exec(s);
  return lead ? Number(lead[1]) || undefined : undefined;
}

/**
 * An integer score 1–10 from 7, "7", "7/10", "seven", "8 (high)", 7.6 (rounded), 12 (clamped);
 * `fallback` when it is no number.
 */
export function parseScore(value: unknown, fallback: number): number {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') n = parseNumberWord(value) ?? leadingNumber(value);
  else if (asRecord(value)) return parseScore(pick(asRecord(value), ['score', 'importance', 'rating', 'value', 'poignancy']), fallback);
  if (n === undefined || !Number.isFinite(n)) return fallback;
  return Math.min(10, Math.max(1, Math.round(n)));
}

function leadingNumber(text: string): number | undefined {
  const m = /-?\d+(?:\.\d+)?/.exec(text);
  return m ? Number(m[0]) : undefined;
}

/** true/false from booleans and "yes"/"no"/"true"/"end"; undefined otherwise. */
export function parseBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  if (/^(true|yes|y|1|end|ended|done|over|finished|close|stop)$/.test(s)) return true;
  if (/^(false|no|n|0|continue|not yet|ongoing)$/.test(s)) return false;
  return undefined;
}

/** The integers mentioned in a value: 3, "3", "[1, 4]", "memory 2 and 5", [1, "2"]. */
export function integersIn(value: unknown): number[] {
  if (typeof value === 'number') return Number.isInteger(value) ? [value] : [];
  if (typeof value === 'string') return (value.match(/\d+/g) ?? []).map(Number);
  if (Array.isArray(value)) return value.flatMap(integersIn);
  return [];
}

/**
 * Integer durations that sum to `total` exactly, each at least 1. Durations that already sum to
 * the total are kept; otherwise they are scaled proportionally (missing or invalid ones count
 * as the average) and rounded by largest remainder — in 5-minute units when the total allows,
 * so plans keep a 5–15 minute grain. When there are more items than fit (more than one per 5
 * minutes, or per minute), only the first ones are kept: the result may be shorter than the input.
 */
export function fitDurations(minutes: readonly (number | undefined)[], total: number): number[] {
  const target = Math.max(1, Math.round(total));
  const maxCount = target >= 5 ? Math.floor(target / 5) : target;
  const list = minutes.slice(0, Math.max(1, maxCount));
  const valid = list.filter((m): m is number => m !== undefined && Number.isFinite(m) && m > 0);
  const mean = valid.length ? valid.reduce((a, b) => a + b, 0) / valid.length : target / list.length;
  const raw = list.map((m) => (m !== undefined && Number.isFinite(m) && m > 0 ? m : mean));
  if (raw.every(Number.isInteger) && raw.reduce((a, b) => a + b, 0) === target) return raw;

  const sum = raw.reduce((a, b) => a + b, 0);
  const unit = target % 5 === 0 && raw.length * 5 <= target ? 5 : 1;
  const units = target / unit;
  const exact = raw.map((m) => (m * units) / sum);
  const out = exact.map((e) => Math.max(1, Math.floor(e)));
  let diff = units - out.reduce((a, b) => a + b, 0);
  // Hand out (or take back) the difference by largest (smallest) remainder; earlier items win ties.
  const order = exact.map((e, i) => ({ i, rem: e - Math.floor(e) }));
  if (diff > 0) {
    order.sort((a, b) => b.rem - a.rem || a.i - b.i);
    for (let k = 0; diff > 0; k = (k + 1) % order.length, diff--) out[order[k].i]++;
  } else {
    while (diff < 0) {
      let biggest = -1;
      for (let i = 0; i < out.length; i++) if (out[i] > 1 && (biggest < 0 || out[i] > out[biggest])) biggest = i;
      out[biggest]--;
      diff++;
    }
  }
  return out.map((u) => u * unit);
}

// ---------------------------------------------------------------- cut-off answers

/**
 * True when a sentence looks cut off: it does not end like a sentence (. ! ? … a closing
 * quote or bracket, or an emoji). Used only where the answer also misses a field that would
 * have come after it, the sign of an answer truncated at the token limit.
 */
export function looksCut(text: string): boolean {
  return !/(?:[.!?…)"'\]\u201d\u2019*~]|\p{Extended_Pictographic}\uFE0F?)\s*$/u.test(text.trim());
}

/**
 * Drops the last item of a list of objects when it lacks a field every other item has — the
 * item a truncated answer was cut in. Lists of one item, or of non-objects, are kept.
 */
export function dropCutOffTail(items: readonly unknown[]): unknown[] {
  if (items.length < 2) return [...items];
  const objects = items.map(asRecord);
  if (objects.some((o) => !o)) return [...items];
  const last = objects[objects.length - 1] as Record<string, unknown>;
  const shared = Object.keys(objects[0] as Record<string, unknown>).filter((k) => objects.slice(0, -1).every((o) => o && k in o));
  return shared.some((k) => !(k in last)) ? items.slice(0, -1) : [...items];
}

/** The text up to its last complete sentence ("Hi. How are yo" → "Hi."), or undefined when it has none. */
export function lastFullSentence(text: string): string | undefined {
  const m = /^([\s\S]*[.!?…]["'\u201d\u2019)]?)\s+\S[^.!?…]*$/u.exec(text.trim());
  return m ? m[1].trim() : undefined;
}
