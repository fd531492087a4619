import { describe, expect, it } from 'vitest';
import { parseTownMap } from '../../../server/world/loadMap';
import {
  arenaAt,
  fullAddress,
  listArenas,
  listObjects,
  listSectors,
  placeAddresses,
  placeAt,
  relativeAddress,
  requirePlace,
  resolvePlace,
  sectorAt,
} from '../../../server/world/spatial';
import { objectState, withObjectState, idleStates } from '../../../server/world/objectStates';
import { townJson } from './fixtures';

const map = parseTownMap(townJson(), 'maps/town.tmj');

describe('resolvePlace', () => {
  it('resolves a full object address to the object and its use tile', () => {
    const result = resolvePlace(map, 'Hamlet:Hobbs Cafe:counter:coffee machine');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.place.kind).toBe('object');
    expect(result.place.address).toBe('Hamlet:Hobbs Cafe:counter:coffee machine');
    expect(result.place.object).toBe(map.objects.get('Hamlet:Hobbs Cafe:counter:coffee machine'));
    expect(result.place.arena?.name).toBe('counter');
    expect(result.place.sector.name).toBe('Hobbs Cafe');
    expect(result.place.tile).toEqual({ x: 6, y: 1 });
  });

  it('resolves world-relative object, arena and sector addresses', () => {
    expect(requirePlace(map, 'Hobbs Cafe:kitchen:stove')).toMatchObject({ kind: 'object', tile: { x: 1, y: 1 } });
    expect(requirePlace(map, 'Hobbs Cafe:kitchen')).toMatchObject({ kind: 'arena', address: 'Hamlet:Hobbs Cafe:kitchen', tile: { x: 2, y: 2 } });
    expect(requirePlace(map, 'Lin Home')).toMatchObject({ kind: 'sector', address: 'Hamlet:Lin Home', tile: { x: 11, y: 2 } });
    expect(requirePlace(map, 'Hamlet:Park')).toMatchObject({ kind: 'sector', tile: { x: 9, y: 7 } });
  });

  it('ignores case and spaces around the parts', () => {
    expect(requirePlace(map, ' hobbs cafe : KITCHEN : Stove ').address).toBe('Hamlet:Hobbs Cafe:kitchen:stove');
    expect(requirePlace(map, 'hamlet:park:lawn').address).toBe('Hamlet:Park:lawn');
  });

  it('explains what is missing and lists the options there', () => {
    const err = (place: string) => {
      const r = resolvePlace(map, place);
      return r.ok ? 'resolved' : r.error;
    };
    expect(err('Hobbs Caf')).toBe('unknown place "Hobbs Caf": no sector "Hobbs Caf" (Hobbs Cafe, Lin Home, Park)');
    expect(err('Hobbs Cafe:pantry')).toBe('unknown place "Hobbs Cafe:pantry": no arena "pantry" in sector "Hobbs Cafe" (kitchen, counter)');
    expect(err('Hamlet:Hobbs Cafe:kitchen:oven')).toBe(
      'unknown place "Hamlet:Hobbs Cafe:kitchen:oven": no object "oven" in arena "Hobbs Cafe:kitchen" (stove)',
    );
    expect(err('Hamlet')).toBe('"Hamlet" names the whole world; name a sector, arena or object');
    expect(err('')).toMatch(/^bad place ""/);
    expect(err('Park::lawn')).toMatch(/^bad place "Park::lawn"/);
    expect(err('A:b:c:d:e')).toMatch(/at most sector:arena:object/);
    expect(() => requirePlace(map, 'Nowhere')).toThrow('no sector "Nowhere"');
  });

  it('prefers the exact spelling when names differ only by case, and calls other spellings ambiguous', () => {
    const json = townJson();
    json.layers.find((l: { name: string }) => l.name === 'objects').objects.push({ id: 90, name: 'Stove', x: 64, y: 96, width: 32, height: 32 });
    const twin = parseTownMap(json, 'town.tmj');
    expect(requirePlace(twin, 'Hobbs Cafe:kitchen:Stove').object?.rect).toEqual({ x0: 2, y0: 3, x1: 3, y1: 4 });
    expect(requirePlace(twin, 'Hobbs Cafe:kitchen:stove').object?.rect).toEqual({ x0: 1, y0: 1, x1: 2, y1: 2 });
    const r = resolvePlace(twin, 'Hobbs Cafe:kitchen:STOVE');
    expect(r.ok ? '' : r.error).toMatch(/ambiguous/);
  });
});

