import { describe, expect, it } from 'vitest';
import { checkTown, TiledMapJson } from '../../../maps/art/town/check';
import { addresses, layer, readMap, tiles } from './support';

/** Independent BFS over the collision layer from one tile; returns the reached mask. */
function reach(blocked: number[], width: number, height: number, start: number): Uint8Array {
  const seen = new Uint8Array(width * height);
  const queue = [start];
  seen[start] = 1;
  while (queue.length) {
    const t = queue.pop()!;
    const x = t % width;
    const y = (t - x) / width;
    for (const [nx, ny] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]]) {
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const n = ny * width + nx;
      if (!blocked[n] && !seen[n]) {
        seen[n] = 1;
        queue.push(n);
      }
    }
  }
  return seen;
}

describe.each(['hamlet.tmj', 'village.tmj'])('%s is connected', (file) => {
  const map = readMap(file);
  const { width, height, tilewidth: T } = map;
  const blocked = layer(map, 'collision')!.data!;
  const free = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < width && y < height && !blocked[y * width + x];
  const spawn = layer(map, 'spawns')!.objects![0];
  const [sx, sy] = tiles(spawn, T);
  const seen = reach(blocked, width, height, sy * width + sx);

  it('reaches every arena from the first spawn point', () => {
    for (const a of layer(map, 'arenas')!.objects!) {
      const [x0, y0, x1, y1] = tiles(a, T);
      let walkable = 0;
      let reached = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (free(x, y)) {
        walkable++;
        if (seen[y * width + x]) reached++;
      }
      expect(walkable, `arena ${a.name} has walkable tiles`).toBeGreaterThan(0);
      expect(reached, `every walkable tile of arena ${a.name} is reachable`).toBe(walkable);
    }
  });

  it('reaches a use tile (on or 4-adjacent) of every object', () => {
    for (const [address, o] of addresses(map).objects) {
      const [x0, y0, x1, y1] = tiles(o, T);
      const candidates: Array<[number, number]> = [];
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) candidates.push([x, y]);
      for (let x = x0; x < x1; x++) candidates.push([x, y0 - 1], [x, y1]);
      for (let y = y0; y < y1; y++) candidates.push([x0 - 1, y], [x1, y]);
      const ok = candidates.some(([x, y]) => free(x, y) && seen[y * width + x]);
      expect(ok, `${address} has a reachable use tile`).toBe(true);
    }
  });

  it('passes the generator\'s own convention check with no problems', () => {
    const check = checkTown(map as unknown as TiledMapJson);
    expect(check.problems).toEqual([]);
  });

  it('leaves no walkable tile unreachable', () => {
    let pockets = 0;
    for (let i = 0; i < width * height; i++) if (!blocked[i] && !seen[i]) pockets++;
    expect(pockets).toBe(0);
  });

  it('blocks walls and water, and keeps doors open', () => {
    const gidOf = (name: string): number => {
      const ts = (map.tilesets[0] as unknown as { tiles: Array<{ id: number; properties: Array<{ name: string; value: unknown }> }> }).tiles;
      return ts.find((t) => t.properties.some((p) => p.name === 'name' && p.value === name))!.id + 1;
    };
    const walls = layer(map, 'walls')!.data!;
    const ground = layer(map, 'ground')!.data!;
    const doorGids = new Set(['door_h', 'door_v', 'door_shop'].map(gidOf));
    const water = gidOf('water');
    let doors = 0;
    walls.forEach((g, i) => {
      if (doorGids.has(g)) {
        doors++;
        expect(blocked[i]).toBe(0);
      } else if (g) expect(blocked[i]).not.toBe(0);
    });
    expect(doors).toBeGreaterThan(0);
    ground.forEach((g, i) => g === water && expect(blocked[i]).not.toBe(0));
  });
});
