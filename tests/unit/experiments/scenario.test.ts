import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, ScenarioError } from '../../../server/experiments/scenario';
import { parseAblation } from '../../../server/mind/generative/ablation';

const valid = {
  name: 'mini',
  title: 'Mini',
  map: '../hamlet.tmj',
  start: '2026-02-13T06:00',
  hours: 2,
  facts: [{ id: 'party', label: 'the party', question: 'Any party?', knowsIf: 'knows of the party', mentions: [['party']], source: 'Rosa Delgado' }],
};

describe('scenario files', () => {
  it('ships party and election, with their maps resolved next to the file', () => {
    const party = loadScenario('party');
    expect(party.mapPath).toMatch(/maps\/hamlet\.tmj$/);
    expect(party.facts.map((f) => f.id)).toEqual(['party', 'election']);
    expect(party.gathering).toMatchObject({ fact: 'party', place: 'Willow Cafe', from: '2026-02-14T17:00' });
    expect(loadScenario('election').facts[0].source).toBe('emmanuel-okafor');
  });

  it('fills defaults and refuses what is wrong, naming the file and the field', () => {
    const s = parseScenario(valid, '/x/maps/scenarios/mini.scenario.json');
    expect(s).toMatchObject({ seed: 1, ablation: 'none', measureEveryHours: 6, relationshipInterviews: true, mapPath: '/x/maps/hamlet.tmj' });
    const bad = (patch: Record<string, unknown>) => () => parseScenario({ ...valid, ...patch }, 'mini.json');
    expect(bad({ start: '2026-02-30T06:00' })).toThrow(/mini\.json: not a valid scenario:\n {2}- start: a game time/);
    expect(bad({ facts: [] })).toThrow(/facts: /);
    expect(bad({ colour: 'red' })).toThrow(/colour/);
    expect(bad({ ablation: 'no-memory' })).toThrow(/ablation/);
    expect(bad({ gathering: { fact: 'election', place: 'Willow Cafe', from: '2026-02-14T17:00', to: '2026-02-14T21:00' } })).toThrow(/gathering\.fact: no fact "election"/);
    expect(bad({ gathering: { fact: 'party', place: 'Willow Cafe', from: '2026-02-14T17:00', to: '2026-02-14T16:00' } })).toThrow(/"to" must come after "from"/);
    expect(bad({ seeds: [{ at: '2026-02-12T06:00', announce: 'hi' }] })).toThrow(/seeds\.0\.at: before the start/);
    expect(() => loadScenario('nope')).toThrow(ScenarioError);
    expect(() => loadScenario('nope')).toThrow(/scenario "nope" not found: .*nope\.scenario\.json \(shipped: party, election\)/);
  });

  it('names ablations, with aliases, and refuses unknown ones', () => {
    expect(parseAblation(undefined)).toBe('none');
    expect(parseAblation('full')).toBe('none');
    expect(parseAblation('No-Reflection')).toBe('no-reflection');
    expect(parseAblation('no-observation')).toBe('no-observation-reflection-planning');
    expect(() => parseAblation('no-memory', '--ablate')).toThrow(/--ablate: unknown ablation "no-memory" \(one of: none, no-reflection/);
  });
});
