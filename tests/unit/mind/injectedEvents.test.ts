import { describe, expect, it } from 'vitest';
import type { AgentState, SimState, WorldEvent } from '../../../server/engine/types';
import { perceive, PerceptionIndex } from '../../../server/mind/generative/perception';
import { AnswerStream } from '../../../server/mind/generative/answerStream';
import { parseTownMap } from '../../../server/world/loadMap';
import { miniTownMapJson } from '../../support/miniTown';
import { testAgent } from '../../support/agentState';

const map = parseTownMap(miniTownMapJson(), 'mini.tmj');
const index = new PerceptionIndex(map);
const settings = { visionRadiusTiles: 8, attentionBandwidth: 8, retention: 8 };

const agent = (id: string, x: number, y: number): AgentState => testAgent(id, x, y, { name: id, description: 'idle', emoji: '🙂' });

const ev = (e: Partial<WorldEvent> & Pick<WorldEvent, 'address' | 'description'>): WorldEvent => ({ id: 'e', step: 0, expiresStep: 100, source: 'injected', ...e });
const seen = (me: AgentState, events: WorldEvent[], step = 0) => {
  const s: SimState = { step, agents: [me], objects: {}, conversations: [], events };
  return perceive(me, s, index, settings, []).attended.map((e) => e.description).filter((d) => d !== `${me.name} is idle`);
};

describe('injected events in perception', () => {
  const cafeEvent = ev({ address: 'Minitown:Corner Cafe:cafe floor', description: 'a band starts playing' });

  it('an event at the cafe is perceived by agents in the cafe and not by agents across town', () => {
    expect(seen(agent('inCafe', 16, 2), [cafeEvent])).toEqual(['a band starts playing']);
    expect(seen(agent('atHome', 2, 2), [cafeEvent])).toEqual([]);
    expect(seen(agent('onStreet', 16, 6), [cafeEvent])).toEqual([]); // close, but outside the room
  });

  it('an event at a place as a whole is noticed by whoever is there, not by those outside', () => {
    const atCafe = ev({ address: 'Minitown:Corner Cafe', description: 'a stray dog runs in' });
    expect(seen(agent('inCafe', 16, 2), [atCafe])).toEqual(['a stray dog runs in']);
    expect(seen(agent('onStreet', 16, 6), [atCafe])).toEqual([]);
    expect(seen(agent('atHome', 2, 2), [atCafe])).toEqual([]);
  });

  it('a scheduled event is not perceived before its start step', () => {
    const later = { ...cafeEvent, step: 50 };
    expect(seen(agent('inCafe', 16, 2), [later], 49)).toEqual([]);
    expect(seen(agent('inCafe', 16, 2), [later], 50)).toEqual(['a band starts playing']);
  });

  it('a town-wide announcement reaches everyone, wherever they are', () => {
    const news = ev({ address: 'Minitown', description: 'The mayor declares a holiday', townWide: true });
    for (const [x, y] of [[2, 2], [8, 2], [16, 2], [20, 10]]) expect(seen(agent('a', x, y), [news])).toEqual(['The mayor declares a holiday']);
  });

  it('an event with a radius carries across its place up to the radius, and no further', () => {
    const alarm = ev({ address: 'Minitown:Main Street:pavement', description: 'a fire alarm rings', radiusTiles: 3 });
    const place = index.eventPlace(alarm.address)!;
    expect(seen(agent('near', place.tile.x + 3, place.tile.y), [alarm])).toEqual(['a fire alarm rings']);
    expect(seen(agent('far', place.tile.x + 4, place.tile.y), [alarm])).toEqual([]);
  });

  it('an injected object state is seen as the object state, not twice', () => {
    const fire = ev({ address: 'Minitown:Corner Cafe:cafe floor:coffee machine', description: 'coffee machine is on fire', objectState: 'on fire' });
    expect(seen(agent('inCafe', 16, 2), [fire])).toEqual([]);
  });
});

describe('AnswerStream', () => {
  const run = (pieces: string[]) => {
    let out = '';
    const s = new AnswerStream((p) => (out += p));
    for (const p of pieces) s.push(p);
    return out;
  };

  it('streams only the answer of a JSON reply, decoding escapes split across pieces', () => {
    expect(run(['{"ans', 'wer": "I lo', 've \\', '"bread\\"', '\\u00e9!"', ', "x": 1}'])).toBe('I love "bread"é!');
  });

  it('streams a plain-text reply as it comes', () => {
    expect(run(['  Hello', ' there'])).toBe('  Hello there');
  });
});
