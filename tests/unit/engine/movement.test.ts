/** moveAgents: one tile per step along the path; sleepers, talkers and blocked walks stay put. */
import { describe, expect, it } from 'vitest';
import { asAgentId, conversationIdFor } from '../../../server/engine/ids';
import { facingTowards, moveAgents } from '../../../server/engine/movement';
import { action, agent, openField, state } from './engineParts';

describe('moveAgents', () => {
  it('moves one tile along the path and turns to face it', () => {
    const s = state([agent('ada', 0, 0, { path: [{ x: 1, y: 0 }, { x: 2, y: 0 }], facing: 'up' })]);
    moveAgents(s, openField());
    expect(s.agents[0]).toMatchObject({ tile: { x: 1, y: 0 }, facing: 'right', path: [{ x: 2, y: 0 }] });
    moveAgents(s, openField());
    moveAgents(s, openField());
    expect(s.agents[0]).toMatchObject({ tile: { x: 2, y: 0 }, path: [] });
  });

  it('keeps sleepers and people in a conversation still, unless they walk to meet their partner', () => {
    const path = [{ x: 1, y: 0 }];
    const s = state([
      agent('ada', 0, 0, { path, sleeping: true }),
      agent('ben', 0, 1, { path: [{ x: 1, y: 1 }], conversationId: conversationIdFor(1, 'ben') }),
      agent('cy', 0, 2, { path: [{ x: 1, y: 2 }], conversationId: conversationIdFor(1, 'cy'), action: action({ targetAgent: asAgentId('dee') }) }),
    ]);
    moveAgents(s, openField());
    expect(s.agents.map((a) => a.tile)).toEqual([{ x: 0, y: 0 }, { x: 0, y: 1 }, { x: 1, y: 2 }]);
  });

  it('drops a path whose next tile became unwalkable, without moving', () => {
    const s = state([agent('ada', 4, 5, { path: [{ x: 5, y: 5 }, { x: 6, y: 5 }] })]);
    moveAgents(s, openField());
    expect(s.agents[0]).toMatchObject({ tile: { x: 4, y: 5 }, path: [] });
  });
});

describe('facingTowards', () => {
  it('faces the larger move, keeps facing when not moving', () => {
    expect(facingTowards({ x: 0, y: 0 }, { x: -1, y: 0 }, 'down')).toBe('left');
    expect(facingTowards({ x: 0, y: 0 }, { x: 0, y: 1 }, 'up')).toBe('down');
    expect(facingTowards({ x: 0, y: 0 }, { x: 0, y: -2 }, 'down')).toBe('up');
    expect(facingTowards({ x: 0, y: 0 }, { x: 2, y: 2 }, 'down')).toBe('right');
    expect(facingTowards({ x: 3, y: 3 }, { x: 3, y: 3 }, 'left')).toBe('left');
    expect(facingTowards({ x: 3, y: 3 }, { x: 3, y: 3 }, 'up')).toBe('up');
  });
});
