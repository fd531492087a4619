/**
 * Ablations, as in the Generative Agents paper (Park et al., 2023, §6): the architecture with
 * parts switched off, to measure what each part adds. An ablated part makes no model call at all:
 *   - no reflection: reflection never triggers;
 *   - no planning: the day plan is the persona's usual routine and each piece of it is one task
 *     (the planDay / decomposeBlock fail-safes, used without asking the model);
 *   - no observation: the agent perceives nothing (no event memories, no one to react to), so it
 *     remembers only its persona's starting memories.
 * The setting lives in the simulation file's meta (`config.ablation`), so a resumed run and a
 * measured run know which condition they are.
 */
import type { AgentId } from '../../engine/types';
import type { Task, TaskResult } from '../../llm/task';

export const ABLATIONS = ['none', 'no-reflection', 'no-reflection-planning', 'no-observation-reflection-planning'] as const;
export type Ablation = (typeof ABLATIONS)[number];

/** The parts of the architecture that run under an ablation. */
export interface ArchitectureParts {
  observation: boolean;
  reflection: boolean;
  planning: boolean;
}

const PARTS: Record<Ablation, ArchitectureParts> = {
  none: { observation: true, reflection: true, planning: true },
  'no-reflection': { observation: true, reflection: false, planning: true },
  'no-reflection-planning': { observation: true, reflection: false, planning: false },
  'no-observation-reflection-planning': { observation: false, reflection: false, planning: false },
};

/** Short words for the page badge, the run summary and the report. */
export const ABLATION_LABELS: Record<Ablation, string> = {
  none: 'full architecture',
  'no-reflection': 'no reflection',
  'no-reflection-planning': 'no reflection, no planning',
  'no-observation-reflection-planning': 'no observation, reflection or planning',
};

/** Names accepted besides the canonical ones. */
const ALIASES: Record<string, Ablation> = {
  full: 'none',
  'no-planning-reflection': 'no-reflection-planning',
  'no-observation': 'no-observation-reflection-planning',
  'persona-only': 'no-observation-reflection-planning',
};

export function partsOf(ablation: Ablation): ArchitectureParts {
  return PARTS[ablation];
}

/** The ablation a name means, or an error naming the accepted ones. */
export function parseAblation(raw: unknown, where = 'ablation'): Ablation {
  if (raw === undefined || raw === null) return 'none';
  const name = String(raw).trim().toLowerCase();
  if ((ABLATIONS as readonly string[]).includes(name)) return name as Ablation;
  if (name in ALIASES) return ALIASES[name];
  throw new Error(`${where}: unknown ablation "${String(raw)}" (one of: ${ABLATIONS.join(', ')}; or full, no-observation)`);
}

/** The planning tasks an ablation without planning answers from the persona's routine. */
const PLANNING_TASKS = new Set(['planDay', 'decomposeBlock']);

type Caller = <I, O>(task: Task<I, O>, input: I, agentId: AgentId | undefined, step: number | undefined, onText?: (piece: string, attempt: number) => void, signal?: AbortSignal) => Promise<TaskResult<O>>;

/**
 * Wraps the mind's task caller so that the tasks of switched-off parts are answered by their
 * fail-safe without a model call (marked as a fail-safe: the plan is the routine, not the model's).
 */
export function ablatedCaller(call: Caller, parts: ArchitectureParts): Caller {
  if (parts.planning) return call;
  return async function ablated<I, O>(task: Task<I, O>, input: I, agentId: AgentId | undefined, step: number | undefined, onText?: (piece: string, attempt: number) => void, signal?: AbortSignal): Promise<TaskResult<O>> {
    if (PLANNING_TASKS.has(task.name)) return { value: task.failSafe(input), outcome: 'fail-safe', attempts: 0, usage: { inputTokens: 0, outputTokens: 0 }, problems: ['ablated: no planning'] };
    return call(task, input, agentId, step, onText, signal);
  };
}
