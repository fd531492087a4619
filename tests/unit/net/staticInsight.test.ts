/**
 * The static site's inspector as of a step (server/net/staticInsight.ts, bundled into the page):
 * only memories made before the shown step count, and the plan comes from the person's plan
 * history as `hamlet replay` takes it (a snapshot's plan, or a later change from the plan log).
 * That it equals replay's view on real runs is tested in tests/integration/net/timeTravel.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { expandPlanHistory, packPlanHistory, staticInsightAsOf } from '../../../server/net/staticInsight';
import type { StaticAgent, StaticMemory } from '../../../server/net/staticRun';
import type { PlanHistory } from '../../../server/net/timeTravel';
import type { DayPlan } from '../../../server/mind/generative/scratch';

const memory = (id: number, step: number, extra: Partial<StaticMemory> = {}): StaticMemory => ({
  id,
  type: 'event',
  step,
  created: 1_000 * step,
  description: `memory ${id}`,
  importance: 3,
  predicate: 'is',
  object: 'idle',
  evidence: [],
  ...extra,
});

const DAY = Date.UTC(2026, 1, 13);
const dayPlan = (activity: string): DayPlan => ({
  day: DAY,
  blocks: [{ start: 0, end: 1440, activity }],
  chunks: [{ start: 0, end: 1440, version: 0 }],
}) as unknown as DayPlan;

const agent: StaticAgent = {
  id: 'ada',
  persona: { name: 'Ada Ash', age: 30, traits: 'kind', occupation: 'baker', background: '', currently: 'baking', lifestyle: '' },
  memories: [
    memory(1, 0, { type: 'thought', predicate: 'knows', description: 'Ada knows Ben' }),
    memory(2, 10),
    memory(3, 20, { type: 'chat', transcript: [{ speaker: 'ben', text: 'hi', step: 18 }, { speaker: 'ada', text: 'hello', step: 19 }] }),
    memory(4, 30, { type: 'thought', evidence: [2, 3], description: 'Ben is friendly' }),
    memory(5, 40, { type: 'thought', evidence: [2, 5], description: 'later reflection' }),
  ],
};

describe('staticInsightAsOf', () => {
  it('shows only what was made before the shown step, newest first', () => {
    expect(staticInsightAsOf(agent, 0, DAY).memories).toEqual([]);
    const at30 = staticInsightAsOf(agent, 30, DAY);
    expect(at30.memories.map((m) => m.id)).toEqual([3, 2, 1]);
    expect(at30.reflections).toEqual([]);
    expect(at30.known).toEqual([{ id: 1, description: 'Ada knows Ben', importance: 3 }]);
    expect(at30.conversations).toEqual([{ id: 'c18-ben', with: 'ben', startStep: 18, lines: [{ speaker: 'ben', text: 'hi' }, { speaker: 'ada', text: 'hello' }], summary: 'memory 3' }]);

    const at31 = staticInsightAsOf(agent, 31, DAY);
    expect(at31.memories.map((m) => m.id)).toEqual([4, 3, 2, 1]);
    expect(at31.reflections).toMatchObject([{ id: 4, description: 'Ben is friendly', evidence: [2, 3], sources: [{ id: 2 }, { id: 3 }] }]);
    expect(staticInsightAsOf(agent, 100, DAY).reflections.map((r) => r.id)).toEqual([5, 4]);
    expect(at31.persona.name).toBe('Ada Ash');
    expect(at31.plan).toEqual([]);
  });

  it('takes the plan as replay does: the snapshot’s, or the plan log’s latest change before the step; a snapshot equal to the log and a repeated piece are stored once', () => {
    const history: PlanHistory = {
      snapshots: [
        { step: 0, scratch: { currently: 'waking', plan: dayPlan('sleeping') } },
        { step: 100, scratch: { currently: 'at work', plan: dayPlan('baking bread'), fallbackImportance: [2] } },
      ],
      log: [
        { step: 50, entry: { currently: 'at work', plan: dayPlan('baking bread') } },
        { step: 150, entry: { currently: 'resting', plan: dayPlan('reading') } },
      ],
    };
    const packed = packPlanHistory(history);
    expect(packed.snapshots[1]).toEqual({ step: 100, fromLog: true, fallbackImportance: [2] });
    // Pieces are stored once: the three plans share one piece (same times, same version).
    expect(packed.chunks).toHaveLength(1);
    expect(expandPlanHistory(packed)).toEqual(history);
    const withPlans = { ...agent, plans: packed };
    const planAt = (step: number) => staticInsightAsOf(withPlans, step, DAY + 600_000).plan.map((p) => p.description);
    expect(planAt(0)).toEqual(['sleeping']);
    expect(planAt(50)).toEqual(['sleeping']); // the change at step 50 holds from step 51 on
    expect(planAt(51)).toEqual(['baking bread']);
    expect(planAt(120)).toEqual(['baking bread']);
    expect(planAt(151)).toEqual(['reading']);
    expect(staticInsightAsOf(withPlans, 151, DAY).persona.currently).toBe('resting');
    // Fail-safe importance marks come from the snapshot.
    expect(staticInsightAsOf(withPlans, 120, DAY).memories.find((m) => m.id === 2)).toMatchObject({ fallback: true });
  });
});
