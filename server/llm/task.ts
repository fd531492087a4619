/**
 * Typed tasks: every cognitive call is a pure prompt builder, a zod schema for the answer,
 * schema-guided repairs, bounded retries that tell the model what was wrong, and a fail-safe
 * value. `runTask` never throws because of a model: errors, timeouts and garbage end in the
 * task's fail-safe, and every outcome is counted per task.
 */
import { z } from 'zod';
import { extractJson, parseNumberWord } from './jsonRepair';
import type { CallTag, ChatMessage, GenerateResult, LanguageModel, Usage } from './types';

/** What a task's prompt builder returns. */
export interface TaskPrompt {
  system?: string;
  messages: ChatMessage[];
}

export interface TaskSpec<I, O> {
  /** Stable name, used in call records and stats (e.g. "rateImportance"). */
  name: string;
  /** Pure: the same input gives the same prompt (snapshot-testable). */
  build(input: I): TaskPrompt;
  /** The answer's shape. Validation happens after JSON repair and schema-guided coercion. */
  schema: z.ZodType<O>;
  /** JSON schema sent for structured output; derived from `schema` when left out. */
  jsonSchema?: Record<string, unknown>;
  maxTokens: number;
  temperature?: number;
  /**
   * Domain repairs on the parsed JSON before validation, e.g. map an unknown place to the
   * nearest known one. Return the repaired value; throwing counts as an invalid answer.
   */
  normalize?(value: unknown, input: I): unknown;
  /**
   * When the prompt asks for another format than the answer's shape (planDay asks for clock times
   * "07:30", the answer holds minutes): converts a well-formed answer in the asked format to the
   * answer's shape, or returns undefined. Only a format change, never a repair: an answer that
   * `normalize` turns into exactly this value counts as ok rather than repaired.
   */
  fromWire?(value: unknown, input: I): unknown;
  /** The value used when no valid answer could be had. Must not call a model. */
  failSafe(input: I): O;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
}

/** A declared task: its spec with defaults filled in. */
export interface Task<I, O> extends TaskSpec<I, O> {
  readonly maxRetries: number;
  /** The JSON schema sent to backends, or undefined when zod could not express it. */
  readonly jsonSchema: Record<string, unknown> | undefined;
}

/** Declares a task; derives its JSON schema from the zod schema (zod 4's toJSONSchema). */
export function defineTask<I, O>(spec: TaskSpec<I, O>): Task<I, O> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(spec.name)) throw new Error(`Task name "${spec.name}" must be 1-64 letters, digits, _ or -`);
  return { ...spec, maxRetries: spec.maxRetries ?? 2, jsonSchema: spec.jsonSchema ?? deriveJsonSchema(spec.schema) };
}

function deriveJsonSchema(schema: z.ZodType): Record<string, unknown> | undefined {
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete json.$schema;
    return json;
  } catch {
    return undefined;
  }
}

export type TaskOutcome = 'ok' | 'repaired' | 'retried' | 'fail-safe';

export interface TaskResult<O> {
  value: O;
  outcome: TaskOutcome;
  /** Model calls made (0 when the task was aborted before any). */
  attempts: number;
  /** Tokens over all attempts. */
  usage: Usage;
  /** Why attempts were rejected or failed, in order (empty for a first-time success). */
  problems: string[];
}

export interface RunTaskOptions {
  signal?: AbortSignal;
  /** Counters to update (default: the process-wide `taskCounters`). */
  counters?: TaskCounters;
  /** Streams each attempt's raw text as it is generated (see GenerateRequest.onText); `attempt` counts from 1. */
  onText?: (piece: string, attempt: number) => void;
}

let runSeq = 0;

/**
 * Runs a task against a model: up to 1 + maxRetries calls; each answer is parsed, repaired and
 * validated; an invalid answer is retried with a message naming what was wrong. Never throws
 * because of the model.
 */
