/** diffState: only what changed, every field that changed, object states back to idle. */
import { describe, expect, it } from 'vitest';
import { conversationIdFor } from '../../../server/engine/ids';
import { diffState } from '../../../server/engine/stateDiff';
import { action, agent } from './engineParts';

const idle = (address: string) => `${address} is idle`;

describe('diffState', () => {
  it('reports nothing when nothing changed', () => {
    const a = [agent('ada', 1, 1)];
    expect(diffState(a, [structuredClone(a[0])], { o: 'on' }, { o: 'on' }, idle)).toEqual({});
  });

  it('reports each changed field of an agent, and only those', () => {
    const before = agent('ada', 1, 1);
    const cases: [string, Partial<ReturnType<typeof agent>>, object][] = [
      ['position', { tile: { x: 2, y: 1 } }, { x: 2, y: 1 }],
      ['facing', { facing: 'left' }, { facing: 'left' }],
      ['action', { action: action({ description: 'cooking' }) }, { action: { description: 'cooking', address: 'T:home:room', emoji: '🙂' } }],
      ['emoji', { action: action({ emoji: '🍳' }) }, { action: { description: 'idle', address: 'T:home:room', emoji: '🍳' } }],
      ['address', { action: action({ address: 'T:1:1' }) }, { action: { description: 'idle', address: 'T:1:1', emoji: '🙂' } }],
      ['sleeping', { sleeping: true }, { sleeping: true }],
      ['conversation', { conversationId: conversationIdFor(1, 'ada') }, { conversationId: conversationIdFor(1, 'ada') }],
    ];
    for (const [name, change, expected] of cases) {
      const after = { ...structuredClone(before), ...change };
      expect(diffState([before], [after], {}, {}, idle), name).toEqual({ agents: [{ id: 'ada', ...expected }] });
    }
  });

  it('ignores a path or an action start that changed without a visible change', () => {
    const before = agent('ada');
    const after = { ...structuredClone(before), path: [{ x: 1, y: 0 }], action: { ...before.action, startStep: 9, durationSteps: 3 } };
    expect(diffState([before], [after], {}, {}, idle)).toEqual({});
  });

  it('reports a new agent whole', () => {
    const ben = agent('ben', 3, 4);
    expect(diffState([], [ben], {}, {}, idle).agents).toEqual([
      { id: 'ben', x: 3, y: 4, facing: 'down', action: { description: 'idle', address: 'T:home:room', emoji: '🙂' }, sleeping: false, conversationId: null },
    ]);
  });

  it('reports object states in address order, a state that went away as the idle state', () => {
    const d = diffState([], [], { 'w:b': 'on', 'w:a': 'boiling' }, { 'w:c': 'open', 'w:a': 'boiling' }, idle);
    expect(d.objects).toEqual([
      { address: 'w:b', state: 'w:b is idle' },
      { address: 'w:c', state: 'open' },
    ]);
  });
});

describe('diffState, order and axes', () => {
  it('sorts object addresses whatever order they came in', () => {
    const d = diffState([], [], { 'w:c': 'on' }, { 'w:a': 'open' }, idle);
    expect(d.objects?.map((o) => o.address)).toEqual(['w:a', 'w:c']);
  });

  it('reports a move along y alone', () => {
    const before = agent('ada', 1, 1);
    expect(diffState([before], [{ ...structuredClone(before), tile: { x: 1, y: 2 } }], {}, {}, idle)).toEqual({ agents: [{ id: 'ada', x: 1, y: 2 }] });
  });
});
