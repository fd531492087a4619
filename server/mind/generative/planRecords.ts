/**
 * Which agents' plan records (`currently` and the day plan) changed since they were last written
 * to the plan log. The mind asks after every step for every agent, and plans change a few times
 * an hour: serialising each plan every step to compare texts was a fifth of a generative game
 * hour's CPU. Plans are edited in place (a piece's tasks, a re-plan), so object identity says
 * nothing; instead each record is compared field by field, in key order, with a copy of the one
 * last logged, and serialised only when it differs. Equal in that comparison means the same JSON
 * text, so the log gets exactly the entries the text comparison gave.
 */
import type { AgentId } from '../../engine/types';
import { planRecordJson, type AgentScratch, type PlanRecord } from './scratch';

export class PlanRecords {
  private readonly logged = new Map<AgentId, { text: string; copy: JsonCopy }>();

  /** Forgets every record (a fresh start or a restore notes them again). */
  clear(): void {
    this.logged.clear();
  }

  /** Takes the agent's record as it is now as the one logged. */
  note(id: AgentId, scratch: AgentScratch): string {
    const text = planRecordJson(scratch);
    this.logged.set(id, { text, copy: jsonCopy(JSON.parse(text)) });
    return text;
  }

  /** The record's JSON when it differs from the one logged (and notes it), else null. */
  changed(id: AgentId, scratch: AgentScratch): string | null {
    const last = this.logged.get(id);
    if (last && sameAsCopy(last.copy, { currently: scratch.currently, plan: scratch.plan })) return null;
    const text = planRecordJson(scratch);
    if (last && last.text === text) return null;
    this.logged.set(id, { text, copy: jsonCopy(JSON.parse(text)) });
    return text;
  }
}

/**
 * A parsed JSON value with each object's keys listed once, so comparing a live value with it
 * allocates nothing (this runs for every agent at every step).
 */
export type JsonCopy = string | number | boolean | null | JsonCopy[] | { keys: string[]; values: JsonCopy[] };

/** The copy of a parsed JSON value (no undefined, functions or non-finite numbers in it). */
export function jsonCopy(parsed: unknown): JsonCopy {
  if (parsed === null || typeof parsed !== 'object') return parsed as JsonCopy;
  if (Array.isArray(parsed)) return parsed.map(jsonCopy);
  const keys = Object.keys(parsed);
  return { keys, values: keys.map((k) => jsonCopy((parsed as Record<string, unknown>)[k])) };
}

/**
 * Whether `value` would serialise to the JSON text the copy was parsed from: the same keys in the
 * same order, the same values. False when unsure (an undefined field, a NaN): the caller then
 * compares texts.
 */
export function sameAsCopy(copy: JsonCopy, value: unknown): boolean {
  if (copy === null || typeof copy !== 'object') return copy === value;
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(copy)) {
    if (!Array.isArray(value) || copy.length !== value.length) return false;
    for (let i = 0; i < copy.length; i++) if (!sameAsCopy(copy[i], value[i])) return false;
    return true;
  }
  if (Array.isArray(value)) return false;
  const { keys, values } = copy;
  const live = value as Record<string, unknown>;
  let i = 0;
  // for…in visits own keys in Object.keys order (plan data are plain objects: nothing inherited).
  for (const key in live) {
    if (i >= keys.length || key !== keys[i] || !sameAsCopy(values[i], live[key])) return false;
    i++;
  }
  return i === keys.length;
}
