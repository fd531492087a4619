/**
 * The two floors under a measured hour of model calls (pace.bench.ts): how few latencies a
 * lockstep town must wait for the calls' start and due steps, and the longest chain of calls
 * each needing the one before, which no schedule making the same step log can beat. Pure
 * functions of the calls' spans, kept apart from the benchmark so a unit test checks them.
 */

import { closeConversationTask, decomposeBlockTask, planDayTask, rateImportanceTask, reactTask, reflectInsightsTask, reflectQuestionsTask, speakLinesTask, speakTask } from '../../server/mind/tasks/index';

/** One model call of the measured hour. */
export interface CallSpan {
  /** The step that started the call. */
  step: number;
  /** The step its answer is used at (the call's tag: its start step, or a deferred result's due step). */
  due: number;
  agent: string;
  task: string;
  start: number;
  end: number;
}

/**
 * Tasks whose input is built from the agent's own memories (retrieval), plan or conversation as
 * they are when the call starts: such a call needs every result of that agent that landed before.
 */
const READS_THE_MIND = new Set<string>([reactTask, speakTask, speakLinesTask, closeConversationTask, decomposeBlockTask, reflectQuestionsTask, reflectInsightsTask, planDayTask].map((t) => t.name));
/** Tasks whose landing makes memories that are then rated (rateImportance started at the landing step). */
const MAKES_RATED_MEMORIES = new Set<string>([closeConversationTask.name, reflectInsightsTask.name]);

/** Whether `call` cannot start before `earlier` has answered (same agent; see causalChain). */
export function needs(call: CallSpan, earlier: CallSpan): boolean {
  if (call.agent !== earlier.agent || earlier.step >= call.step) return false;
  if (READS_THE_MIND.has(call.task)) return earlier.due <= call.step;
  return call.task === rateImportanceTask.name && MAKES_RATED_MEMORIES.has(earlier.task) && earlier.due === call.step;
}

/**
 * The longest chain of calls in which each needs the one before: a call whose input is read
 * from the agent's memories, plan or conversation needs every call of that agent whose result
 * had landed by then (a conversation's next lines need the last ones, its closing needs the
 * talk, a reflection's insights its questions); a rating needs the closing or insights whose
 * memories it rates. Only one agent's own results count (a partner's memories in speakLines
 * do not), so this is a lower bound: no schedule that makes the same step log, lockstep or
 * not, can finish the hour in fewer latencies than this chain is long.
 */
export function causalChain(spans: CallSpan[]): CallSpan[] {
  const calls = [...spans].sort((a, b) => a.step - b.step);
  const best: number[] = [];
  const before: number[] = [];
  let end = -1;
  for (let i = 0; i < calls.length; i++) {
    let b = 1;
    let from = -1;
    for (let j = 0; j < i && calls[j].step < calls[i].step; j++) {
      if (best[j] + 1 > b && needs(calls[i], calls[j])) {
        b = best[j] + 1;
        from = j;
      }
    }
    best.push(b);
    before.push(from);
    if (end < 0 || b > best[end]) end = i;
  }
  const chain: CallSpan[] = [];
  for (let i = end; i >= 0; i = before[i]) chain.unshift(calls[i]);
  return chain;
}

/**
 * The fewest steps a lockstep town must wait at for these calls. Each call, started at its step
 * and used at its due step, must be waited for at some step in between: a wait at a step covers
 * the calls started at or before it and due at or after it. Placing each wait as late as possible
 * (at the earliest due step not yet covered) gives the fewest. A wait is for a call started after
 * the wait before it, and steps without a wait take no time, so each costs a latency: the
 * lockstep wall time is at least this many latencies.
 */
export function fewestWaits(spans: CallSpan[]): number {
  const calls = [...spans].sort((a, b) => a.due - b.due);
  let waits = 0;
  let last = -1;
  for (const c of calls) {
    // A call started in the waiting step itself counts as covered (it may have started before
    // that step's wait, in an earlier phase): that can only make the floor lower, never higher.
    const covered = last >= 0 && c.step <= last && c.due >= last;
    if (covered) continue;
    last = c.due;
    waits++;
  }
  return waits;
}