describe('placeAt and tile lookups', () => {
  it('names the sector and arena at a tile', () => {
    expect(placeAt(map, { x: 2, y: 3 })).toEqual({ sector: 'Hamlet:Hobbs Cafe', arena: 'Hamlet:Hobbs Cafe:kitchen' });
    expect(placeAt(map, { x: 7, y: 3 })).toEqual({ sector: 'Hamlet:Hobbs Cafe' });
    expect(placeAt(map, { x: 1, y: 8 })).toEqual({});
    expect(placeAt(map, { x: -1, y: 0 })).toEqual({});
    expect(placeAt(map, { x: 16, y: 0 })).toEqual({});
  });

  it('returns the nodes at a tile', () => {
    expect(arenaAt(map, { x: 12, y: 3 })?.address).toBe('Hamlet:Lin Home:bedroom');
    expect(arenaAt(map, { x: 8, y: 3 })).toBeUndefined();
    expect(sectorAt(map, { x: 8, y: 3 })?.name).toBe('Lin Home');
    expect(sectorAt(map, { x: 99, y: 3 })).toBeUndefined();
  });
});

describe('address helpers and listings', () => {
  it('converts between full and relative addresses', () => {
    expect(relativeAddress(map, 'Hamlet:Park:lawn')).toBe('Park:lawn');
    expect(relativeAddress(map, 'Elsewhere:Park')).toBe('Elsewhere:Park');
    expect(fullAddress(map, 'park:lawn:bench')).toBe('Hamlet:Park:lawn:bench');
    expect(fullAddress(map, 'Park:pond')).toBeUndefined();
  });

  it('lists sectors, arenas and objects by node or address', () => {
    expect(listSectors(map).map((s) => s.name)).toEqual(['Hobbs Cafe', 'Lin Home', 'Park']);
    expect(listArenas(map, 'Hobbs Cafe').map((a) => a.name)).toEqual(['kitchen', 'counter']);
    expect(listArenas(map, map.sectors[2]).map((a) => a.name)).toEqual(['lawn']);
    expect(listArenas(map, 'Hobbs Cafe:kitchen')).toEqual([]); // not a sector
    expect(listObjects(map, 'Hamlet:Lin Home:bedroom').map((o) => o.name)).toEqual(['bed']);
    expect(listObjects(map, 'Nowhere:x')).toEqual([]);
  });

  it('lists every place in tree order, relative by default', () => {
    expect(placeAddresses(map)).toEqual([
      'Hobbs Cafe',
      'Hobbs Cafe:kitchen',
      'Hobbs Cafe:kitchen:stove',
      'Hobbs Cafe:counter',
      'Hobbs Cafe:counter:coffee machine',
      'Lin Home',
      'Lin Home:bedroom',
      'Lin Home:bedroom:bed',
      'Park',
      'Park:lawn',
      'Park:lawn:bench',
    ]);
    expect(placeAddresses(map, { relative: false, kinds: ['arena'] })).toEqual([
      'Hamlet:Hobbs Cafe:kitchen',
      'Hamlet:Hobbs Cafe:counter',
      'Hamlet:Lin Home:bedroom',
      'Hamlet:Park:lawn',
    ]);
  });
});

describe('object states', () => {
  const bed = 'Hamlet:Lin Home:bedroom:bed';

  it('reads the override or the idle state from the map', () => {
    expect(objectState(map, {}, bed)).toBe('made');
    expect(objectState(map, { [bed]: 'slept in' }, bed)).toBe('slept in');
    expect(objectState(map, {}, 'Hamlet:Park:lawn:swing')).toBeUndefined();
  });

  it('keeps only states that differ from idle, without mutating the input', () => {
    const before = {};
    const busy = withObjectState(map, before, bed, 'slept in');
    expect(busy).toEqual({ [bed]: 'slept in' });
    expect(before).toEqual({});
    expect(withObjectState(map, busy, bed, 'made')).toEqual({});
    expect(withObjectState(map, busy, bed, null)).toEqual({});
    expect(() => withObjectState(map, {}, 'Hamlet:Park:lawn:swing', 'x')).toThrow('unknown object "Hamlet:Park:lawn:swing"');
    expect(idleStates(map).get('Hamlet:Hobbs Cafe:counter:coffee machine')).toBe('off');
  });
});
