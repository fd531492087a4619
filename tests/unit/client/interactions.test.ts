/**
 * The page's pure parts behind issue #10: places named on the map (the inject panel's list and
 * map clicks), the feed built from step messages, and the client state dropping a cancelled
 * scheduled event.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot, StepMessage } from '../../../server/net/protocol';
import { feedEntriesOf, feedEntriesOfEvents } from '../../../client/src/state/feed';
import { TownState } from '../../../client/src/state/townState';
import { PlaceIndex } from '../../../client/src/town/placeIndex';
import { miniTownMapJson } from '../../support/miniTown';
import { asAgentId } from '../../../server/engine/ids';

const T = 32;

describe('PlaceIndex: places for the inject panel', () => {
  const places = new PlaceIndex(miniTownMapJson() as { layers?: unknown });

  it('lists sectors, arenas and objects by the key the inject request takes', () => {
    const keys = places.places().map((p) => `${p.kind}:${p.key}`);
    expect(keys).toContain('sector:Corner Cafe');
    expect(keys).toContain('arena:Corner Cafe:cafe floor');
    expect(keys).toContain('object:Corner Cafe:cafe floor:coffee machine');
    expect(places.places().filter((p) => p.kind === 'sector')).toHaveLength(4);
  });

  it('a map click picks the object there, else the room, else the sector; nothing outside the town', () => {
    expect(places.placeAt(16 * T + 20, 1 * T + 10)?.key).toBe('Corner Cafe:cafe floor:coffee machine');
    expect(places.placeAt(18 * T, 3 * T)?.key).toBe('Corner Cafe:cafe floor');
    expect(places.placeAt(0, 0)).toBeNull();
  });

  it('centres places given by key or by full address', () => {
    expect(places.centreOf('Hamlet:Corner Cafe')).toEqual({ x: 18 * T, y: 2.5 * T });
    expect(places.centreOf('Corner Cafe:cafe floor:coffee machine')).toEqual({ x: 16 * T + T / 2, y: T + T / 2 });
    expect(places.centreOf('Nowhere')).toBeNull();
  });
});

const START = Date.UTC(2026, 1, 13, 8, 0);
const timeOfStep = (step: number) => START + step * 10_000;

describe('the feed', () => {
  it('lists injects (scheduled ones at their start), whispers and remembered interviews with game times and a place or person to centre on', () => {
    const delta: StepMessage = {
      step: 6,
      time: timeOfStep(7),
      inputs: [
        { kind: 'event', id: 'ev-1', address: 'Hamlet:Corner Cafe', description: 'a dog runs in', radiusTiles: 4 },
        { kind: 'announcement', id: 'ev-2', text: 'festival at noon', atStep: 60 },
        { kind: 'whisper', agentId: asAgentId('ada-ash'), text: 'call Ben' },
        { kind: 'remember', agentId: asAgentId('ben-ash'), interviewer: 'x', question: 'How are you?', answer: 'Fine.' },
      ],
      events: [
        { id: 'ev-1', address: 'Hamlet:Corner Cafe', description: 'a dog runs in', step: 6, expiresStep: 100, source: 'injected', radiusTiles: 4 },
        { id: 'ev-2', address: 'Hamlet', description: 'festival at noon', step: 60, expiresStep: 200, source: 'injected', townWide: true },
      ],
    };
    const entries = feedEntriesOf(delta, new Map([['ada-ash', 'Ada Ash']]), timeOfStep);
    expect(entries.map((e) => [e.kind, e.time, e.text, e.focus])).toEqual([
      ['event', timeOfStep(6), '📣 a dog runs in @ Corner Cafe (4 tiles around)', { place: 'Hamlet:Corner Cafe' }],
      ['announcement', timeOfStep(60), '📢 to everyone: festival at noon (scheduled)', null],
      ['whisper', timeOfStep(6), '🤫 whispered to Ada Ash: call Ben', { agentId: 'ada-ash' }],
      ['remember', timeOfStep(6), '🧠 ben-ash remembers being asked: How are you?', { agentId: 'ben-ash' }],
    ]);
  });
});

describe('the feed of a page that connects later', () => {
  it('lists the injected events its snapshot holds, once, and not the world’s own', () => {
    const events = [
      { id: 'ev-1', address: 'Hamlet:Corner Cafe', description: 'a dog runs in', step: 6, expiresStep: 100, source: 'injected' as const, radiusTiles: 4 },
      { id: 'ev-2', address: 'Hamlet:Corner Cafe:cafe floor:counter', description: 'counter is smoking', step: 60, expiresStep: 100, source: 'injected' as const, objectState: 'smoking' },
      { id: 'w-1', address: 'Hamlet:Corner Cafe', description: 'rain', step: 1, expiresStep: 100, source: 'world' as const },
    ];
    const entries = feedEntriesOfEvents(events, new Set(['ev-1']), timeOfStep);
    expect(entries).toEqual([{ kind: 'objectState', time: timeOfStep(60), text: '🔧 Corner Cafe › cafe floor › counter is smoking', focus: { place: 'Hamlet:Corner Cafe:cafe floor:counter' }, eventId: 'ev-2' }]);
  });
});

describe('TownState and cancelled events', () => {
  it('drops a scheduled event when a step applies its cancel', () => {
    const snapshot = {
      protocol: 1,
      role: 'controller',
      sim: { world: 'Hamlet', mind: 'x', mindKind: 'generative', seed: 1, secondsPerStep: 10, startTime: START },
      status: { paused: true, speed: 1, step: 5, time: timeOfStep(5) },
      map: {},
      agents: [],
      objects: {},
      conversations: [],
      events: [{ id: 'ev-9', address: 'Hamlet:Corner Cafe', description: 'a dog', step: 50, expiresStep: 80, source: 'injected' }],
    } as unknown as Snapshot;
    const state = new TownState(snapshot);
    state.apply({ step: 5, time: timeOfStep(6) });
    expect(state.events.map((e) => e.id)).toEqual(['ev-9']);
    state.apply({ step: 6, time: timeOfStep(7), inputs: [{ kind: 'cancel', eventId: 'ev-9' }] });
    expect(state.events).toEqual([]);
  });
});
