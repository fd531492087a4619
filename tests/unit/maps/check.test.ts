import { describe, expect, it } from 'vitest';
import { TownBuilder } from '../../../maps/art/town/builder';
import { checkTown, TiledMapJson } from '../../../maps/art/town/check';
import { toTiled } from '../../../maps/art/town/tiled';

/** A 12×10 lawn with one 6×5 room; `door` decides whether the room can be entered. */
function tinyTown(door: boolean): TownBuilder {
  const t = new TownBuilder('Tiny', 12, 10);
  t.fill('ground', { x: 0, y: 0, w: 12, h: 10 }, 'grass');
  t.shell({ x: 2, y: 2, w: 6, h: 5 }, 'brick', 'floor_wood');
  if (door) t.door(4, 6);
  const s = t.sector('Hut', 'home', { x: 2, y: 2, w: 6, h: 5 });
  s.arena('room', { x: 3, y: 3, w: 4, h: 3 }).put('bed', 3, 3, [['bed_top'], ['bed_bottom']]).put('stove', 6, 3, 'stove');
  t.sector('Yard', 'park', { x: 8, y: 0, w: 4, h: 10 }).arena('lawn', { x: 8, y: 0, w: 4, h: 10 });
  t.spawn(10, 5);
  return t;
}

const check = (t: TownBuilder) => checkTown(toTiled(t) as unknown as TiledMapJson);

describe('the town check', () => {
  it('accepts a connected town and lists its addresses', () => {
    const c = check(tinyTown(true));
    expect(c.problems).toEqual([]);
    expect([...c.addresses]).toEqual(expect.arrayContaining(['Hut', 'Hut:room', 'Hut:room:bed', 'Hut:room:stove', 'Yard:lawn']));
  });

  it('reports a room nobody can enter', () => {
    const c = check(tinyTown(false));
    // The search starts in the first arena (the sealed room), so the yard is what it cannot reach.
    expect(c.problems).toContain('arena "Yard:lawn" is unreachable');
  });

  it('reports an object with no walkable tile on or next to it', () => {
    const t = tinyTown(true);
    // Fill the room with counters around the stove so nothing next to it is free.
    for (const [x, y] of [[5, 3], [6, 4], [5, 4]]) t.set('furniture', x, y, 'counter');
    const c = check(t);
    expect(c.problems).toContain('object "Hut:room:stove" has no walkable tile on or next to it');
  });

  it('resolves walls into faces and caps (3/4 view) and keeps doors walkable', () => {
    const map = toTiled(tinyTown(true)) as unknown as { layers: Array<{ name: string; data: number[] }> };
    const walls = map.layers.find((l) => l.name === 'walls')!.data;
    const collision = map.layers.find((l) => l.name === 'collision')!.data;
    const at = (x: number, y: number): number => y * 12 + x;
    expect(walls[at(4, 2)]).not.toBe(walls[at(2, 4)]); // north wall face vs west wall cap
    expect(collision[at(4, 6)]).toBe(0); // the door
    expect(collision[at(2, 4)]).not.toBe(0);
  });

  it('refuses duplicate names and objects outside their arena', () => {
    const t = tinyTown(true);
    const s = t.sector('Shed', 'store', { x: 0, y: 7, w: 8, h: 3 });
    const a = s.arena('inside', { x: 0, y: 7, w: 8, h: 3 });
    a.put('crate', 1, 8, 'crate');
    expect(() => a.put('crate', 2, 8, 'crate')).toThrow(/twice/);
    expect(() => a.mark('far', { x: 10, y: 1, w: 1, h: 1 })).toThrow(/outside/);
    expect(() => t.sector('Shed', 'store', { x: 0, y: 0, w: 1, h: 1 })).toThrow(/twice/);
    expect(() => t.set('furniture', 2, 2, 'crate')).toThrow(/wall/);
  });
});
