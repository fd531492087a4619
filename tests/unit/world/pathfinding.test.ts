import { describe, expect, it } from 'vitest';
import { Rng } from '../../../server/engine/rng';
import { parseTownMap } from '../../../server/world/loadMap';
import { AStarSearch, findPath, labelComponents, PathFinder, type WalkGrid } from '../../../server/world/pathfinding';
import type { Tile } from '../../../server/world/types';
import { townJson } from './fixtures';

/** '#' blocks; anything else is walkable. */
function gridOf(rows: string[]): WalkGrid {
  const width = rows[0].length;
  const blocked = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (blocked[y * width + x] = c === '#' ? 1 : 0)));
  return { width, height: rows.length, blocked };
}

function randomGrid(rng: Rng, width: number, height: number, density: number): WalkGrid {
  const blocked = new Uint8Array(width * height);
  for (let i = 0; i < blocked.length; i++) blocked[i] = rng.chance(density) ? 1 : 0;
  return { width, height, blocked };
}

/** Reference: BFS distance in steps, or -1. */
function bfsDistance(grid: WalkGrid, from: Tile, to: Tile): number {
  const { width, height, blocked } = grid;
  const dist = new Int32Array(width * height).fill(-1);
  const start = from.y * width + from.x;
  const goal = to.y * width + to.x;
  if (blocked[goal]) return -1;
  const queue = [start];
  dist[start] = 0;
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head];
    if (i === goal) return dist[i];
    const x = i % width;
    const y = Math.floor(i / width);
    for (const [nx, ny] of [[x, y - 1], [x + 1, y], [x, y + 1], [x - 1, y]]) {
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const n = ny * width + nx;
      if (blocked[n] || dist[n] !== -1) continue;
      dist[n] = dist[i] + 1;
      queue.push(n);
    }
  }
  return -1;
}

function expectValidPath(grid: WalkGrid, from: Tile, to: Tile, path: readonly Tile[]): void {
  let prev = from;
  for (const step of path) {
    expect(Math.abs(step.x - prev.x) + Math.abs(step.y - prev.y)).toBe(1);
    expect(grid.blocked[step.y * grid.width + step.x]).toBe(0);
    prev = step;
  }
  expect(prev).toEqual(to);
}

const ROOMS = gridOf([
  '..........#.....',
  '.#######..#.....',
  '.#.....#..#.....',
  '.#.....#..#.....',
  '.###.###..#.....',
  '..........#.....',
]);

describe('connected components', () => {
  it('labels walkable regions in row-major order and blocked tiles -1', () => {
    const { labels, sizes } = labelComponents(ROOMS);
    expect(labels[0]).toBe(0);
    expect(labels[11]).toBe(1); // right of the wall
    expect(labels[10]).toBe(-1);
    expect(sizes).toEqual([60 - 17, 30]); // left: 60 tiles minus 17 walls; right: 5 columns × 6 rows
  });

  it('answers reachability in O(1) and refuses unreachable targets without a search', () => {
    const finder = new PathFinder(ROOMS);
    expect(finder.canReach({ x: 0, y: 0 }, { x: 3, y: 3 })).toBe(true);
    expect(finder.canReach({ x: 0, y: 0 }, { x: 12, y: 3 })).toBe(false);
    expect(finder.componentOf({ x: 12, y: 3 })).toBe(1);
    expect(finder.componentOf({ x: 10, y: 3 })).toBe(-1);
    expect(finder.componentOf({ x: 99, y: 3 })).toBe(-1);
    expect(finder.componentSize(1)).toBe(30);
    expect(finder.findPath({ x: 0, y: 0 }, { x: 12, y: 3 })).toBeNull();
    expect(finder.stats()).toMatchObject({ hits: 0, misses: 0, unreachable: 1, size: 0 });
  });
});

