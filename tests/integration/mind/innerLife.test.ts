import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { memoryRows, openGenerativeTown } from './helpers';
import { asAgentId } from '../../../server/engine/ids';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

describe('whispers, interviews and starting memories', () => {
  it('stores the persona memories and relationships on the first step', async () => {
    const town = await openGenerativeTown({ ...files });
    await town.sim.step();
    const ada = memoryRows(town.store.db, 'ada-ash');
    expect(ada.map((m) => m.description)).toEqual(expect.arrayContaining(['Ada Ash likes the coffee at Corner Cafe.', "Ben Ash is Ada's brother"]));
    expect(ada.some((m) => m.type === 'plan' && m.description.startsWith("Ada Ash's plan for Friday, February 13, 2026"))).toBe(true);
  });

  it('turns a whisper into a thought, which an interview then draws on without touching memories', async () => {
    const town = await openGenerativeTown({ ...files });
    const llm = town.llm as ScriptedModel;
    for (let i = 0; i < 30; i++) await town.sim.step();
    town.sim.enqueue({ kind: 'whisper', agentId: asAgentId('ada-ash'), text: 'You want to open a bakery on Main Street.' });
    const delta = await town.sim.step();
    const whispered = llm.callsFor('innerVoice');
    expect(whispered).toHaveLength(1);
    expect(whispered[0].tag).toMatchObject({ agentId: 'ada-ash', step: delta.step });
    const thought = memoryRows(town.store.db, 'ada-ash').find((m) => m.type === 'thought' && m.step === delta.step);
    expect(thought?.description).toBe('Ada wants to open a bakery on Main Street');
    expect(thought!.importance).toBeGreaterThanOrEqual(5);

    const before = memoryRows(town.store.db, 'ada-ash').map((m) => [m.id, m.last_accessed]);
    const interview = await town.mind.interview(asAgentId('ada-ash'), 'Do you want to open a bakery?');
    expect(interview.outcome).not.toBe('fail-safe');
    expect(interview.answer).toContain('bakery');
    expect(interview.memories.length).toBeGreaterThan(0);
    expect(interview.memories.length).toBeLessThanOrEqual(50);
    expect(interview.memories.map((m) => m.id)).toContain(thought!.id);
    // The answer's prompt holds the retrieved memories; nothing was touched or stored.
    expect(ScriptedModel.promptText(llm.callsFor('answerInterview')[0])).toContain('open a bakery');
    await town.sim.step();
    const after = memoryRows(town.store.db, 'ada-ash').map((m) => [m.id, m.last_accessed]);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(town.mind.problems).toEqual([]);
  });

  it('an interview of an unknown agent is an error; a failing model gives a plain no-answer', async () => {
    const town = await openGenerativeTown({ ...files });
    await town.sim.step();
    await expect(town.mind.interview(asAgentId('nobody'), 'Hi?')).rejects.toThrow(/Unknown agent/);
    const failing = await openGenerativeTown({ ...files, llm: new ScriptedModel({ fallback: new Error('server down') }) });
    await failing.sim.step();
    const answer = await failing.mind.interview(asAgentId('ada-ash'), 'How are you?');
    expect(answer.outcome).toBe('fail-safe');
    expect(answer.answer).toMatch(/no answer/);
  });
});
