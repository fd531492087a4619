import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { asAgentId, conversationIdFor } from '../../../server/engine/ids';
import type { Conversation, ConversationId } from '../../../server/engine/types';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { createTownScriptModel } from '../../support/townScript';
import { memoryRows, openGenerativeTown } from './helpers';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

describe('a conversation between two generative agents', () => {
  it('starts from a react decision, goes turn by turn, and ends with both remembering it', async () => {
    const llm = createTownScriptModel({ talkRate: 1 }) as ScriptedModel;
    // Turn by turn: one speak call per line by its speaker (the paper's; the default writes two lines per call).
    const town = await openGenerativeTown({ ...files, llm, config: { conversationLinesPerCall: 1 } });
    let ended: Conversation | undefined;
    let started: { id: ConversationId; participants: [string, string] } | undefined;
    let startStep = -1;
    for (let i = 0; i < 3000 && !ended; i++) {
      const delta = await town.sim.step();
      if (!started && delta.conversationsStarted?.length) {
        started = delta.conversationsStarted[0];
        startStep = delta.step;
        // The engine names it with the one id function the mind and the inspector use too.
        expect(started.id).toBe(conversationIdFor(startStep, started.participants[0]));
        const opener = town.sim.state.agents.find((a) => a.id === started!.participants[0])!;
        // The opener walks to meet the other.
        expect(opener.action.targetAgent).toBe(started.participants[1]);
        expect(opener.action.description).toMatch(/^talking with /);
      }
      if (started && delta.conversationsEnded?.includes(started.id)) {
        ended = structuredClone(town.sim.state.conversations.find((c) => c.id === started!.id)) ?? undefined;
        ended ??= { id: started.id, participants: [asAgentId(started.participants[0]), asAgentId(started.participants[1])], lines: [], startStep, nextSpeaker: asAgentId(started.participants[0]) };
      }
    }
    expect(started, 'no conversation started').toBeDefined();
    // The step after the end starts closeConversation for each participant; its answer lands
    // deferCloseMinutes later, and the memories it makes are stored when their rating lands.
    const [a, b] = started!.participants;
    const remembered = (id: string) => memoryRows(town.store.db, id).some((m) => m.type === 'chat');
    for (let i = 0; i < 200 && !(remembered(a) && remembered(b)); i++) await town.sim.step();

    const reacts = llm.callsFor('react').filter((r) => r.tag?.agentId === a && r.tag?.step === startStep);
    expect(reacts).toHaveLength(1);
    const speaks = llm.callsFor('speak').filter((r) => r.tag?.step !== undefined && r.tag.step > startStep);
    expect(speaks.length).toBeGreaterThan(0);
    // Speakers alternate, starting with the one who was greeted.
    expect(speaks[0].tag?.agentId).toBe(b);
    // Each line is conditioned on memories about the partner; the listener's first line asks for a relationship summary once.
    expect(ScriptedModel.promptText(speaks[0])).toContain('What you remember:');
    expect(ScriptedModel.promptText(speaks[0])).toContain('"relationship"');
    const laterOfB = speaks.filter((r) => r.tag?.agentId === b).slice(1);
    for (const r of laterOfB) expect(ScriptedModel.promptText(r)).toContain('How you see');

    for (const [self, other] of [
      [a, b],
      [b, a],
    ]) {
      const rows = memoryRows(town.store.db, self);
      const chat = rows.find((m) => m.type === 'chat');
      expect(chat, `${self} has no chat memory`).toBeDefined();
      const transcript = JSON.parse(chat!.transcript!) as { speaker: string; text: string }[];
      expect(transcript.length).toBeGreaterThanOrEqual(2);
      expect(new Set(transcript.map((l) => l.speaker))).toEqual(new Set([a, b]));
      expect(chat!.description.length).toBeGreaterThan(10); // the summary
      const cites = rows.filter((m) => m.type === 'thought' && JSON.parse(m.evidence).includes(chat!.id));
      expect(cites).toHaveLength(2); // planning thought and memo
      for (const t of cites) expect(t.depth).toBe(1);
      const closes = llm.callsFor('closeConversation').filter((r) => r.tag?.agentId === self);
      expect(closes).toHaveLength(1);
      expect(ScriptedModel.promptText(closes[0])).toContain(`You just talked with ${town.personas.find((p) => p.id === other)!.name}`);
    }
    expect(town.mind.problems).toEqual([]);
    // The insight shows the conversation with its summary.
    const insight = town.mind.inspect(asAgentId(a), town.sim.time)!;
    expect(insight.conversations[0].id).toBe(started!.id);
    expect(insight.conversations[0].with).toBe(b);
    expect(insight.conversations[0].summary).toBeTruthy();
  });

  it('does not talk to someone asleep or again within the cooldown', async () => {
    const llm = createTownScriptModel({ talkRate: 1 }) as ScriptedModel;
    const town = await openGenerativeTown({ ...files, llm, config: { conversationCooldownMinutes: 24 * 60, reactCooldownMinutes: 24 * 60 } });
    const pairs = new Map<string, number>();
    for (let i = 0; i < 2500; i++) {
      const delta = await town.sim.step();
      for (const c of delta.conversationsStarted ?? []) {
        for (const id of c.participants) expect(town.sim.state.agents.find((x) => x.id === id)!.sleeping).toBe(false);
        const key = [...c.participants].sort().join('|');
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
    expect(pairs.size).toBeGreaterThan(0);
    for (const count of pairs.values()) expect(count).toBe(1);
    // Each (agent, other) pair was asked about at most once.
    const asked = llm.callsFor('react').map((r) => `${r.tag?.agentId}>${/You see (.+?) \(/.exec(ScriptedModel.promptText(r))?.[1]}`);
    expect(new Set(asked).size).toBe(asked.length);
  });
});
