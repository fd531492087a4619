import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { memoryRows, openGenerativeTown, steps } from './helpers';
import { asAgentId } from '../../../server/engine/ids';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

describe('injected events, announcements and whispers reach the generative mind', () => {
  it('a town-wide announcement reaches everyone (those asleep when they wake up) and becomes a memory', async () => {
    const town = await openGenerativeTown({ ...files, startTime: '2026-02-13T06:55' });
    await steps(town, 3);
    expect(town.sim.state.agents.every((a) => a.sleeping)).toBe(true);
    town.sim.enqueue({ kind: 'announcement', text: 'The mayor declares Saturday a holiday' });
    // They wake at 07:00; new events are rated in a batch within 20 game minutes, and the rating
    // lands (is stored) 5 game minutes later on the next 5-minute landing step (a deferred result).
    await steps(town, 260);
    for (const id of ['ada-ash', 'ben-ash', 'cleo-birch', 'dev-birch']) {
      const heard = memoryRows(town.store.db, id).filter((m) => m.description === 'The mayor declares Saturday a holiday');
      expect(heard.map((m) => m.type), id).toEqual(['event']);
    }
  });

  it('an important whisper becomes a thought and appears in the next planning prompt', async () => {
    const town = await openGenerativeTown({ ...files, startTime: '2026-02-13T23:40' });
    const llm = town.llm as ScriptedModel;
    await steps(town, 2);
    town.sim.enqueue({ kind: 'whisper', agentId: asAgentId('ada-ash'), text: 'You want to throw a party on Saturday at 5pm' });
    const heardAt = (await town.sim.step()).step;
    const thought = memoryRows(town.store.db, 'ada-ash').find((m) => m.type === 'thought' && m.step === heardAt);
    expect(thought?.description).toBe('Ada wants to throw a party on Saturday at 5pm');
    expect(thought!.importance).toBeGreaterThanOrEqual(5);
    const plansBefore = llm.callsFor('planDay').length;
    await steps(town, 120); // past midnight: the next day plan
    const plans = llm.callsFor('planDay').slice(plansBefore);
    const adas = plans.filter((r) => r.tag?.agentId === 'ada-ash');
    expect(adas).toHaveLength(1);
    expect(ScriptedModel.promptText(adas[0])).toContain("On your mind (make room for it in today's plan):\n- Ada wants to throw a party on Saturday at 5pm");
    // Only once, and only for her.
    for (const other of plans.filter((r) => r.tag?.agentId !== 'ada-ash')) expect(ScriptedModel.promptText(other)).not.toContain('On your mind');
    expect(town.mind.scratchOf(asAgentId('ada-ash'))?.onMind).toBeUndefined();
  });
});

describe('interviews', () => {
  it('stream the same text as the final answer, report the memories with their score components, and touch nothing', async () => {
    const town = await openGenerativeTown({ ...files });
    await steps(town, 20);
    const before = memoryRows(town.store.db).map((m) => [m.id, m.last_accessed]);
    let streamed = '';
    let memoriesFirst: number | null = null;
    const answer = await town.mind.interview(asAgentId('ada-ash'), 'What do you like about Corner Cafe coffee?', [], undefined, 'A visitor', {
      onMemories: (m) => (memoriesFirst = streamed.length === 0 ? m.length : -1),
      onText: (piece) => (streamed += piece),
    });
    expect(answer.outcome).toBe('ok');
    expect(answer.answer).toContain('coffee at Corner Cafe');
    expect(streamed).toBe(answer.answer);
    expect(memoriesFirst).toBe(answer.memories.length); // memories come before the first token ("thinking")
    const m = answer.memories[0];
    expect(m.score).toBeGreaterThan(0);
    for (const k of ['recency', 'relevance', 'importanceScore'] as const) expect(m[k]).toBeGreaterThanOrEqual(0);
    // The prompt holds the retrieved memories.
    const llm = town.llm as ScriptedModel;
    expect(ScriptedModel.promptText(llm.callsFor('answerInterview')[0])).toContain('Ada Ash likes the coffee at Corner Cafe.');
    const follow = await town.mind.interview(asAgentId('ada-ash'), 'And the tea?', [{ question: 'What do you like about Corner Cafe coffee?', answer: answer.answer }]);
    expect(follow.outcome).not.toBe('fail-safe');
    expect(ScriptedModel.promptText(llm.callsFor('answerInterview')[1])).toContain('Earlier in this conversation:\nQ: What do you like about Corner Cafe coffee?');
    expect(memoryRows(town.store.db).map((m) => [m.id, m.last_accessed])).toEqual(before);
  });

  it('"let them remember this": a recorded remember input becomes a rated conversation memory, no model call but the rating', async () => {
    const town = await openGenerativeTown({ ...files });
    await steps(town, 5);
    town.sim.enqueue({ kind: 'remember', agentId: asAgentId('ada-ash'), interviewer: 'A visitor', question: 'What is your secret?', answer: 'I put cinnamon in the coffee.' });
    const delta = await town.sim.step();
    expect(delta.inputs).toHaveLength(1);
    const chat = memoryRows(town.store.db, 'ada-ash').find((m) => m.step === delta.step && m.type === 'chat');
    expect(chat?.description).toBe('Ada Ash was asked by a visitor: "What is your secret?" and answered: "I put cinnamon in the coffee."');
    expect(chat!.importance).toBeGreaterThanOrEqual(1);
    expect((town.llm as ScriptedModel).callsFor('rateImportance').some((r) => r.tag?.step === delta.step && r.tag?.agentId === 'ada-ash')).toBe(true);
  });

  it("leave a live town's step log identical (interviews between and during steps)", async () => {
    const plain = await openGenerativeTown({ ...files, seed: 3 });
    await steps(plain, 60);
    const asked = await openGenerativeTown({ ...files, seed: 3 });
    for (let i = 0; i < 60; i++) {
      if (i % 15 === 5) {
        // One interview while the step runs, one between steps.
        await Promise.all([asked.sim.step(), asked.mind.interview(asAgentId('ben-ash'), `How is your day going, ${i}?`, [], undefined, 'A visitor', { onText: () => undefined })]);
        await asked.mind.interview(asAgentId('cleo-birch'), 'Who are your friends?');
      } else await asked.sim.step();
    }
    expect(asked.llm instanceof ScriptedModel && asked.llm.callsFor('answerInterview').length).toBe(8);
    expect(asked.store.stepLogHash()).toBe(plain.store.stepLogHash());
    expect(memoryRows(asked.store.db)).toEqual(memoryRows(plain.store.db));
  });
});