describe('A* paths', () => {
  it('excludes the start, includes the goal, and is empty when already there', () => {
    const finder = new PathFinder(ROOMS);
    const path = finder.findPath({ x: 0, y: 0 }, { x: 3, y: 3 })!;
    expectValidPath(ROOMS, { x: 0, y: 0 }, { x: 3, y: 3 }, path);
    expect(path.length).toBe(bfsDistance(ROOMS, { x: 0, y: 0 }, { x: 3, y: 3 }));
    expect(path.length).toBe(12); // down, along the bottom row, in through the door at (4, 4)
    expect(finder.findPath({ x: 2, y: 2 }, { x: 2, y: 2 })).toEqual([]);
  });

  it('returns null for blocked, off-grid and unreachable goals', () => {
    const finder = new PathFinder(ROOMS);
    expect(finder.findPath({ x: 0, y: 0 }, { x: 1, y: 1 })).toBeNull(); // wall
    expect(finder.findPath({ x: 0, y: 0 }, { x: 16, y: 0 })).toBeNull();
    expect(finder.findPath({ x: -1, y: 0 }, { x: 0, y: 0 })).toBeNull();
    expect(finder.findPath({ x: 0.5, y: 0 }, { x: 0, y: 0 })).toBeNull();
    expect(finder.findPath({ x: 0, y: 0 }, { x: 15, y: 5 })).toBeNull();
    expect(findPath(ROOMS, { x: 0, y: 0 }, { x: 15, y: 5 })).toBeNull();
    expect(new AStarSearch(ROOMS).search(0, 15 + 5 * 16)).toBeNull(); // full search agrees
  });

  it('lets an agent standing on a blocked tile walk off it', () => {
    const finder = new PathFinder(ROOMS);
    expect(finder.canReach({ x: 1, y: 1 }, { x: 0, y: 5 })).toBe(true);
    const path = finder.findPath({ x: 1, y: 1 }, { x: 0, y: 5 })!;
    expectValidPath(ROOMS, { x: 1, y: 1 }, { x: 0, y: 5 }, path);
    expect(path.length).toBe(5);
    expect(finder.canReach({ x: 10, y: 0 }, { x: 12, y: 0 })).toBe(true); // wall tile next to both sides
  });

  it('finds shortest paths: lengths equal BFS distances on random grids', () => {
    const rng = new Rng('astar-vs-bfs');
    let compared = 0;
    for (let g = 0; g < 60; g++) {
      const grid = randomGrid(rng, 5 + rng.int(14), 5 + rng.int(10), 0.15 + rng.next() * 0.3);
      const finder = new PathFinder(grid);
      for (let q = 0; q < 25; q++) {
        const from = { x: rng.int(grid.width), y: rng.int(grid.height) };
        const to = { x: rng.int(grid.width), y: rng.int(grid.height) };
        if (grid.blocked[from.y * grid.width + from.x]) continue;
        const expected = bfsDistance(grid, from, to);
        const path = finder.findPath(from, to);
        if (expected === -1) expect(path).toBeNull();
        else {
          expect(path).not.toBeNull();
          expect(path!.length).toBe(expected);
          expectValidPath(grid, from, to, path!);
        }
        expect(finder.canReach(from, to)).toBe(expected !== -1);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(800);
  });

  it('is deterministic: the same grid and endpoints give the same path', () => {
    const grid = randomGrid(new Rng('determinism'), 40, 30, 0.25);
    const a = new PathFinder(grid, { cacheSize: 0 });
    const b = new PathFinder(grid, { cacheSize: 0 });
    const rng = new Rng('pairs');
    for (let i = 0; i < 50; i++) {
      const from = { x: rng.int(40), y: rng.int(30) };
      const to = { x: rng.int(40), y: rng.int(30) };
      const first = a.findPath(from, to);
      // Searches in between must not influence a later answer.
      a.findPath(to, from);
      expect(a.findPath(from, to)).toEqual(first);
      expect(b.findPath(from, to)).toEqual(first);
      expect(findPath(grid, from, to)).toEqual(first === null ? null : [...first]);
    }
  });

  it('breaks ties the same way every time on an open grid', () => {
    const open = gridOf(['....', '....', '....']);
    // Among the equal-length paths, the fixed order (north, east, south, west; equal f → nearer goal) picks this one.
    expect(findPath(open, { x: 0, y: 0 }, { x: 3, y: 2 })).toEqual(
      new PathFinder(open).findPath({ x: 0, y: 0 }, { x: 3, y: 2 }),
    );
    expect(findPath(open, { x: 0, y: 0 }, { x: 3, y: 2 })).toEqual([
      { x: 1, y: 0 },
      { x: 2, y: 0 },
      { x: 3, y: 0 },
      { x: 3, y: 1 },
      { x: 3, y: 2 },
    ]);
  });

  it('does not depend on later edits of the grid it was built from', () => {
    const grid = gridOf(['...', '...']);
    const finder = new PathFinder(grid);
    grid.blocked.fill(1);
    expect(finder.findPath({ x: 0, y: 0 }, { x: 2, y: 1 })?.length).toBe(3);
  });

  it('finds paths between every pair of arenas on a loaded town', () => {
    const map = parseTownMap(townJson(), 'town.tmj');
    const finder = new PathFinder(map);
    for (const a of map.arenas) {
      for (const b of map.arenas) {
        const path = finder.findPath(a.entryTile, b.entryTile);
        expect(path).not.toBeNull();
        expect(path!.length).toBe(bfsDistance(map, a.entryTile, b.entryTile));
      }
    }
    for (const object of map.objects.values()) expect(finder.canReach(map.spawns[0].tile, object.useTile)).toBe(true);
  });
});

describe('path cache', () => {
  it('counts hits and misses and returns the shared frozen path on a hit', () => {
    const finder = new PathFinder(ROOMS);
    const first = finder.findPath({ x: 0, y: 0 }, { x: 3, y: 3 });
    const second = finder.findPath({ x: 0, y: 0 }, { x: 3, y: 3 });
    expect(second).toBe(first);
    expect(finder.stats()).toEqual({ hits: 1, misses: 1, unreachable: 0, size: 1, capacity: 4096 });
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first![0])).toBe(true);
    expect(() => (first as Tile[]).push({ x: 0, y: 0 })).toThrow(TypeError);
    // The reverse direction is a different key.
    finder.findPath({ x: 3, y: 3 }, { x: 0, y: 0 });
    expect(finder.stats()).toMatchObject({ hits: 1, misses: 2, size: 2 });
  });

  it('evicts the least recently used path when full', () => {
    const finder = new PathFinder(ROOMS, { cacheSize: 2 });
    const p = (x: number) => finder.findPath({ x: 0, y: 0 }, { x, y: 0 });
    p(1);
    p(2);
    p(1); // hit: 1 is now the most recent
    p(3); // evicts 2
    p(1); // hit
    p(2); // miss again
    expect(finder.stats()).toEqual({ hits: 2, misses: 4, unreachable: 0, size: 2, capacity: 2 });
  });

  it('can be disabled and cleared', () => {
    const off = new PathFinder(ROOMS, { cacheSize: 0 });
    off.findPath({ x: 0, y: 0 }, { x: 3, y: 3 });
    off.findPath({ x: 0, y: 0 }, { x: 3, y: 3 });
    expect(off.stats()).toMatchObject({ hits: 0, misses: 2, size: 0 });
    const on = new PathFinder(ROOMS);
    on.findPath({ x: 0, y: 0 }, { x: 3, y: 3 });
    on.clearCache();
    expect(on.stats()).toEqual({ hits: 0, misses: 0, unreachable: 0, size: 0, capacity: 4096 });
    expect(on.distance({ x: 0, y: 0 }, { x: 3, y: 3 })).toBe(12);
    expect(on.distance({ x: 0, y: 0 }, { x: 12, y: 3 })).toBe(-1);
  });
});
