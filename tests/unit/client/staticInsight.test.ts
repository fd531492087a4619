/**
 * The static site's inspector as of a step: only memories made before the shown step count
 * (recent memories, reflections with the sources then held, what they know, conversations).
 */
import { describe, expect, it } from 'vitest';
import { insightAsOf } from '../../../client/src/net/staticInsight';
import type { StaticAgent, StaticMemory } from '../../../server/net/staticRun';

const memory = (id: number, step: number, extra: Partial<StaticMemory> = {}): StaticMemory => ({
  id,
  type: 'event',
  step,
  created: 1_000 * step,
  description: `memory ${id}`,
  importance: 3,
  predicate: 'is',
  evidence: [],
  ...extra,
});

const agent: StaticAgent = {
  persona: { name: 'Ada Ash', age: 30, traits: 'kind', occupation: 'baker', background: '', currently: '', lifestyle: '' },
  memories: [
    memory(1, 0, { type: 'thought', predicate: 'knows', description: 'Ada knows Ben' }),
    memory(2, 10),
    memory(3, 20, { type: 'chat', transcript: [{ speaker: 'ben', text: 'hi', step: 18 }, { speaker: 'ada', text: 'hello', step: 19 }] }),
    memory(4, 30, { type: 'thought', evidence: [2, 3], description: 'Ben is friendly' }),
    memory(5, 40, { type: 'thought', evidence: [2, 5], description: 'later reflection' }),
  ],
};

describe('insightAsOf', () => {
  it('shows only what was made before the shown step, newest first', () => {
    expect(insightAsOf(agent, 'ada', 0).memories).toEqual([]);
    const at30 = insightAsOf(agent, 'ada', 30);
    expect(at30.memories.map((m) => m.id)).toEqual([3, 2, 1]);
    expect(at30.reflections).toEqual([]);
    expect(at30.known).toEqual([{ id: 1, description: 'Ada knows Ben', importance: 3 }]);
    expect(at30.conversations).toEqual([{ id: 'c18-ben', with: 'ben', startStep: 18, lines: [{ speaker: 'ben', text: 'hi' }, { speaker: 'ada', text: 'hello' }], summary: 'memory 3' }]);

    const at31 = insightAsOf(agent, 'ada', 31);
    expect(at31.memories.map((m) => m.id)).toEqual([4, 3, 2, 1]);
    expect(at31.reflections).toMatchObject([{ id: 4, description: 'Ben is friendly', evidence: [2, 3], sources: [{ id: 2 }, { id: 3 }] }]);
    expect(insightAsOf(agent, 'ada', 100).reflections.map((r) => r.id)).toEqual([5, 4]);
    expect(at31.persona.name).toBe('Ada Ash');
    expect(at31.plan).toEqual([]);
  });
});
