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
  private readonly logged = new Map<AgentId, { text: string; copy: PlanRecord }>();

  /** Forgets every record (a fresh start or a restore notes them again). */
  clear(): void {
    this.logged.clear();
  }

  /** Takes the agent's record as it is now as the one logged. */
  note(id: AgentId, scratch: AgentScratch): string {
    const text = planRecordJson(scratch);
    this.logged.set(id, { text, copy: JSON.parse(text) as PlanRecord });
    return text;
  }

  /** The record's JSON when it differs from the one logged (and notes it), else null. */
  changed(id: AgentId, scratch: AgentScratch): string | null {
    const last = this.logged.get(id);
    if (last && sameJsonData(last.copy, { currently: scratch.currently, plan: scratch.plan })) return null;
    const text = planRecordJson(scratch);
    if (last && last.text === text) return null;
    this.logged.set(id, { text, copy: JSON.parse(text) as PlanRecord });
    return text;
  }
}

/**
 * Whether `value` would serialise to the same JSON as `copy`, a parsed JSON text (so it holds no
 * undefined, functions or non-finite numbers): the same keys in the same order, the same values.
 * False when unsure (an undefined field, a NaN): the caller then compares texts.
 */
export function sameJsonData(copy: unknown, value: unknown): boolean {
  if (copy === value) return true;
  if (typeof copy !== 'object' || typeof value !== 'object' || copy === null || value === null) return false;
  if (Array.isArray(copy)) {
    if (!Array.isArray(value) || copy.length !== value.length) return false;
    for (let i = 0; i < copy.length; i++) if (!sameJsonData(copy[i], value[i])) return false;
    return true;
  }
  if (Array.isArray(value)) return false;
  const a = copy as Record<string, unknown>;
  const b = value as Record<string, unknown>;
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== otherKeys[i] || !sameJsonData(a[keys[i]], b[keys[i]])) return false;
  return true;
}
