import { describe, expect, it } from 'vitest';
import type { AgentState, SimState } from '../../../server/engine/types';
import { perceive, PerceptionIndex, retain, agentEventDescription } from '../../../server/mind/generative/perception';
import { parseTownMap } from '../../../server/world/loadMap';
import { miniTownMapJson } from '../../support/miniTown';
import { testAgent } from '../../support/agentState';

const map = parseTownMap(miniTownMapJson(), 'mini.tmj');
const index = new PerceptionIndex(map);
const settings = { visionRadiusTiles: 8, attentionBandwidth: 8, retention: 8 };

const agent = (id: string, x: number, y: number, description = 'walking', extra: Partial<AgentState> = {}): AgentState =>
  testAgent(id, x, y, { description, extra });

function state(agents: AgentState[], objects: Record<string, string> = {}, events: SimState['events'] = []): SimState {
  return { step: 0, agents, objects, conversations: [], events };
}

describe('perception', () => {
  it('sees agents within the vision radius in the same arena, itself included, nearest first', () => {
    const me = agent('ada', 5, 8);
    const s = state([me, agent('ben', 8, 8), agent('cleo', 13, 8), agent('dev', 3, 2)]); // dev is indoors
    const p = perceive(me, s, index, settings, []);
    expect(p.attended.map((e) => e.description)).toEqual(['Ada is walking', 'Ben is walking', 'Cleo is walking']);
    expect(p.attendedAgents).toEqual(['ben', 'cleo']);
    expect(perceive(me, s, index, { ...settings, visionRadiusTiles: 4 }, []).attendedAgents).toEqual(['ben']);
  });

  it('attends to at most the bandwidth, and skips what it perceived lately or still has in view', () => {
    const me = agent('ada', 5, 8);
    const others = ['b', 'c', 'd', 'e'].map((id, i) => agent(id, 6 + i, 8));
    const s = state([me, ...others]);
    const p = perceive(me, s, index, { ...settings, attentionBandwidth: 3 }, []);
    expect(p.attended).toHaveLength(3);
    const recent = retain([], p.fresh, 8);
    expect(perceive(me, s, index, settings, recent).fresh.map((e) => e.description)).toEqual(['D is walking', 'E is walking']);
    const inView = p.attended.map((e) => e.key);
    expect(perceive(me, s, index, { ...settings, retention: 0 }, [], inView).fresh).toHaveLength(2);
    expect(retain(['a', 'b', 'c'], p.fresh, 4)).toHaveLength(4);
  });

  it('sees objects in use and injected events in its arena, and sleepers as sleeping', () => {
    const me = agent('ada', 15, 2);
    const s = state([me, agent('ben', 17, 2, 'reading', { sleeping: true })], { 'Minitown:Corner Cafe:cafe floor:coffee machine': 'brewing coffee' }, [
      { id: 'e1', address: 'Minitown:Corner Cafe:cafe floor:table', description: 'A cake appears on the table', step: 0, expiresStep: 10, source: 'injected' },
      { id: 'e2', address: 'Minitown:Ash House:bedroom', description: 'far away', step: 0, expiresStep: 10, source: 'injected' },
    ]);
    const descriptions = perceive(me, s, index, settings, []).attended.map((e) => e.description);
    expect(descriptions).toEqual(expect.arrayContaining(['coffee machine is brewing coffee', 'Ben is sleeping', 'A cake appears on the table']));
    expect(descriptions).not.toContain('far away');
  });

  it('writes agent events in the third person once', () => {
    expect(agentEventDescription('Ada Ash', 'brewing coffee')).toBe('Ada Ash is brewing coffee');
    expect(agentEventDescription('Ada Ash', 'Ada Ash is brewing coffee')).toBe('Ada Ash is brewing coffee');
  });
});
