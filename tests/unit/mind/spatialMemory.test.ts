import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GameClock } from '../../../server/engine/clock';
import { GenerativeMind } from '../../../server/mind/generative/index';
import { SpatialMemory } from '../../../server/mind/generative/spatialMemory';
import { CachedEmbedder } from '../../../server/mind/memory/cachedEmbedder';
import { MemoryStream } from '../../../server/mind/memory/memoryStream';
import { parsePersonas } from '../../../server/mind/persona';
import { DEFAULT_MAP, defaultPersonasFor } from '../../../server/cli/town';
import { parseTownMap } from '../../../server/world/loadMap';
import { requirePlace } from '../../../server/world/spatial';
import { HashEmbedder, ScriptedModel } from '../../support/scriptedModel';

const map = parseTownMap(JSON.parse(readFileSync(DEFAULT_MAP, 'utf8')), DEFAULT_MAP);
const personas = parsePersonas(JSON.parse(readFileSync(defaultPersonasFor(DEFAULT_MAP), 'utf8')));

describe('spatial memory', () => {
  it('starts from home (all of it), routine places and the homes of people one knows', () => {
    const mind = new GenerativeMind({ personas, map, clock: new GameClock(), llm: new ScriptedModel(), memory: new MemoryStream({ embedder: new CachedEmbedder(new HashEmbedder(16)) }) });
    const rosa = personas.find((p) => p.id === 'rosa-delgado')!;
    const known = new Set(mind.knownPlaces(rosa.id));
    expect(known.has('Delgado House:bathroom:shower')).toBe(true);
    expect(known.has("Delgado House:Mateo's room")).toBe(true);
    for (const item of rosa.routine) expect(known.has(item.place)).toBe(true);
    const jun = personas.find((p) => p.id === 'jun-tanaka')!;
    expect(known.has(jun.home.split(':')[0])).toBe(true);
    expect(known.has('Oak Hall:room 3')).toBe(false);
    expect(known.has('Hamlet College:lab')).toBe(false);
  });

  it('learns every place within sight, and sectors named in talk', () => {
    const spatial = new SpatialMemory(map);
    const known = spatial.empty();
    const lab = requirePlace(map, 'Hamlet College:lab');
    expect(spatial.see(known, lab.tile, 8)).toBeGreaterThan(3);
    const seen = spatial.knownRelative(known);
    expect(seen).toContain('Hamlet College');
    expect(seen).toContain('Hamlet College:lab');
    expect(seen.some((p) => p.startsWith('Hamlet College:lab:'))).toBe(true);
    expect(spatial.see(known, lab.tile, 8)).toBe(0);

    expect(spatial.learnFromText(known, "Let's meet at The Lamplight tonight, then go to the town hall.").map((a) => a.split(':').pop())).toEqual(['The Lamplight', 'Town Hall']);
    expect(spatial.isKnown(known, 'Hamlet:The Lamplight')).toBe(true);
    expect(spatial.learnFromText(known, 'See you at the Lamplight!')).toEqual([]); // known already
    expect(spatial.learnFromText(known, 'I bought nails at Brennan Supply Co. yesterday').map((a) => a.split(':').pop())).toEqual(['Brennan Supply Co.']);
    expect(spatial.learnFromText(known, 'the town is quiet')).toEqual([]);
  });

  it('round-trips through its compact snapshot form', () => {
    const spatial = new SpatialMemory(map);
    const known = spatial.empty();
    spatial.learnWholeSector(known, 'Willow Cafe');
    spatial.learn(known, 'Town Park:pond');
    const text = spatial.encode(known);
    expect(text.length).toBeLessThan(120);
    expect(spatial.knownRelative(spatial.decode(text))).toEqual(spatial.knownRelative(known));
    expect(spatial.count(known)).toBe(spatial.knownRelative(known).length);
  });
});
