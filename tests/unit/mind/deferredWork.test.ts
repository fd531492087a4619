import { describe, expect, it } from 'vitest';
import type { Task, TaskResult } from '../../../server/llm/task';
import { DeferredWork, type DeferredCaller, type DeferredEntry } from '../../../server/mind/generative/deferred';

const echo = { name: 'echo' } as unknown as Task<unknown, unknown>;
const tasks = new Map([['echo', echo]]);

/** A caller whose answers arrive when the test says so; it counts the calls and keeps their signals. */
function controlledCaller() {
  const waiting: { input: unknown; step: number; signal: AbortSignal; answer: (v: unknown) => void }[] = [];
  const caller: DeferredCaller = (_task, input, _agentId, step, signal) =>
    new Promise<TaskResult<unknown>>((resolve) => {
      waiting.push({ input, step, signal, answer: (value) => resolve({ value, outcome: 'ok', attempts: 1, usage: { inputTokens: 0, outputTokens: 0 }, problems: [] }) });
    });
  return { caller, waiting };
}

function entry(key: string, agentId: string, startStep: number, dueStep: number, inputs: unknown[] = [key]): DeferredEntry {
  return { key, kind: 'test', agentId: agentId as DeferredEntry['agentId'], startStep, dueStep, calls: inputs.map((input) => ({ task: 'echo', input })), context: { note: key } };
}

describe('DeferredWork', () => {
  it('starts calls at once, tags them with the due step, and hands the answers over at the due step in agent order', async () => {
    const { caller, waiting } = controlledCaller();
    const entries: DeferredEntry[] = [];
    const work = new DeferredWork(entries, tasks, caller);
    work.start(entry('b1', 'bob', 3, 10));
    work.start(entry('a1', 'ada', 5, 10, ['x', 'y']));
    work.start(entry('a2', 'ada', 6, 20));
    expect(waiting.map((w) => w.step)).toEqual([10, 10, 10, 20]);
    expect(entries.map((e) => e.key)).toEqual(['b1', 'a1', 'a2']); // the scratch's list holds the pending work
    expect(work.due(9)).toEqual([]);
    expect(work.due(10).map((e) => e.key)).toEqual(['a1', 'b1']);
    // Answers arrive in any order; take waits for them and gives them in the order of the calls.
    const taken = work.take(work.due(10)[0]);
    waiting[2].answer('Y');
    waiting[1].answer('X');
    expect((await taken).map((r) => r.value)).toEqual(['X', 'Y']);
    expect(work.has('a1')).toBe(false);
    expect(entries.map((e) => e.key)).toEqual(['b1', 'a2']);
  });

  it('refuses a second entry with the same key and one not due after its start, naming it', () => {
    const work = new DeferredWork([], tasks, controlledCaller().caller);
    work.start(entry('k', 'ada', 1, 2));
    expect(() => work.start(entry('k', 'ada', 1, 3))).toThrow(/"k" is already pending/);
    expect(() => work.start(entry('late', 'ada', 5, 5))).toThrow(/"late" is due at step 5, not after its start 5/);
    expect(() => work.start({ ...entry('odd', 'ada', 1, 2), calls: [{ task: 'nope', input: 1 }] })).toThrow(/unknown task "nope"/);
  });

  it('restarts the pending entries of a snapshot from their stored inputs, and aborts the abandoned timeline', async () => {
    const first = controlledCaller();
    const work = new DeferredWork([], tasks, first.caller);
    work.start(entry('a', 'ada', 1, 30));
    const snapshot = structuredClone(work.pending()) as DeferredEntry[];
    const again = controlledCaller();
    const resumed = new DeferredWork([], tasks, again.caller);
    resumed.restore(snapshot);
    expect(again.waiting.map((w) => [w.input, w.step])).toEqual([['a', 30]]);
    again.waiting[0].answer('A');
    expect((await resumed.take(resumed.due(30)[0])).map((r) => r.value)).toEqual(['A']);
    // abandon (the run stops) aborts what is in flight but keeps the entries for the snapshot.
    work.abandon();
    expect(first.waiting[0].signal.aborted).toBe(true);
    expect(work.pending().map((e) => e.key)).toEqual(['a']);
  });
});
