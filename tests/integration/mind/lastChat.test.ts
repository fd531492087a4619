/**
 * Conversation context (issue 14, from the reference): when two people talk again, react and
 * speak are told when they last talked and what about, from the newest chat memory with that
 * person; the setting lastChatContext turns it off. Scripted model, no extra calls.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { createTownScriptModel } from '../../support/townScript';
import { memoryRows, openGenerativeTown } from './helpers';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

/** Runs until some pair has finished a conversation and started talking again (or `limit` steps); one speak call per line. */
async function talkTwice(lastChatContext: boolean) {
  const llm = createTownScriptModel({ talkRate: 1 }) as ScriptedModel;
  const town = await openGenerativeTown({ ...files, llm, config: { lastChatContext, conversationCooldownMinutes: 0, reactCooldownMinutes: 5, conversationLinesPerCall: 1 } });
  const ended = new Set<string>();
  let again: string | undefined;
  for (let i = 0; i < 3000 && !again; i++) {
    const delta = await town.sim.step();
    for (const id of delta.conversationsEnded ?? []) {
      const c = town.sim.state.conversations.find((x) => x.id === id);
      if (c) ended.add([...c.participants].sort().join('+'));
    }
    for (const c of delta.conversationsStarted ?? []) {
      const pair = [...c.participants].sort().join('+');
      if (ended.has(pair)) again = pair;
    }
  }
  // Let the second conversation run a few lines.
  for (let i = 0; i < 30; i++) await town.sim.step();
  return { town, llm, again };
}

describe('conversation context: when the two last talked and about what', () => {
  it('tells react and speak of the last chat with that person, with its time and summary', async () => {
    const { town, llm, again } = await talkTwice(true);
    expect(again, 'no pair talked twice').toBeDefined();
    const prompts = [...llm.callsFor('react'), ...llm.callsFor('speak')].map((r) => ({ r, text: ScriptedModel.promptText(r) }));
    const told = prompts.filter((p) => p.text.includes('You last talked with'));
    expect(told.length).toBeGreaterThan(0);
    const speakTold = llm.callsFor('speak').map((r) => ScriptedModel.promptText(r)).filter((t) => t.includes('You last talked with'));
    const reactTold = llm.callsFor('react').map((r) => ScriptedModel.promptText(r)).filter((t) => t.includes('You last talked with'));
    expect(speakTold.length).toBeGreaterThan(0);
    expect(reactTold.length).toBeGreaterThan(0);
    for (const t of speakTold) expect(t).toContain('This conversation comes after that one.');
    for (const { r, text } of told) {
      const agentId = r.tag!.agentId!;
      const line = /You last talked with (\S+) (.+?) ago \(at (\d\d:\d\d)\): (.*)/.exec(text)!;
      expect(line, text).not.toBeNull();
      // The summary is one of this agent's chat memories, stored before the call.
      const chats = memoryRows(town.store.db, agentId).filter((m) => m.type === 'chat' && m.step < r.tag!.step!);
      expect(chats.map((m) => m.description).some((d) => line[4].startsWith(d.slice(0, 60)))).toBe(true);
    }
    // Nobody is told of a chat before the first one ended.
    const firstChatStep = Math.min(...memoryRows(town.store.db).filter((m) => m.type === 'chat').map((m) => m.step));
    for (const { r } of told) expect(r.tag!.step!).toBeGreaterThan(firstChatStep - 1);
    town.store.close();
  });

  it('is a setting: off, no prompt mentions the last chat and the calls are the same tasks', async () => {
    const { town, llm, again } = await talkTwice(false);
    expect(again).toBeDefined();
    for (const r of [...llm.callsFor('react'), ...llm.callsFor('speak')]) expect(ScriptedModel.promptText(r)).not.toContain('You last talked with');
    town.store.close();
  });
});
