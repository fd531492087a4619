/** applyIntents: actions, walks and conversations, applied in agent order whatever the intents' order. */
import { describe, expect, it } from 'vitest';
import { applyIntents, MAX_CONVERSATION_LINES, planWalk } from '../../../server/engine/intents';
import { asAgentId, conversationIdFor } from '../../../server/engine/ids';
import type { AgentIntent } from '../../../server/engine/ports';
import { action, agent, intents, openField, state } from './engineParts';

describe('applyIntents', () => {
  it('starts an action at this step and plans the walk to its place', () => {
    const s = state([agent('ada', 0, 0)]);
    applyIntents(s, intents([['ada', { action: action({ description: 'reading', address: 'T:3:2' }) }]]), 7, openField());
    const ada = s.agents[0];
    expect(ada.action).toMatchObject({ description: 'reading', startStep: 7 });
    expect(ada.path).toEqual([{ x: 1, y: 0 }, { x: 2, y: 0 }, { x: 3, y: 0 }, { x: 3, y: 1 }, { x: 3, y: 2 }]);
  });

  it('leaves the path empty for an unknown place, an unreachable one, or when already there', () => {
    const nav = openField();
    for (const address of ['nowhere', 'T:5:5', 'T:0:0']) {
      const s = state([agent('ada', 0, 0, { path: [{ x: 9, y: 9 }] })]);
      applyIntents(s, intents([['ada', { action: action({ address }) }]]), 1, nav);
      expect(s.agents[0].path, address).toEqual([]);
    }
  });

  it('sets sleeping', () => {
    const s = state([agent('ada')]);
    applyIntents(s, intents([['ada', { sleeping: true }]]), 1, openField());
    expect(s.agents[0].sleeping).toBe(true);
  });

  it('starts a conversation with its first line, and the partner speaks next', () => {
    const s = state([agent('ada', 0, 0), agent('ben', 1, 0)]);
    const changes = applyIntents(s, intents([['ada', { startConversation: { with: asAgentId('ben'), firstLine: ' Hello! ' } }]]), 4, openField());
    expect(changes.started).toEqual([{ id: conversationIdFor(4, 'ada'), participants: ['ada', 'ben'] }]);
    expect(changes.chats).toEqual([{ conversationId: conversationIdFor(4, 'ada'), speaker: 'ada', text: 'Hello!' }]);
    expect(s.conversations[0]).toMatchObject({ nextSpeaker: 'ben', startStep: 4 });
    expect(s.agents.map((a) => a.conversationId)).toEqual(['c4-ada', 'c4-ada']);
  });

  it('refuses conversations with sleepers, talkers, oneself, unknown people, or an empty first line', () => {
    const cases: [string, AgentIntent, ReturnType<typeof agent>[]][] = [
      ['asleep', { startConversation: { with: asAgentId('ben'), firstLine: 'hi' } }, [agent('ada'), agent('ben', 1, 0, { sleeping: true })]],
      ['busy', { startConversation: { with: asAgentId('ben'), firstLine: 'hi' } }, [agent('ada'), agent('ben', 1, 0, { conversationId: conversationIdFor(1, 'cy') })]],
      ['self', { startConversation: { with: asAgentId('ada'), firstLine: 'hi' } }, [agent('ada'), agent('ben', 1, 0)]],
      ['unknown', { startConversation: { with: asAgentId('zed'), firstLine: 'hi' } }, [agent('ada'), agent('ben', 1, 0)]],
      ['empty', { startConversation: { with: asAgentId('ben'), firstLine: '   ' } }, [agent('ada'), agent('ben', 1, 0)]],
    ];
    for (const [name, intent, agents] of cases) {
      const s = state(agents);
      const changes = applyIntents(s, intents([['ada', intent]]), 1, openField());
      expect(changes.started, name).toEqual([]);
      expect(s.conversations, name).toEqual([]);
    }
  });

  it('takes turns: a line out of turn is ignored; ending frees both', () => {
    const s = state([agent('ada', 0, 0), agent('ben', 1, 0)]);
    applyIntents(s, intents([['ada', { startConversation: { with: asAgentId('ben'), firstLine: 'Hi Ben' } }]]), 1, openField());
    const outOfTurn = applyIntents(s, intents([['ada', { say: { text: 'me again', end: false } }]]), 2, openField());
    expect(outOfTurn.chats).toEqual([]);
    const reply = applyIntents(s, intents([['ben', { say: { text: 'Bye Ada', end: true } }]]), 3, openField());
    expect(reply.chats).toEqual([{ conversationId: conversationIdFor(1, 'ada'), speaker: 'ben', text: 'Bye Ada' }]);
    expect(reply.ended).toEqual(['c1-ada']);
    expect(s.conversations[0].endedStep).toBe(3);
    expect(s.agents.map((a) => a.conversationId)).toEqual([null, null]);
  });

  it(`ends a conversation at ${MAX_CONVERSATION_LINES} lines, not one line earlier`, () => {
    const s = state([agent('ada', 0, 0), agent('ben', 1, 0)]);
    applyIntents(s, intents([['ada', { startConversation: { with: asAgentId('ben'), firstLine: 'line 1' } }]]), 1, openField());
    for (let n = 2; n <= MAX_CONVERSATION_LINES; n++) {
      const speaker = n % 2 === 0 ? 'ben' : 'ada';
      const changes = applyIntents(s, intents([[speaker, { say: { text: `line ${n}`, end: false } }]]), n, openField());
      expect(changes.ended, `after line ${n}`).toEqual(n === MAX_CONVERSATION_LINES ? ['c1-ada'] : []);
    }
    expect(s.conversations[0].lines).toHaveLength(MAX_CONVERSATION_LINES);
  });

  it('applies intents in agent order: of two people asking the same partner, the first in the list wins', () => {
    const s = state([agent('ada', 0, 0), agent('ben', 1, 0), agent('cy', 2, 0)]);
    // The map's insertion order is the reverse of the agents' order.
    const wanted = intents([
      ['cy', { startConversation: { with: asAgentId('ben'), firstLine: 'from cy' } }],
      ['ada', { startConversation: { with: asAgentId('ben'), firstLine: 'from ada' } }],
    ]);
    const changes = applyIntents(s, wanted, 1, openField());
    expect(changes.started).toEqual([{ id: conversationIdFor(1, 'ada'), participants: ['ada', 'ben'] }]);
    expect(s.agents[2].conversationId).toBeNull();
  });
});

