import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parsePersonas, Persona } from '../../../server/mind/persona';
import { addresses, MAPS_DIR, readMap } from './support';

const load = (file: string): Persona[] => parsePersonas(JSON.parse(readFileSync(join(MAPS_DIR, file), 'utf8')), file);
const sheetRows = (): number => PNG.sync.read(readFileSync(join(MAPS_DIR, 'sprites', 'characters.png'))).height / 32;

describe.each([
  ['hamlet.personas.json', 'hamlet.tmj', 25],
  ['village.personas.json', 'village.tmj', 3],
])('%s', (file, mapFile, minPeople) => {
  const personas = load(file);
  const { all, objects } = addresses(readMap(mapFile));

  it('validates against the persona schema', () => {
    expect(personas.length).toBeGreaterThanOrEqual(minPeople);
  });

  it('names only places that exist in the map', () => {
    for (const p of personas) {
      expect(all.has(p.home), `${p.id} home ${p.home}`).toBe(true);
      expect(objects.has(p.bed), `${p.id} bed ${p.bed}`).toBe(true);
      expect(p.bed.startsWith(p.home), `${p.id} sleeps at home`).toBe(true);
      for (const item of [...p.routine, ...(p.weekendRoutine ?? [])]) {
        expect(all.has(item.place), `${p.id} at ${item.at}: ${item.place}`).toBe(true);
      }
    }
  });

  it('sleeps at their own bed and gives everyone a bed of their own', () => {
    const beds = new Set<string>();
    for (const p of personas) {
      expect(beds.has(p.bed), `${p.bed} shared`).toBe(false);
      beds.add(p.bed);
      for (const list of [p.routine, p.weekendRoutine ?? []]) {
        const sleeps = list.filter((i) => i.sleep);
        if (list.length) expect(sleeps.length, `${p.id} sleeps`).toBeGreaterThan(0);
        for (const s of sleeps) expect(s.place).toBe(p.bed);
      }
    }
  });

  it('uses sprites that exist in the character sheet, each once', () => {
    const rows = sheetRows();
    const used = personas.map((p) => p.sprite);
    expect(new Set(used).size).toBe(used.length);
    for (const s of used) expect(s).toBeLessThan(rows);
  });

  it('has 3 to 6 starting memories each', () => {
    for (const p of personas) {
      expect(p.memories.length, p.id).toBeGreaterThanOrEqual(3);
      expect(p.memories.length, p.id).toBeLessThanOrEqual(6);
    }
  });
});

describe('Hamlet townsfolk', () => {
  const personas = load('hamlet.personas.json');
  const byId = new Map(personas.map((p) => [p.id, p]));

  it('know some but not all of each other (density 0.15-0.25), symmetrically', () => {
    const pairs = new Set<string>();
    for (const p of personas) {
      for (const r of p.relationships) {
        expect(byId.get(r.id)!.relationships.some((x) => x.id === p.id), `${r.id} knows ${p.id}`).toBe(true);
        pairs.add([p.id, r.id].sort().join('|'));
      }
      expect(p.relationships.length, `${p.id} knows someone`).toBeGreaterThan(0);
    }
    const n = personas.length;
    const density = pairs.size / ((n * (n - 1)) / 2);
    expect(density).toBeGreaterThanOrEqual(0.15);
    expect(density).toBeLessThanOrEqual(0.25);
  });

  it('share homes as families and live in houses, apartments and the dorm', () => {
    const homes = new Map<string, number>();
    for (const p of personas) homes.set(p.home.split(':')[0], (homes.get(p.home.split(':')[0]) ?? 0) + 1);
    expect(homes.get('Delgado House')).toBe(3);
    expect(homes.get('Linden Apartments')).toBeGreaterThanOrEqual(4);
    expect(homes.get('Oak Hall')).toBeGreaterThanOrEqual(4);
  });

  it('seed the two scenarios in exactly one person each', () => {
    const text = (p: Persona): string => [p.currently, ...p.memories].join(' ').toLowerCase();
    const party = personas.filter((p) => text(p).includes("valentine's day party"));
    expect(party.map((p) => p.id)).toEqual(['rosa-delgado']);
    expect(text(party[0])).toContain('saturday 14 february');
    expect(text(party[0])).toContain('5pm');
    const mayor = personas.filter((p) => /run(ning)? for mayor/.test(text(p)));
    expect(mayor.map((p) => p.id)).toEqual(['emmanuel-okafor']);
  });

  it('meet at the cafe and the bar at overlapping times', () => {
    const at = (place: string, minute: number): string[] =>
      personas
        .filter((p) => {
          const items = p.routine;
          const m = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
          const current = [...items].reverse().find((i) => m(i.at) <= minute) ?? items[items.length - 1];
          return current.place.startsWith(place);
        })
        .map((p) => p.id);
    expect(at('Willow Cafe', 12 * 60 + 15).length).toBeGreaterThanOrEqual(4);
    expect(at('The Lamplight', 20 * 60 + 30).length).toBeGreaterThanOrEqual(4);
    expect(at('Hamlet College', 10 * 60).length).toBeGreaterThanOrEqual(5);
  });
});
