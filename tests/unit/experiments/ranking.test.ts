/**
 * The model judge ranks the conditions' believability answers and openskill rates the conditions;
 * the CSV for human raters quotes what needs quoting.
 */
import { describe, expect, it } from 'vitest';
import type { AgentId } from '../../../server/engine/types';
import { believabilityCsv, rankConditions, type BelievabilityAnswer } from '../../../server/experiments/interviews';
import { ScriptedModel } from '../../support/scriptedModel';
import { createTownScriptModel } from '../../support/townScript';

const ann = 'ann' as AgentId;
const bob = 'bob' as AgentId;

function answers(): BelievabilityAnswer[] {
  // The scripted judge prefers the longer answer: full > no-reflection > persona only, every time.
  const said: Record<string, string> = { none: 'I am Ann, I run the bakery and I am planning a party on Saturday.', 'no-reflection': 'I am Ann and I run the bakery.', 'no-observation-reflection-planning': 'I am Ann.' };
  return [ann, bob].flatMap((agentId) =>
    ['Give an introduction of yourself.', 'What will you be doing at 10 am tomorrow?'].flatMap((question) =>
      Object.entries(said).map(([condition, answer]) => ({ condition, run: 0, agentId, category: 'self-knowledge' as const, question, answer })),
    ),
  );
}

describe('ranking the conditions', () => {
  it('orders the conditions by the judge, one comparison per agent and question', async () => {
    const judge = createTownScriptModel();
    const ranking = await rankConditions(judge, answers(), new Map([[ann, 'Ann A'], [bob, 'Bob B']]));
    expect(ranking.map((r) => r.condition)).toEqual(['none', 'no-reflection', 'no-observation-reflection-planning']);
    expect(ranking[0].matches).toBe(4);
    expect(ranking[0].mu).toBeGreaterThan(ranking[1].mu);
    expect(judge.callsFor('rankAnswers')).toHaveLength(4);
  });

  it('leaves out what the judge could not rank, and needs two conditions', async () => {
    const silent = new ScriptedModel({ respond: () => 'I cannot decide.' });
    const ranking = await rankConditions(silent, answers(), new Map());
    expect(ranking.every((r) => r.matches === 0 && r.mu === 25)).toBe(true);
    expect(await rankConditions(silent, answers().filter((a) => a.condition === 'none'), new Map())).toEqual([]);
  });

  it('exports the answers as CSV', () => {
    const csv = believabilityCsv([{ condition: 'none', run: 0, agentId: ann, category: 'memory', question: 'Who is Bob?', answer: 'My brother, "Bobby", a baker.' }]);
    expect(csv).toBe('condition,run,agent,category,question,answer\nnone,0,ann,memory,Who is Bob?,"My brother, ""Bobby"", a baker."\n');
  });
});