describe('planWalk to meet someone', () => {
  it('stops one tile short of the partner, and not at all when already next to them', () => {
    const nav = openField();
    const ada = agent('ada', 0, 0, { action: action({ targetAgent: asAgentId('ben') }) });
    const ben = agent('ben', 3, 0);
    const byId = new Map([ada, ben].map((a) => [a.id, a]));
    planWalk(ada, byId, nav);
    expect(ada.path).toEqual([{ x: 1, y: 0 }, { x: 2, y: 0 }]);
    ada.tile = { x: 2, y: 0 };
    planWalk(ada, byId, nav);
    expect(ada.path).toEqual([]);
  });

  it('follows a moving partner: the walk is re-planned when the path runs out', () => {
    const nav = openField();
    const s = state([agent('ada', 0, 0, { action: action({ targetAgent: asAgentId('ben') }) }), agent('ben', 4, 0)]);
    applyIntents(s, intents([]), 1, nav);
    expect(s.agents[0].path.at(-1)).toEqual({ x: 3, y: 0 });
  });
});

describe('applyIntents, what an intent leaves alone', () => {
  it('an action-only intent keeps sleep as it was; a sleep-only intent keeps the action', () => {
    const s = state([agent('ada', 0, 0, { sleeping: true }), agent('ben', 2, 0, { action: action({ description: 'baking', address: 'T:2:0' }) })]);
    applyIntents(s, intents([['ada', { action: action({ description: 'dreaming', address: 'T:0:0' }) }], ['ben', { sleeping: false }]]), 3, openField());
    expect(s.agents[0]).toMatchObject({ sleeping: true, action: { description: 'dreaming' } });
    expect(s.agents[1].action).toMatchObject({ description: 'baking', startStep: 0 });
  });

  it('an intent without words says nothing, even when it is that agent\'s turn', () => {
    const s = state([agent('ada', 0, 0), agent('ben', 1, 0)]);
    applyIntents(s, intents([['ada', { startConversation: { with: asAgentId('ben'), firstLine: 'Hi' } }]]), 1, openField());
    const changes = applyIntents(s, intents([['ben', { sleeping: false }]]), 2, openField());
    expect(changes.chats).toEqual([]);
    expect(s.conversations[0].lines).toHaveLength(1);
  });

  it('keeps a walk already under way and does not restart walks that stopped', () => {
    const nav = openField();
    const path = [{ x: 1, y: 0 }, { x: 2, y: 0 }];
    const s = state([
      agent('ada', 0, 0, { action: action({ targetAgent: asAgentId('ben') }), path }),
      agent('ben', 9, 9),
      agent('cy', 0, 3, { action: action({ address: 'T:7:3' }) }),
    ]);
    applyIntents(s, intents([]), 1, nav);
    expect(s.agents[0].path).toEqual(path);
    expect(s.agents[2].path).toEqual([]);
    expect(nav.pathCalls).toBe(0);
  });

  it('walks straight along a column', () => {
    const s = state([agent('ada', 2, 0)]);
    applyIntents(s, intents([['ada', { action: action({ address: 'T:2:3' }) }]]), 1, openField());
    expect(s.agents[0].path).toEqual([{ x: 2, y: 1 }, { x: 2, y: 2 }, { x: 2, y: 3 }]);
  });

  it('a diagonal neighbour is not next to you: the walk takes one step', () => {
    const ada = agent('ada', 3, 3, { action: action({ targetAgent: asAgentId('ben') }) });
    const ben = agent('ben', 4, 4);
    planWalk(ada, new Map([ada, ben].map((a) => [a.id, a])), openField());
    expect(ada.path).toEqual([{ x: 4, y: 3 }]);
  });

  it('being at the place already needs no path search', () => {
    const nav = openField();
    const s = state([agent('ada', 3, 2)]);
    applyIntents(s, intents([['ada', { action: action({ address: 'T:3:2' }) }]]), 1, nav);
    expect(s.agents[0].path).toEqual([]);
    expect(nav.pathCalls).toBe(0);
  });

  it('meeting someone already next to you, or on your tile, needs no path search', () => {
    for (const [x, y] of [[3, 4], [4, 3], [4, 4], [5, 4], [4, 5]]) {
      const nav = openField();
      const ada = agent('ada', x, y, { action: action({ targetAgent: asAgentId('ben') }) });
      const ben = agent('ben', 4, 4);
      planWalk(ada, new Map([ada, ben].map((a) => [a.id, a])), nav);
      expect(ada.path, `${x},${y}`).toEqual([]);
      expect(nav.pathCalls, `${x},${y}`).toBe(0);
    }
  });
});

