/**
 * Every metric on a synthetic run record whose answers are known by construction: three people
 * (Ann knows a party from her persona and tells Bob in a conversation at step 30; Cy never hears
 * of it), one gathering place, a handful of model calls.
 */
import { describe, expect, it } from 'vitest';
import type { AgentId, ConversationId, StepDelta } from '../../../server/engine/types';
import { activityPerDay, attendance, costPerAgentHour, density, diffusionCurve, edgesOf, factProvenance, knownByMemory, type FactJudgment, type RecordMemory, type RunRecord } from '../../../server/experiments/metrics';
import { mentionsFact } from '../../../server/experiments/scenario';

const ann = 'ann' as AgentId;
const bob = 'bob' as AgentId;
const cy = 'cy' as AgentId;
const STEP_MS = 10_000;
const START = Date.UTC(2026, 1, 13, 6);
const PARTY = [['party'], ['valentine', 'willow']];

const memories: RecordMemory[] = [
  { id: 1, agentId: ann, type: 'thought', step: 0, subject: 'Ann A', predicate: 'knows', object: '', description: 'I am throwing a Valentine party at Willow Cafe.' },
  { id: 2, agentId: ann, type: 'thought', step: 0, subject: 'Ann A', predicate: 'knows', object: '', description: 'Bob B is my brother.' },
  { id: 3, agentId: bob, type: 'event', step: 10, subject: 'Bob B', predicate: 'is', object: '', description: 'Bob B is reading the paper.' },
  { id: 4, agentId: bob, type: 'chat', step: 30, subject: 'Bob B', predicate: 'talked with', object: 'Ann A', description: 'Bob and Ann chatted about the weather.', transcript: 'Ann A: Come to my Valentine party!\nBob B: Sure.' },
  { id: 5, agentId: ann, type: 'chat', step: 30, subject: 'Ann A', predicate: 'talked with', object: 'Bob B', description: 'Ann told Bob about the party at Willow Cafe.' },
  { id: 6, agentId: cy, type: 'thought', step: 8700, subject: 'Cy C', predicate: 'reflects', object: 'q', description: 'Cy C notices that the park is quiet.' },
  { id: 9, agentId: cy, type: 'plan', step: 35, subject: 'Cy C', predicate: 'plans', object: '', description: "Cy's plan: a coffee at Willow Cafe, then a party game with the kids." },
  { id: 7, agentId: cy, type: 'event', step: 40, subject: 'Cy C', predicate: 'is', object: '', description: 'A party flyer lies on the floor.' },
];

function deltas(): StepDelta[] {
  const out: StepDelta[] = [];
  for (let step = 0; step < 8640 * 2; step++) {
    const d: StepDelta = { step, time: START + (step + 1) * STEP_MS };
    if (step === 20) d.conversationsStarted = [{ id: 'c1' as ConversationId, participants: [ann, bob] }];
    if (step === 8700) d.conversationsStarted = [{ id: 'c2' as ConversationId, participants: [bob, cy] }];
    // The gathering: 2026-02-14 17:00–21:00 = steps 12,600–14,039. Ann walks in at step 12,700 and
    // leaves at 12,800; Cy walks in at the first step after the window.
    if (step === 12_700) d.agents = [{ id: ann, x: 5, y: 5 }];
    if (step === 12_800) d.agents = [{ id: ann, x: 0, y: 0 }];
    if (step === 14_040) d.agents = [{ id: cy, x: 6, y: 5 }];
    out.push(d);
  }
  return out;
}

const record: RunRecord = {
  agents: [
    { id: ann, name: 'Ann A', knows: [bob] },
    { id: bob, name: 'Bob B', knows: [ann] },
    { id: cy, name: 'Cy C', knows: [] },
  ],
  startTime: START,
  stepMs: STEP_MS,
  steps: 8640 * 2,
  startTiles: { [ann]: { x: 0, y: 0 }, [bob]: { x: 1, y: 1 }, [cy]: { x: 2, y: 2 } },
  deltas: deltas(),
  memories,
  calls: [
    { task: 'planDay', agentId: ann, step: 0, tokensIn: 300, tokensOut: 100 },
    { task: 'speak', agentId: bob, step: 400, tokensIn: 150, tokensOut: 50 },
    { task: 'react', agentId: bob, step: 400, tokensIn: 100, tokensOut: 0 },
    { task: 'answerInterview', agentId: cy, step: 500, tokensIn: 999, tokensOut: 999 },
    { task: 'rateImportance', agentId: null, step: 8640, tokensIn: 80, tokensOut: 20 },
  ],
};

describe('fact mentions', () => {
  it('needs a word of every group, at a word start', () => {
    expect(mentionsFact('A Valentine party!', PARTY)).toBe(true);
    expect(mentionsFact('a party', PARTY)).toBe(false);
    expect(mentionsFact('the third-party willow', PARTY)).toBe(true);
    expect(mentionsFact('counterparty at willow', PARTY)).toBe(false);
    // Within one clause: a day plan listing two things is not the fact.
    const candidacy = [['emmanuel'], ['mayor', 'election']];
    expect(mentionsFact('breakfast with Emmanuel; preparing the election rolls', candidacy)).toBe(false);
    expect(mentionsFact('Lunch. Emmanuel said he runs for mayor!', candidacy)).toBe(true);
    expect(mentionsFact('I decided to run for mayor', candidacy, 'Emmanuel Okafor')).toBe(true);
  });
});

