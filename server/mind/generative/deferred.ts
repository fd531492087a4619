/**
 * The deferred-result rule: model work started at step s whose result is used at a fixed later
 * step s + k, waiting there only if it has not arrived. The step the result lands at depends on
 * the steps alone, never on when the answer came, so the step log is the same whatever the
 * latency; meanwhile the town moves on and the calls of many steps overlap (a model server that
 * serves dozens of calls at once is kept busy instead of being asked one chain at a time).
 *
 * Rules for work that follows it (see the README's design notes):
 *   - everything the calls need is read at the start step (synchronously) and stored in the
 *     entry as plain JSON: the calls themselves are pure (task + input), so the background part
 *     never reads state that later steps change;
 *   - what depends on the answers (memories, plan changes, the next call) is applied at the due
 *     step, in agent order, from the entry's stored context and the answers;
 *   - a chain of calls is a chain of entries, each started when the previous one lands.
 * The entries live in the mind's scratch, so a snapshot holds the pending work: a resumed run
 * starts those calls again from their stored inputs (same task, agent, due step and prompt, so
 * a recorded run answers them from its record) and lands them at the same due steps.
 */
import { setMaxListeners } from 'node:events';
import type { AgentId } from '../../engine/types';
import type { Task, TaskResult } from '../../llm/task';

/** One piece of pending model work (plain JSON: it is part of the mind's snapshot). */
export interface DeferredEntry<C = unknown> {
  /** Unique among pending entries, e.g. "rate:a03:1234". */
  key: string;
  /** What lands it (the mind's applier for this kind). */
  kind: string;
  agentId: AgentId;
  startStep: number;
  /** The step at which the result is used (waited for if not there yet). */
  dueStep: number;
  /** The calls, run concurrently: a task name and its input each. */
  calls: { task: string; input: unknown }[];
  /** What landing needs besides the answers. */
  context: C;
}

/** Runs one typed task (the mind's concurrency-limited caller, tagged with agent and the due step); `signal` aborts it. */
export type DeferredCaller = (task: Task<unknown, unknown>, input: unknown, agentId: AgentId, step: number, signal: AbortSignal) => Promise<TaskResult<unknown>>;

export class DeferredWork {
  private readonly running = new Map<string, Promise<TaskResult<unknown>[]>>();
  /** Aborts the calls of this timeline (a restore or the end of the run leaves them unused). */
  private abort = unboundedController();

  /**
   * @param entries the scratch's pending entries (kept in place: started ones are pushed there)
   * @param tasks the tasks deferred work may use, by name (to restart entries of a snapshot)
   */
  constructor(
    private entries: DeferredEntry[],
    private readonly tasks: ReadonlyMap<string, Task<unknown, unknown>>,
    private readonly caller: DeferredCaller,
  ) {}

  /** Starts an entry's calls now; its result is taken at `entry.dueStep`. */
  start<C>(entry: DeferredEntry<C>): void {
    if (this.running.has(entry.key) || this.entries.some((e) => e.key === entry.key)) throw new Error(`deferred work "${entry.key}" is already pending`);
    if (entry.dueStep <= entry.startStep) throw new Error(`deferred work "${entry.key}" is due at step ${entry.dueStep}, not after its start ${entry.startStep}`);
    this.entries.push(entry as DeferredEntry);
    this.run(entry as DeferredEntry);
  }

  /** The pending entries due at or before `step`, in agent order, then start step, then key. */
  due(step: number): DeferredEntry[] {
    return this.entries
      .filter((e) => e.dueStep <= step)
      .sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : a.startStep - b.startStep || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }

  /** Waits for an entry's answers (in the order of its calls) and removes it from the pending work. */
  async take(entry: DeferredEntry): Promise<TaskResult<unknown>[]> {
    const results = await (this.running.get(entry.key) ?? this.run(entry));
    this.running.delete(entry.key);
    const i = this.entries.findIndex((e) => e.key === entry.key);
    if (i >= 0) this.entries.splice(i, 1);
    return results;
  }

  /** Whether an entry with this key is pending. */
  has(key: string): boolean {
    return this.entries.some((e) => e.key === key);
  }

  /** Pending entries (read-only; for tests and the inspector). */
  pending(): readonly DeferredEntry[] {
    return this.entries;
  }

  /**
   * Adopts the pending entries of a restored snapshot and starts their calls again from the
   * stored inputs (what was in flight in this process belongs to the abandoned timeline and is
   * dropped: its answers are never used).
   */
  restore(entries: DeferredEntry[]): void {
    this.abandon();
    this.entries = entries;
    for (const e of entries) this.run(e);
  }

  /**
   * Waits until every call in flight has answered (its answer recorded), leaving the entries
   * pending: a file finished now (a fork) holds in its record the answers its snapshot's pending
   * work needs, so continuing it is answered from the record as a resume of the parent would be.
   */
  async settle(): Promise<void> {
    await Promise.all([...this.running.values()].map((w) => w.catch(() => undefined)));
  }

  /**
   * Stops the calls in flight (the run ends: nobody will take them). The entries stay, as the
   * snapshot wrote them; a resumed run starts them again.
   */
  abandon(): void {
    this.abort.abort();
    this.abort = unboundedController();
    this.running.clear();
  }

  private run(entry: DeferredEntry): Promise<TaskResult<unknown>[]> {
    const work = Promise.all(
      entry.calls.map((c) => {
        const task = this.tasks.get(c.task);
        if (!task) throw new Error(`deferred work "${entry.key}" names an unknown task "${c.task}"`);
        // Tagged with the due step, the step the answer serves: a resume from a snapshot taken
        // while the call was pending takes the records of steps from the snapshot on, so the
        // restarted call is answered from its record (same task, agent, step and prompt).
        return this.caller(task, c.input, entry.agentId, entry.dueStep, this.abort.signal);
      }),
    );
    // Never an unhandled rejection while nobody waits (the caller itself never throws).
    work.catch(() => undefined);
    this.running.set(entry.key, work);
    return work;
  }
}

/**
 * The due step of work started at `step` that lands at least `minutes` of game time later (at
 * least one step later), on the next landing step: a multiple of `everyMinutes` of game time.
 * Landing on a common grid makes the results of many steps land together, so the town waits at
 * most once per landing step for all of them (and usually not at all: they were in long before).
 */
export function dueAfter(step: number, minutes: number, stepMs: number, everyMinutes: number): number {
  const earliest = step + Math.max(1, Math.round((minutes * 60_000) / stepMs));
  const every = Math.max(1, Math.round((everyMinutes * 60_000) / stepMs));
  return Math.ceil(earliest / every) * every;
}

/**
 * One controller aborts every deferred call in flight, and each call (its HTTP request) listens on
 * its signal: dozens at a time on a busy town are expected, not a leak, so Node's warning past ten
 * listeners (printed on stderr) is turned off for this signal.
 */
function unboundedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
