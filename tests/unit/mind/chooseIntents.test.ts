/**
 * Choosing intents without any model: hand-built agents, plans and phase results in, decisions
 * (engine intents, the new action bookkeeping, conversations opened) out; nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { asAgentId, asConversationId } from '../../../server/engine/ids';
import type { AgentState, Conversation } from '../../../server/engine/types';
import { AddressBook } from '../../../server/mind/generative/actions';
import { chooseIntents, type AgentControl, type IntentInput } from '../../../server/mind/generative/intents';
import type { DayPlan } from '../../../server/mind/generative/scratch';
import type { Persona } from '../../../server/mind/persona';
import { parseTownMap } from '../../../server/world/loadMap';
import { miniTownMapJson } from '../../support/miniTown';
import { testAgent } from '../../support/agentState';

const map = parseTownMap(miniTownMapJson(), 'mini.tmj');
const actions = { map, addresses: new AddressBook(map), stepMs: 10_000 };
const DAY = Date.UTC(2026, 1, 13);
const at = (hh: number, mm: number) => DAY + (hh * 60 + mm) * 60_000;
const STEP = 100;

const agent = (id: string, x: number, y: number, extra: Partial<AgentState> = {}): AgentState => testAgent(id, x, y, { extra });

const persona = (id: string) => ({ id: asAgentId(id), name: id, bed: 'Ash House:bedroom:bed' }) as unknown as Persona;

/** Asleep until 07:00, then one piece 07:00–08:00 of two tasks (07:00 reading, 07:30 coffee), asleep from 23:00. */
function plan(): DayPlan {
  return {
    day: DAY,
    wakeUpMinute: 420,
    goals: [],
    blocks: [
      { start: 0, end: 420, activity: 'sleeping', sleep: true },
      { start: 420, end: 1380, activity: 'a day at home', sleep: false },
      { start: 1380, end: 1440, activity: 'sleeping', sleep: true },
    ],
    chunks: [
      {
        start: 420,
        end: 480,
        activity: 'a day at home',
        version: 0,
        reused: false,
        tasks: [
          { start: 420, minutes: 30, description: 'reading', place: 'Ash House:bedroom', emoji: '📖', event: ['Ada', 'is', 'reading'] },
          { start: 450, minutes: 30, description: 'making coffee', place: 'Corner Cafe:cafe floor:coffee machine', emoji: '☕', event: ['Ada', 'is', 'making coffee'], objectState: 'brewing coffee' },
        ],
      },
    ],
  };
}

const idle: AgentControl = { actionKey: null, waitUntilStep: null, waitFor: null };

function input(a: AgentState, extra: Partial<IntentInput> = {}): IntentInput {
  return { agent: a, persona: persona(a.id), plan: plan(), control: { ...idle }, ...extra };
}

function choose(inputs: IntentInput[], time: number, conversations: Conversation[] = []) {
  const byId = new Map(inputs.map((i) => [i.agent.id, i.agent]));
  return chooseIntents(inputs, { actions, byId, active: new Map(conversations.map((c) => [c.id, c])), step: STEP, time });
}