export async function runTask<I, O>(
  model: LanguageModel,
  task: Task<I, O>,
  input: I,
  tag: Omit<CallTag, 'task' | 'attempt' | 'runId'> = {},
  options: RunTaskOptions = {},
): Promise<TaskResult<O>> {
  const counters = options.counters ?? taskCounters;
  const prompt = task.build(input);
  const runId = `${task.name}#${++runSeq}`;
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  const problems: string[] = [];
  let messages = prompt.messages;
  let attempts = 0;

  for (let attempt = 1; attempt <= 1 + task.maxRetries; attempt++) {
    if (options.signal?.aborted) {
      problems.push('aborted');
      break;
    }
    const callTag: CallTag = { ...tag, task: task.name, attempt, runId };
    let answer: GenerateResult;
    attempts++;
    try {
      answer = await model.generate({
        system: prompt.system,
        messages,
        schema: task.jsonSchema ? { name: task.name, schema: task.jsonSchema } : undefined,
        maxTokens: task.maxTokens,
        temperature: task.temperature,
        tag: callTag,
        signal: options.signal,
        ...(options.onText ? { onText: (piece: string) => options.onText!(piece, attempt) } : {}),
      });
    } catch (err) {
      const problem = `model error: ${(err as Error)?.message ?? String(err)}`;
      problems.push(problem);
      const last = attempt === 1 + task.maxRetries || options.signal?.aborted;
      model.reportOutcome?.(callTag, last ? 'fail-safe' : 'error', problem);
      continue;
    }
    usage.inputTokens += answer.usage.inputTokens;
    usage.outputTokens += answer.usage.outputTokens;
    if (answer.usage.estimated) usage.estimated = true;

    const parsed = interpretAnswer(task, input, answer);
    if (parsed.ok) {
      const outcome: TaskOutcome = attempt > 1 ? 'retried' : parsed.repaired ? 'repaired' : 'ok';
      model.reportOutcome?.(callTag, outcome);
      counters.record(task.name, outcome, attempts);
      return { value: parsed.value, outcome, attempts, usage, problems };
    }
    problems.push(parsed.problem);
    const last = attempt === 1 + task.maxRetries;
    model.reportOutcome?.(callTag, last ? 'fail-safe' : 'rejected', parsed.problem);
    messages = [
      ...prompt.messages,
      { role: 'assistant', content: clip(answer.text, 1500) },
      { role: 'user', content: `That answer could not be used: ${parsed.problem}. Reply again with only the JSON object.` },
    ];
  }

  counters.record(task.name, 'fail-safe', attempts);
  return { value: task.failSafe(input), outcome: 'fail-safe', attempts, usage, problems };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

type Interpretation<O> = { ok: true; value: O; repaired: boolean } | { ok: false; problem: string };

/** Text → JSON (repairing) → schema-guided coercion → normalize → validation. */
export function interpretAnswer<I, O>(task: Task<I, O>, input: I, answer: Pick<GenerateResult, 'text' | 'json'>): Interpretation<O> {
  let raw: unknown;
  let repaired = false;
  if (answer.json !== undefined) raw = answer.json;
  else {
    const extraction = extractJson(answer.text);
    if (!extraction.ok) return { ok: false, problem: extraction.error };
    raw = extraction.value;
    repaired = extraction.repairs.length > 0;
  }
  const asked = task.fromWire ? wireValue(task, input, raw) : raw;
  let value = coerceToSchema(task.schema, raw);
  if (task.normalize) {
    try {
      value = coerceToSchema(task.schema, task.normalize(value, input));
    } catch (err) {
      return { ok: false, problem: `the answer could not be normalised (${(err as Error).message})` };
    }
  }
  const result = task.schema.safeParse(value);
  if (!result.success) return { ok: false, problem: describeIssues(result.error.issues) };
  repaired ||= asked === undefined || canonicalJson(value) !== canonicalJson(asked);
  return { ok: true, value: result.data, repaired };
}

/** JSON with object keys sorted: the order in which a model wrote the keys is no repair. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The answer converted from the asked format, or undefined when it was not well formed. */
function wireValue<I, O>(task: Task<I, O>, input: I, raw: unknown): unknown {
  try {
    return task.fromWire!(raw, input);
  } catch {
    return undefined;
  }
}

/** "importance: expected number; action: expected one of talk|wait" (at most five issues). */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 5).map((i) => {
    const where = i.path.length ? i.path.join('.') : 'the answer';
    return `${where}: ${i.message}`;
  });
  return parts.join('; ');
}

// ---------------------------------------------------------------- schema-guided coercion

