import { describe, expect, it } from 'vitest';
import { editDistance, nearestKnownPlace, rankKnownPlaces } from '../../../server/world/placeMatch';
import { parseTownMap } from '../../../server/world/loadMap';
import { placeAddresses, requirePlace } from '../../../server/world/spatial';
import { townJson } from './fixtures';

const KNOWN = [
  'Hobbs Cafe',
  'Hobbs Cafe:kitchen',
  'Hobbs Cafe:kitchen:stove',
  'Hobbs Cafe:counter',
  'Hobbs Cafe:counter:coffee machine',
  'Lin Home',
  'Lin Home:bedroom',
  'Lin Home:bedroom:bed',
  'Lin Home:kitchen',
  'Lin Home:kitchen:stove',
  'Park:lawn:bench',
  'Oak Hill College',
  'Oak Hill College:library:desk',
  'Oak Hill College:library:desk 2',
];

const nearest = (candidate: string, known: readonly string[] = KNOWN) => nearestKnownPlace(candidate, known)?.place;

describe('nearestKnownPlace', () => {
  it('returns exact matches with score 1, ignoring case, accents and punctuation', () => {
    expect(nearestKnownPlace('hobbs cafe:KITCHEN', KNOWN)).toEqual({ place: 'Hobbs Cafe:kitchen', index: 1, score: 1 });
    expect(nearest('Hobbs Café:Kitchen')).toBe('Hobbs Cafe:kitchen');
    expect(nearest('Hobbs Cafe:kitchen:stove.')).toBe('Hobbs Cafe:kitchen:stove');
    expect(nearest("Lin's home")).toBe('Lin Home');
    expect(nearest('coffee-machine', ['stove', 'coffee machine'])).toBe('coffee machine');
  });

  it('repairs misspellings', () => {
    expect(nearest('Hobs Cafe:kitchn:stov')).toBe('Hobbs Cafe:kitchen:stove');
    expect(nearest('bedrom')).toBe('Lin Home:bedroom');
    expect(nearest('tabel', ['stove', 'table', 'sink'])).toBe('table');
    expect(nearest('coffemachine', ['stove', 'coffee machine'])).toBe('coffee machine');
  });

  it('maps partial names and prose to the most specific fitting place', () => {
    expect(nearest('the cafe kitchen stove')).toBe('Hobbs Cafe:kitchen:stove');
    expect(nearest('lin home kitchen')).toBe('Lin Home:kitchen');
    expect(nearest('bed')).toBe('Lin Home:bedroom:bed');
    expect(nearest('coffeemachine')).toBe('Hobbs Cafe:counter:coffee machine');
    expect(nearest('park bench')).toBe('Park:lawn:bench');
    expect(nearest('library desk 2')).toBe('Oak Hill College:library:desk 2');
    expect(nearest('the college')).toBe('Oak Hill College');
  });

  it('breaks ties by list order, deterministically', () => {
    expect(nearest('kitchen')).toBe('Hobbs Cafe:kitchen');
    expect(nearest('kitchen', [...KNOWN].reverse())).toBe('Lin Home:kitchen');
    const ranked = rankKnownPlaces('stove', KNOWN).map((m) => m.place);
    expect(ranked.slice(0, 2)).toEqual(['Hobbs Cafe:kitchen:stove', 'Lin Home:kitchen:stove']);
  });

  it('returns undefined when nothing is close enough', () => {
    expect(nearest('the supermarket')).toBeUndefined();
    expect(nearest('oven', ['stove', 'sink'])).toBeUndefined();
    expect(nearest('', KNOWN)).toBeUndefined();
    expect(nearest('!!!', KNOWN)).toBeUndefined();
    expect(nearest('stove', [])).toBeUndefined();
    expect(nearestKnownPlace('bar stool', ['stove', 'sink'], { minScore: 0.3 })?.place).toBe('stove');
  });

  it('ranks with scores in [0, 1], best first', () => {
    const ranked = rankKnownPlaces('Hobbs cafe', KNOWN);
    expect(ranked[0]).toMatchObject({ place: 'Hobbs Cafe', score: 1 });
    for (let i = 1; i < ranked.length; i++) expect(ranked[i].score).toBeLessThanOrEqual(ranked[i - 1].score);
    for (const m of ranked) expect(m.score).toBeGreaterThan(0);
  });

  it('repairs an unknown model answer to a place that resolves on the map', () => {
    const map = parseTownMap(townJson(), 'town.tmj');
    const match = nearestKnownPlace('Hobbs cafe counter coffee maker', placeAddresses(map));
    expect(match?.place).toBe('Hobbs Cafe:counter:coffee machine');
    expect(requirePlace(map, match!.place).tile).toEqual({ x: 6, y: 1 });
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('kitchen', 'kitchen')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitchen', 'kitchn')).toBe(1);
    expect(editDistance('kitchen', 'kitchne')).toBe(1);
    expect(editDistance('stove', 'stone')).toBe(1);
    expect(editDistance('flaw', 'lawn')).toBe(2);
  });
});