describe('choosing intents (no model)', () => {
  it('follows the plan: the task under way becomes the action once, and is not issued again', () => {
    const ada = agent('ada', 5, 8);
    const [first] = choose([input(ada)], at(7, 40));
    expect(first.intent.action).toMatchObject({ description: 'making coffee', address: 'Minitown:Corner Cafe:cafe floor:coffee machine', emoji: '☕', startStep: STEP, objectState: 'brewing coffee' });
    expect(first.intent.action!.durationSteps).toBe(20 * 6); // 20 minutes left of the task
    expect(first.control).toEqual({ ...idle, actionKey: `${DAY}:420:0:1` });
    const [again] = choose([input(ada, { control: first.control })], at(7, 41));
    expect(again.intent).toEqual({});
    expect(again.control).toEqual(first.control);
  });

  it('wakes a sleeper at wake-up, and sends a waking agent to bed when the plan says sleep', () => {
    const sleeper = agent('ada', 1, 1, { sleeping: true });
    const [woken] = choose([input(sleeper)], at(7, 5));
    expect(woken.intent.sleeping).toBe(false);
    expect(woken.intent.action?.description).toBe('reading');
    const [toBed] = choose([input(agent('ada', 5, 8))], at(23, 10));
    expect(toBed.intent.action).toMatchObject({ description: 'sleeping', address: 'Minitown:Ash House:bedroom:bed', emoji: '😴' });
    expect(toBed.intent.sleeping).toBeUndefined(); // not at the bed yet
    expect(toBed.control.actionKey).toBe(`sleep:${DAY}`);
    const [inBed] = choose([input(agent('ada', 1, 1), { control: toBed.control })], at(23, 11));
    expect(inBed.intent).toEqual({ sleeping: true });
  });

  it('a talk reaction opens a conversation (the opener walks to the other) and keeps the opener\u2019s view of the other', () => {
    const ada = agent('ada', 5, 8);
    const ben = agent('ben', 7, 8);
    const [a, b] = choose(
      [input(ada, { reaction: { kind: 'talk', with: ben.id, firstLine: 'Morning, Ben!', relationship: 'my brother' } }), input(ben)],
      at(7, 40),
    );
    expect(a.intent.startConversation).toEqual({ with: ben.id, firstLine: 'Morning, Ben!' });
    expect(a.intent.action).toMatchObject({ description: 'talking with Ben', targetAgent: ben.id, emoji: '💬' });
    expect(a.opens).toEqual({ conversationId: asConversationId(`c${STEP}-ada`), relationship: 'my brother' });
    expect(a.control.actionKey).toBe(`talk:c${STEP}-ada`);
    // Ben just follows his plan this step (the engine starts the conversation).
    expect(b.intent.startConversation).toBeUndefined();
    expect(b.intent.action?.description).toBe('making coffee');
  });

  it('two who want to talk to the same person: the first in agent order wins, the other follows the plan', () => {
    const ada = agent('ada', 5, 8);
    const ben = agent('ben', 7, 8);
    const cleo = agent('cleo', 6, 8);
    const talk = (to: AgentState) => ({ kind: 'talk' as const, with: to.id, firstLine: 'Hi!' });
    const [a, b] = choose([input(ada, { reaction: talk(cleo) }), input(ben, { reaction: talk(cleo) }), input(cleo)], at(7, 40));
    expect(a.intent.startConversation?.with).toBe(cleo.id);
    expect(b.intent.startConversation).toBeUndefined();
    expect(b.opens).toBeUndefined();
    expect(b.intent.action?.description).toBe('making coffee');
  });

  it('no conversation with someone asleep or already talking', () => {
    const ada = agent('ada', 5, 8);
    const busy = agent('ben', 7, 8, { conversationId: asConversationId('c1-ben') });
    const [a] = choose([input(ada, { reaction: { kind: 'talk', with: busy.id, firstLine: 'Hi!' } }), input(busy)], at(7, 40));
    expect(a.intent.startConversation).toBeUndefined();
    expect(a.intent.action?.description).toBe('making coffee');
  });

  it('a wait stands by until the given step and holds the plan; when the other falls asleep the wait ends', () => {
    const ada = agent('ada', 5, 8);
    const ben = agent('ben', 7, 8);
    const [w] = choose([input(ada, { reaction: { kind: 'wait', for: ben.id, untilStep: STEP + 12 } }), input(ben)], at(7, 40));
    expect(w.intent.action).toMatchObject({ description: 'waiting for Ben', durationSteps: 12, emoji: '⏳' });
    expect(w.control).toEqual({ actionKey: `wait:${ben.id}`, waitUntilStep: STEP + 12, waitFor: ben.id });
    // Still waiting a step later: no new intent.
    const [still] = choose([input(ada, { control: w.control }), input(ben)], at(7, 41));
    expect(still.intent).toEqual({});
    // Ben fell asleep: the wait is over, Ada goes back to her plan.
    const [over] = choose([input(ada, { control: w.control }), input(agent('ben', 7, 8, { sleeping: true }))], at(7, 41));
    expect(over.control).toEqual({ ...idle, actionKey: `${DAY}:420:0:1` });
    expect(over.intent.action?.description).toBe('making coffee');
  });

  it('carrying on after a wait forgets whom it waited for', () => {
    const ada = agent('ada', 5, 8);
    const [d] = choose([input(ada, { control: { actionKey: `${DAY}:420:0:1`, waitUntilStep: null, waitFor: asAgentId('ben') }, reaction: { kind: 'continue' } })], at(7, 40));
    expect(d.control.waitFor).toBeNull();
    expect(d.intent).toEqual({});
  });

  it('says the line phase B wrote only when the agent is the next speaker, and holds the talk action', () => {
    const id = asConversationId('c90-ada');
    const ada = agent('ada', 5, 8, { conversationId: id });
    const ben = agent('ben', 6, 8, { conversationId: id });
    const conversation: Conversation = { id, participants: [ada.id, ben.id], lines: [{ speaker: ada.id, text: 'Hi', step: 90 }], startStep: 90, nextSpeaker: ben.id };
    const say = { text: 'Hello!', end: false };
    const [a, b] = choose([input(ada, { say }), input(ben, { say })], at(7, 40), [conversation]);
    expect(a.intent.say).toBeUndefined();
    expect(b.intent.say).toEqual(say);
    // Both are issued the talking action once.
    expect(a.intent.action).toMatchObject({ description: 'talking with Ben' });
    expect(a.control.actionKey).toBe(`talk:${id}`);
    const [again] = choose([input(ada, { control: a.control }), input(ben)], at(7, 41), [conversation]);
    expect(again.intent).toEqual({});
  });

  it('writes nothing: the inputs (plan and control) are unchanged', () => {
    const ada = agent('ada', 5, 8);
    const i = input(ada, { control: { actionKey: 'old', waitUntilStep: null, waitFor: asAgentId('ben') }, reaction: { kind: 'continue' } });
    const before = structuredClone(i);
    choose([i], at(7, 40));
    expect(i).toEqual(before);
  });
});