/**
 * Fixes what the schema's issues say can be fixed without guessing: numbers written as words or
 * strings, out-of-range numbers (clamped), fractional integers (rounded), too-long arrays
 * (cut), enum values differing in case or spacing, single values where an array is expected,
 * "yes"/"no" booleans. Works on a copy; returns the value unchanged when nothing applies.
 */
export function coerceToSchema(schema: z.ZodType, value: unknown): unknown {
  let current = structuredCloneSafe(value);
  for (let pass = 0; pass < 4; pass++) {
    const result = schema.safeParse(current);
    if (result.success) return current;
    let changed = false;
    for (const issue of result.error.issues) {
      const fixed = fixIssue(issue, getAt(current, issue.path));
      if (fixed.changed) {
        current = setAt(current, issue.path, fixed.value);
        changed = true;
      }
    }
    if (!changed) return current;
  }
  return current;
}

function fixIssue(issue: z.core.$ZodIssue, v: unknown): { changed: boolean; value?: unknown } {
  const none = { changed: false };
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected as string;
      if ((expected === 'number' || expected === 'int') && typeof v === 'string') {
        const n = parseNumberWord(v);
        return n === undefined ? none : { changed: true, value: expected === 'int' ? Math.round(n) : n };
      }
      if (expected === 'int' && typeof v === 'number' && Number.isFinite(v)) return { changed: true, value: Math.round(v) };
      if (expected === 'string' && (typeof v === 'number' || typeof v === 'boolean')) return { changed: true, value: String(v) };
      if (expected === 'boolean' && typeof v === 'string') {
        const s = v.trim().toLowerCase();
        if (['true', 'yes', 'y'].includes(s)) return { changed: true, value: true };
        if (['false', 'no', 'n'].includes(s)) return { changed: true, value: false };
        return none;
      }
      if (expected === 'array' && v !== undefined && v !== null && !Array.isArray(v)) return { changed: true, value: [v] };
      return none;
    }
    case 'too_big':
    case 'too_small': {
      const bound = Number(issue.code === 'too_big' ? (issue as { maximum: unknown }).maximum : (issue as { minimum: unknown }).minimum);
      if (issue.origin === 'number' && typeof v === 'number' && Number.isFinite(bound)) return { changed: true, value: bound };
      if (issue.origin === 'array' && issue.code === 'too_big' && Array.isArray(v)) return { changed: true, value: v.slice(0, bound) };
      return none;
    }
    case 'invalid_value': {
      if (typeof v !== 'string') return none;
      const want = v.trim().toLowerCase().replace(/[\s-]+/g, '_');
      const match = issue.values.find((opt) => typeof opt === 'string' && opt.toLowerCase().replace(/[\s-]+/g, '_') === want);
      return match === undefined ? none : { changed: true, value: match };
    }
    default:
      return none;
  }
}

function structuredCloneSafe(v: unknown): unknown {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function getAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function setAt(root: unknown, path: readonly PropertyKey[], value: unknown): unknown {
  if (path.length === 0) return value;
  let cur = root as Record<PropertyKey, unknown>;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<PropertyKey, unknown>;
  cur[path[path.length - 1]] = value;
  return root;
}

// ---------------------------------------------------------------- counters

export interface TaskCount {
  ok: number;
  repaired: number;
  retried: number;
  failSafe: number;
  /** Model calls made by this task in all. */
  calls: number;
}

/** Per-task outcome counters, for `hamlet stats` and the page. */
export class TaskCounters {
  private readonly counts = new Map<string, TaskCount>();

  record(task: string, outcome: TaskOutcome, calls: number): void {
    const c = this.counts.get(task) ?? { ok: 0, repaired: 0, retried: 0, failSafe: 0, calls: 0 };
    if (outcome === 'fail-safe') c.failSafe++;
    else c[outcome]++;
    c.calls += calls;
    this.counts.set(task, c);
  }

  get(task: string): TaskCount {
    return { ...(this.counts.get(task) ?? { ok: 0, repaired: 0, retried: 0, failSafe: 0, calls: 0 }) };
  }

  /** All tasks, sorted by name. */
  snapshot(): Record<string, TaskCount> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v }]));
  }

  reset(): void {
    this.counts.clear();
  }
}

/** Process-wide counters that runTask updates unless given others. */
export const taskCounters = new TaskCounters();