describe('diffusion', () => {
  it('finds who knows by memory, with provenance: persona, conversation (from whom), observation', () => {
    const prov = factProvenance(record, PARTY);
    expect(prov.get(ann)).toMatchObject({ memoryId: 1, step: 0, kind: 'persona' });
    // Bob's chat summary does not mention it, its transcript does.
    expect(prov.get(bob)).toMatchObject({ memoryId: 4, step: 30, kind: 'conversation', from: 'Ann A' });
    // Cy saw a party flyer, but nothing names Valentine or Willow; a day plan does not count: not known.
    expect(prov.has(cy)).toBe(false);
    expect(factProvenance(record, PARTY, 29).size).toBe(1);
    // The source speaks of itself in the first person: its own memories name it.
    const annsParty = [['ann'], ['party']];
    expect(factProvenance(record, annsParty).get(ann)).toMatchObject({ memoryId: 5, kind: 'conversation', from: 'Bob B' });
    expect(factProvenance(record, annsParty, undefined, ann).get(ann)).toMatchObject({ memoryId: 1, kind: 'persona' });
    expect(factProvenance(record, annsParty, undefined, ann).get(bob)).toMatchObject({ memoryId: 4, kind: 'conversation' });
  });

  it('counts knowers over time by memory and by the judged interviews made at each step', () => {
    const judgments: FactJudgment[] = [
      { factId: 'party', agentId: ann, step: 1, answer: 'yes', knows: true, judge: 'model' },
      { factId: 'party', agentId: bob, step: 1, answer: 'no', knows: false, judge: 'model' },
      { factId: 'party', agentId: cy, step: 1, answer: 'no', knows: false, judge: 'model' },
      { factId: 'party', agentId: ann, step: 360, answer: 'yes', knows: true, judge: 'model' },
      { factId: 'party', agentId: bob, step: 360, answer: 'yes', knows: true, judge: 'words' },
      { factId: 'party', agentId: cy, step: 360, answer: 'yes, I saw a flyer', knows: true, judge: 'model' },
    ];
    const curve = diffusionCurve(record, 'party', PARTY, [1, 360, 720], judgments);
    expect(curve.map((p) => [p.hour, p.byInterview, p.byMemory, p.agents])).toEqual([
      [1 / 360, 1, 1, 3],
      [1, 3, 2, 3],
      [2, null, 2, 3],
    ]);
  });
});

describe('relationships', () => {
  it('joins a pair when either knows the other, by persona, conversation or a memory naming them', () => {
    expect(edgesOf(knownByMemory(record, 0))).toEqual([{ a: ann, b: bob }]);
    expect(density(1, 3)).toBeCloseTo(1 / 3);
    // Cy talked with nobody by step 8700 in memory, but a delta conversation is not memory; add one:
    const later = { ...record, memories: [...memories, { id: 8, agentId: cy, type: 'chat' as const, step: 8701, subject: 'Cy C', predicate: 'talked with', object: 'Bob B', description: 'Cy and Bob talked.' }] };
    expect(edgesOf(knownByMemory(later))).toEqual([{ a: ann, b: bob }, { a: bob, b: cy }]);
    expect(density(edgesOf(knownByMemory(later)).length, 3)).toBeCloseTo(2 / 3);
    expect(density(0, 1)).toBe(0);
  });
});

describe('attendance', () => {
  it('counts who stands at the place during the window and who of them was invited', () => {
    const placeOf = (x: number, y: number) => (x >= 5 && y >= 5 ? 'Willow Cafe:floor' : x === 0 && y === 0 ? 'Home' : null);
    const a = attendance(record, 'Willow Cafe', Date.UTC(2026, 1, 14, 17), Date.UTC(2026, 1, 14, 21), placeOf, [ann, bob]);
    expect(a.attendees).toEqual([ann]);
    expect(a.invited).toEqual([ann, bob]);
    expect(a.invitedAttending).toEqual([ann]);
    // A later window sees Cy only (from step 14,040 on).
    expect(attendance(record, 'Willow Cafe', Date.UTC(2026, 1, 14, 21), Date.UTC(2026, 1, 14, 22), placeOf, []).attendees).toEqual([cy]);
  });
});

describe('activity and cost', () => {
  it('counts conversations and reflections per agent per game day', () => {
    const rows = activityPerDay(record);
    const get = (id: AgentId, day: number) => rows.find((r) => r.agentId === id && r.day === day);
    expect(get(ann, 0)).toMatchObject({ conversations: 1, reflections: 0 });
    expect(get(bob, 0)).toMatchObject({ conversations: 1 });
    expect(get(bob, 1)).toMatchObject({ conversations: 1 });
    expect(get(cy, 1)).toMatchObject({ conversations: 1, reflections: 1 });
    expect(get(cy, 0)).toMatchObject({ conversations: 0, reflections: 0 });
  });

  it('gives calls and tokens per agent per game hour, leaving the measuring interviews out', () => {
    const cost = costPerAgentHour(record);
    // 4 calls, 800 tokens, 3 agents, 48 hours.
    expect(cost.callsPerAgentHour).toBeCloseTo(4 / 3 / 48);
    expect(cost.tokensPerAgentHour).toBeCloseTo(800 / 3 / 48);
    expect(cost.perAgent.find((a) => a.agentId === bob)).toMatchObject({ calls: 2, tokens: 300 });
    expect(cost.perAgent.find((a) => a.agentId === cy)).toMatchObject({ calls: 0, tokens: 0 });
    expect(cost.perHour).toHaveLength(48);
    expect(cost.perHour[0]).toEqual({ hour: 0, callsPerAgent: 1 / 3, tokensPerAgent: 400 / 3 });
    expect(cost.perHour[1]).toEqual({ hour: 1, callsPerAgent: 2 / 3, tokensPerAgent: 100 });
    expect(cost.perHour[24]).toEqual({ hour: 24, callsPerAgent: 1 / 3, tokensPerAgent: 100 / 3 });
  });
});
