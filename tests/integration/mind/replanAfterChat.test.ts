/**
 * Re-planning after a conversation (issue 14, from the reference): with replanAfterChat the chat
 * goes into the schedule from the conversation's start and the rest of the piece is decomposed
 * again, after every conversation, not only when closeConversation's answer asks for a re-plan.
 * Scripted model (it asks for a re-plan a quarter of the time).
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { minuteOfDay } from '../../../server/engine/clock';
import { ScriptedModel } from '../../support/scriptedModel';
import { writeMiniTown } from '../../support/miniTown';
import { createTownScriptModel } from '../../support/townScript';
import { openGenerativeTown } from './helpers';
import { asAgentId } from '../../../server/engine/ids';

const files = writeMiniTown();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

async function conversations(replanAfterChat: boolean) {
  const llm = createTownScriptModel({ talkRate: 1 }) as ScriptedModel;
  const town = await openGenerativeTown({ ...files, llm, config: { replanAfterChat } });
  // Closings are deferred results (deferred.ts): started the step after a conversation ends,
  // they land (and their calls are tagged) at a later step. Waiting closes per agent, in order.
  const waiting = new Map<string, { partner: string; startMinute: number; closeMinute: number }[]>();
  const pending: { participants: string[]; startMinute: number }[] = [];
  const checks: { agent: string; partner: string; startMinute: number; closeMinute: number; talkTask?: { start: number; minutes: number }; redone: boolean }[] = [];
  for (let i = 0; i < 2000 && checks.length < 4; i++) {
    const delta = await town.sim.step();
    // The step after a conversation ends starts its closing for both participants.
    for (const p of pending.splice(0)) {
      const closeMinute = minuteOfDay(town.sim.time);
      for (const [agent, partner] of [p.participants, [...p.participants].reverse()]) {
        waiting.set(agent, [...(waiting.get(agent) ?? []), { partner, startMinute: p.startMinute, closeMinute }]);
      }
    }
    const landed = town.store.db.prepare("SELECT agent_id, answer FROM llm_calls WHERE task = 'closeConversation' AND step = ? ORDER BY id").all(delta.step) as { agent_id: string; answer: string }[];
    for (const row of landed) {
      const close = waiting.get(row.agent_id)?.shift();
      if (!close) continue;
      const agent = row.agent_id;
      // Skip closes whose answer asked for a re-plan itself: those re-plan either way.
      if (/"replan"\s*:\s*\[\s*\{/.test(row.answer)) continue;
      const plan = town.mind.scratchOf(asAgentId(agent))!.plan!;
      const chunk = plan.chunks.find((c) => c.tasks?.some((t) => t.description === `talking with ${town.personas.find((q) => q.id === close.partner)!.name}`));
      const talkTask = chunk?.tasks?.find((t) => t.description.startsWith('talking with'));
      const redone = llm.callsFor('decomposeBlock').some((r) => r.tag?.agentId === agent && r.tag?.step === delta.step);
      checks.push({ agent, partner: close.partner, startMinute: close.startMinute, closeMinute: close.closeMinute, talkTask, redone });
    }
    for (const id of delta.conversationsEnded ?? []) {
      const c = town.sim.state.conversations.find((x) => x.id === id);
      if (c) pending.push({ participants: [...c.participants], startMinute: minuteOfDay(town.sim.clock.timeAt(c.startStep)) });
    }
  }
  town.store.close();
  return { checks, llm };
}

describe('re-planning after a conversation', () => {
  it('writes the chat into the schedule from its start and decomposes the rest of the piece again', async () => {
    const { checks } = await conversations(true);
    expect(checks.length).toBeGreaterThan(0);
    const withTalk = checks.filter((c) => c.talkTask);
    expect(withTalk.length).toBeGreaterThan(0);
    for (const c of withTalk) expect(c.talkTask!.start + c.talkTask!.minutes, c.agent).toBeLessThanOrEqual(c.closeMinute + 1);
    expect(withTalk.some((c) => c.talkTask!.start <= c.startMinute + 1 && c.talkTask!.start >= c.startMinute - 60)).toBe(true);
    expect(checks.some((c) => c.redone)).toBe(true);
  });

  it('is a setting: off, the schedule keeps no chat and no piece is decomposed again at the close', async () => {
    const { checks } = await conversations(false);
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) {
      expect(c.talkTask).toBeUndefined();
      expect(c.redone).toBe(false);
    }
  });
});
