/** Deferred reaction decisions (conversation.ts): when they land, and what holds when they do. */
import { describe, expect, it } from 'vitest';
import { asAgentId } from '../../../server/engine/ids';
import type { AgentState } from '../../../server/engine/types';
import { resolveGenerativeConfig } from '../../../server/mind/generative/config';
import { landReaction, reactionDueStep, type ReactContext } from '../../../server/mind/generative/conversation';
import type { GenerativeDeps } from '../../../server/mind/generative/deps';
import { testAgent } from '../../support/agentState';

const deps = (config = {}) => ({ config: resolveGenerativeConfig(config), clock: { stepMs: 10_000 } }) as unknown as GenerativeDeps;

const agent = (id: string, x: number, y: number): AgentState => testAgent(id, x, y, { name: id, address: 'Town:Street' });

const context: ReactContext = { other: asAgentId('ben'), otherName: 'Ben Ash', otherEnds: 200, afterWait: false };

describe('deferred reaction decisions', () => {
  it('land on the next whole game minute at least a minute later; 0 decides in the step', () => {
    expect(reactionDueStep(deps(), 100)).toBe(108); // 6 steps per game minute: 106 → the next multiple of 6
    expect(reactionDueStep(deps(), 96)).toBe(102);
    expect(reactionDueStep(deps({ deferReactionMinutes: 0 }), 96)).toBeUndefined();
  });

  it('hold when the other is still within two vision radii, else are dropped', () => {
    const self = agent('ada', 10, 10);
    const talk = { decision: 'talk' as const, reason: '', firstLine: '', relationship: 'my brother' };
    expect(landReaction(deps(), self, agent('ben', 26, 10), context, talk, 108)).toEqual({ kind: 'talk', with: 'ben', firstLine: 'Hi Ben!', relationship: 'my brother' });
    expect(landReaction(deps(), self, agent('ben', 27, 10), context, talk, 108)).toBeUndefined();
    expect(landReaction(deps(), self, undefined, context, talk, 108)).toBeUndefined();
  });

  it('a wait lasts from the landing step; a second wait for the same person means carrying on', () => {
    const self = agent('ada', 10, 10);
    const ben = agent('ben', 12, 10);
    const wait = { decision: 'wait' as const, reason: '' };
    expect(landReaction(deps(), self, ben, { ...context, otherEnds: 1000 }, wait, 108)).toEqual({ kind: 'wait', for: 'ben', untilStep: 108 + 60 }); // waitMaxMinutes 10
    expect(landReaction(deps(), self, ben, { ...context, otherEnds: 120 }, wait, 108)).toEqual({ kind: 'wait', for: 'ben', untilStep: 120 });
    expect(landReaction(deps(), self, ben, { ...context, afterWait: true }, wait, 108)).toEqual({ kind: 'continue' });
  });
});
