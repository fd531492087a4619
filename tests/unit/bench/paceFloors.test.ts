import { describe, expect, it } from 'vitest';
import { causalChain, fewestWaits, type CallSpan } from '../../bench/paceFloors';

/** A call of `agent` started at step `step` and used at `due` (wall times do not matter here). */
const call = (agent: string, task: string, step: number, due = step): CallSpan => ({ agent, task, step, due, start: 0, end: 0 });

describe('fewestWaits (lockstep floor)', () => {
  it('counts one wait for calls used in the same step, and one per step otherwise', () => {
    expect(fewestWaits([call('a', 'speakLines', 10), call('b', 'speakLines', 10)])).toBe(1);
    expect(fewestWaits([call('a', 'speakLines', 10), call('a', 'speakLines', 12)])).toBe(2);
  });

  it('lets a wait cover deferred calls started before it and due at or after it', () => {
    // A rating started at 5 for step 30 is in by then if the town waited at 10 for a talk.
    expect(fewestWaits([call('a', 'rateImportance', 5, 30), call('b', 'speakLines', 10)])).toBe(1);
    // Started after the talk's wait: nothing covers it, the town waits at 30.
    expect(fewestWaits([call('a', 'rateImportance', 11, 30), call('b', 'speakLines', 10)])).toBe(2);
    // Started in the very step that waits: counted as covered (it may start before that step's
    // wait), so the floor never counts a wait a schedule might not need.
    expect(fewestWaits([call('a', 'rateImportance', 10, 30), call('b', 'speakLines', 10)])).toBe(1);
  });

  it('places waits as late as possible (the fewest for overlapping deferred calls)', () => {
    // Four overlapping windows: one wait at step 20 covers them all.
    const calls = [call('a', 'react', 1, 20), call('b', 'react', 3, 24), call('c', 'rateImportance', 7, 30), call('d', 'closeConversation', 19, 25)];
    expect(fewestWaits(calls)).toBe(1);
  });
});

describe('causalChain (any schedule floor)', () => {
  it('chains a conversation: the next lines need the last, the closing the talk, the rating the closing', () => {
    const calls = [
      call('a', 'react', 0, 6),
      call('a', 'speakLines', 7),
      call('a', 'speakLines', 9),
      call('a', 'closeConversation', 10, 30),
      call('a', 'rateImportance', 30, 60),
      call('a', 'react', 61, 66),
    ];
    expect(causalChain(calls).map((c) => `${c.task}@${c.step}`)).toEqual(['react@0', 'speakLines@7', 'speakLines@9', 'closeConversation@10', 'rateImportance@30', 'react@61']);
  });

  it('does not chain calls whose earlier result had not landed, other agents, or ratings of unrelated memories', () => {
    // The closing started at 10 lands at 30: a react started at 20 cannot have read it.
    expect(causalChain([call('a', 'closeConversation', 10, 30), call('a', 'react', 20, 24)])).toHaveLength(1);
    // Another agent's results are not counted (a lower bound: partners' memories are left out).
    expect(causalChain([call('a', 'speakLines', 7), call('b', 'speakLines', 9)])).toHaveLength(1);
    // A rating started when a react landed rates new observations, not what the react decided.
    expect(causalChain([call('a', 'react', 0, 6), call('a', 'rateImportance', 6, 36)])).toHaveLength(1);
    // Calls of the same step run at once.
    expect(causalChain([call('a', 'speakLines', 7), call('a', 'reflectQuestions', 7, 37)])).toHaveLength(1);
  });
});