describe('conversations, edges', () => {
  it('a first line that ends the conversation opens and closes it in the same step', () => {
    const s = state([agent('ada', 0, 0), agent('ben', 1, 0)]);
    const changes = applyIntents(s, intents([['ada', { startConversation: { with: asAgentId('ben'), firstLine: 'Bye!', end: true } }]]), 5, openField());
    expect(changes.started).toHaveLength(1);
    expect(changes.ended).toEqual(['c5-ada']);
    expect(s.agents.map((a) => a.conversationId)).toEqual([null, null]);
  });

  it('trims what is said, and an empty last word ends the talk without a blank line', () => {
    const s = state([agent('ada', 0, 0), agent('ben', 1, 0)]);
    applyIntents(s, intents([['ada', { startConversation: { with: asAgentId('ben'), firstLine: 'Hi' } }]]), 1, openField());
    const reply = applyIntents(s, intents([['ben', { say: { text: '  Hello there  ', end: false } }]]), 2, openField());
    expect(reply.chats).toEqual([{ conversationId: conversationIdFor(1, 'ada'), speaker: 'ben', text: 'Hello there' }]);
    const end = applyIntents(s, intents([['ada', { say: { text: '   ', end: true } }]]), 3, openField());
    expect(end.chats).toEqual([]);
    expect(end.ended).toEqual(['c1-ada']);
    expect(s.conversations[0].lines).toEqual([
      { speaker: 'ada', text: 'Hi', step: 1 },
      { speaker: 'ben', text: 'Hello there', step: 2 },
    ]);
  });

  it('saying something outside any conversation, or in one that has ended, does nothing', () => {
    const lonely = state([agent('ada', 0, 0)]);
    expect(applyIntents(lonely, intents([['ada', { say: { text: 'anyone?', end: false } }]]), 1, openField()).chats).toEqual([]);
    const s = state([agent('ada', 0, 0, { conversationId: conversationIdFor(1, 'ben') }), agent('ben', 1, 0)]);
    s.conversations.push({ id: conversationIdFor(1, 'ben'), participants: [asAgentId('ben'), asAgentId('ada')], lines: [], startStep: 1, nextSpeaker: asAgentId('ada'), endedStep: 2 });
    const changes = applyIntents(s, intents([['ada', { say: { text: 'still there?', end: false } }]]), 3, openField());
    expect(changes.chats).toEqual([]);
    expect(s.conversations[0].lines).toEqual([]);
  });

  it('a second conversation after the first one ended takes the new lines', () => {
    const s = state([agent('ada', 0, 0), agent('ben', 1, 0)]);
    applyIntents(s, intents([['ada', { startConversation: { with: asAgentId('ben'), firstLine: 'Hi', end: true } }]]), 1, openField());
    applyIntents(s, intents([['ben', { startConversation: { with: asAgentId('ada'), firstLine: 'Me again' } }]]), 2, openField());
    const reply = applyIntents(s, intents([['ada', { say: { text: 'Oh, hello', end: false } }]]), 3, openField());
    expect(reply.chats).toEqual([{ conversationId: conversationIdFor(2, 'ben'), speaker: 'ada', text: 'Oh, hello' }]);
    expect(s.conversations.map((c) => c.lines.length)).toEqual([1, 2]);
  });

  it('ending a conversation frees only the members still in it', () => {
    const s = state([agent('ada', 0, 0, { conversationId: conversationIdFor(1, 'ada') }), agent('ben', 1, 0, { conversationId: conversationIdFor(2, 'cy') })]);
    s.conversations.push({ id: conversationIdFor(1, 'ada'), participants: [asAgentId('ada'), asAgentId('ben')], lines: [], startStep: 1, nextSpeaker: asAgentId('ada') });
    applyIntents(s, intents([['ada', { say: { text: 'Bye', end: true } }]]), 2, openField());
    expect(s.agents.map((a) => a.conversationId)).toEqual([null, 'c2-cy']);
  });
});
