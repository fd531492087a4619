import { describe, expect, it } from 'vitest';
import { asAgentId, asConversationId, conversationIdFor, type AgentId, type ConversationId } from '../../../server/engine/ids';

describe('conversation ids', () => {
  it('name a conversation after its start step and its opener, as plain strings at run time', () => {
    const id = conversationIdFor(4320, 'isabella-rodriguez');
    expect(id).toBe('c4320-isabella-rodriguez');
    expect(typeof id).toBe('string');
    expect(JSON.stringify({ id })).toBe('{"id":"c4320-isabella-rodriguez"}');
    expect(asConversationId('c7-ada')).toBe(conversationIdFor(7, 'ada'));
  });

  it('are branded: a plain string is not a ConversationId (checked by `npm run typecheck`)', () => {
    const take = (id: ConversationId) => id;
    // @ts-expect-error an agent id (or any plain string) is not a conversation id
    take('isabella-rodriguez');
    expect(take(conversationIdFor(1, 'ada'))).toBe('c1-ada');
  });
});

describe('agent ids', () => {
  it('are branded: a plain string, or a conversation id, is not an AgentId (checked by `npm run typecheck`); plain strings at run time', () => {
    const take = (id: AgentId) => id;
    // @ts-expect-error a plain string is not an agent id
    take('isabella-rodriguez');
    // @ts-expect-error a conversation id is not an agent id
    take(conversationIdFor(1, 'ada'));
    expect(take(asAgentId('ada'))).toBe('ada');
    expect(JSON.stringify({ id: asAgentId('ada') })).toBe('{"id":"ada"}');
  });
});
