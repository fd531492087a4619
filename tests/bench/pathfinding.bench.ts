/**
 * Pathfinding benchmark: A* on a generated town-like grid (buildings with doors, scattered
 * trees), cold (no cache), cached, unreachable fast-fails, and a 500-agent routine.
 * Run: npx tsx tests/bench/pathfinding.bench.ts [width height]
 * Prints a table and, last, one JSON line with the figures.
 */
import { performance } from 'node:perf_hooks';
import { Rng } from '../../server/engine/rng';
import { AStarSearch, PathFinder, type WalkGrid } from '../../server/world/pathfinding';
import type { Tile } from '../../server/world/types';

const width = Number(process.argv[2] ?? 140);
const height = Number(process.argv[3] ?? 100);

/** Buildings: walled rectangles with one or two doors; trees: single blocked tiles. */
function townGrid(rng: Rng, w: number, h: number): WalkGrid {
  const blocked = new Uint8Array(w * h);
  const set = (x: number, y: number, v: number) => {
    if (x >= 0 && y >= 0 && x < w && y < h) blocked[y * w + x] = v;
  };
  const buildings = Math.floor((w * h) / 450);
  for (let b = 0; b < buildings; b++) {
    const bw = rng.range(6, 16);
    const bh = rng.range(5, 12);
    const x0 = rng.int(w - bw);
    const y0 = rng.int(h - bh);
    for (let x = x0; x < x0 + bw; x++) {
      set(x, y0, 1);
      set(x, y0 + bh - 1, 1);
    }
    for (let y = y0; y < y0 + bh; y++) {
      set(x0, y, 1);
      set(x0 + bw - 1, y, 1);
    }
    for (let y = y0 + 1; y < y0 + bh - 1; y++) for (let x = x0 + 1; x < x0 + bw - 1; x++) set(x, y, 0);
    // Inner wall with a gap, and doors.
    const split = x0 + Math.floor(bw / 2);
    for (let y = y0 + 1; y < y0 + bh - 1; y++) set(split, y, 1);
    set(split, y0 + 1 + rng.int(bh - 2), 0);
    set(x0 + 1 + rng.int(bw - 2), y0 + bh - 1, 0);
    if (rng.chance(0.5)) set(x0 + 1 + rng.int(bw - 2), y0, 0);
  }
  for (let i = 0; i < w * h * 0.04; i++) set(rng.int(w), rng.int(h), 1);
  return { width: w, height: h, blocked };
}

function walkableTiles(grid: WalkGrid, finder: PathFinder): Tile[] {
  // Tiles on the largest component, so random pairs are reachable.
  let main = 0;
  for (let c = 1; finder.componentSize(c) > 0; c++) if (finder.componentSize(c) > finder.componentSize(main)) main = c;
  const tiles: Tile[] = [];
  for (let y = 0; y < grid.height; y++) {
    for (let x = 0; x < grid.width; x++) if (finder.componentOf({ x, y }) === main) tiles.push({ x, y });
  }
  return tiles;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const rng = new Rng('pathfinding-bench');
const grid = townGrid(rng, width, height);
const blockedShare = grid.blocked.reduce((a, b) => a + b, 0) / grid.blocked.length;
const coldFinder = new PathFinder(grid, { cacheSize: 0 });
const tiles = walkableTiles(grid, coldFinder);
const pick = () => tiles[rng.int(tiles.length)];

// Warm up the JIT.
for (let i = 0; i < 2000; i++) coldFinder.findPath(pick(), pick());

// Cold: every request runs A*.
const COLD = 20_000;
const pairs = Array.from({ length: COLD }, () => [pick(), pick()] as const);
const search = new AStarSearch(grid);
let totalLength = 0;
let totalExpanded = 0;
const perPath: number[] = [];
for (const [a, b] of pairs.slice(0, 3000)) {
  const t0 = performance.now();
  const p = search.search(a.y * width + a.x, b.y * width + b.x);
  perPath.push(performance.now() - t0);
  totalLength += p?.length ?? 0;
  totalExpanded += search.lastExpanded;
}
perPath.sort((x, y) => x - y);
const coldMs = time(() => {
  for (const [a, b] of pairs) coldFinder.findPath(a, b);
});

// Cached: 500 agents, each going between 12 places of its own routine; first pass fills the cache.
const places = Array.from({ length: 120 }, pick);
const agents = Array.from({ length: 500 }, () => Array.from({ length: 12 }, () => places[rng.int(places.length)]));
const cachedFinder = new PathFinder(grid, { cacheSize: 8192 });
const fillMs = time(() => {
  for (const routine of agents) for (let i = 1; i < routine.length; i++) cachedFinder.findPath(routine[i - 1], routine[i]);
});
const afterFill = cachedFinder.stats();
const CACHED_ROUNDS = 20;
const cachedMs = time(() => {
  for (let r = 0; r < CACHED_ROUNDS; r++) {
    for (const routine of agents) for (let i = 1; i < routine.length; i++) cachedFinder.findPath(routine[i - 1], routine[i]);
  }
});
const cachedRequests = CACHED_ROUNDS * agents.length * 11;
const stats = cachedFinder.stats();

// Unreachable: a walled-in pocket.
const pocketGrid: WalkGrid = { width, height, blocked: Uint8Array.from(grid.blocked) };
for (let x = 0; x < 5; x++) for (let y = 0; y < 5; y++) pocketGrid.blocked[y * width + x] = x === 4 || y === 4 ? 1 : 0;
const pocketFinder = new PathFinder(pocketGrid);
const UNREACHABLE = 200_000;
const unreachableMs = time(() => {
  for (let i = 0; i < UNREACHABLE; i++) pocketFinder.findPath(places[i % places.length], { x: 1, y: 1 });
});

const setupMs = time(() => new PathFinder(grid));

const figures = {
  grid: `${width}x${height}`,
  blockedShare: Number(blockedShare.toFixed(3)),
  walkableMainComponent: tiles.length,
  coldPathsPerSec: Math.round(COLD / (coldMs / 1000)),
  coldMsPerPath: Number((coldMs / COLD).toFixed(4)),
  coldP50Ms: Number(perPath[Math.floor(perPath.length * 0.5)].toFixed(4)),
  coldP99Ms: Number(perPath[Math.floor(perPath.length * 0.99)].toFixed(4)),
  coldMaxMs: Number(perPath[perPath.length - 1].toFixed(4)),
  meanPathLength: Number((totalLength / 3000).toFixed(1)),
  meanExpandedNodes: Math.round(totalExpanded / 3000),
  cachedPathsPerSec: Math.round(cachedRequests / (cachedMs / 1000)),
  cachedMsPerPath: Number((cachedMs / cachedRequests).toFixed(5)),
  cacheFillMs500Agents: Number(fillMs.toFixed(1)),
  cacheAfterFill: afterFill,
  cacheFinal: stats,
  unreachablePerSec: Math.round(UNREACHABLE / (unreachableMs / 1000)),
  pathFinderSetupMs: Number(setupMs.toFixed(2)),
  node: process.version,
};

console.log(`pathfinding on a ${figures.grid} grid (${(blockedShare * 100).toFixed(1)}% blocked, ${tiles.length} tiles in the main component)`);
console.log(`  cold A*        ${figures.coldPathsPerSec.toLocaleString('en')} paths/s   mean ${figures.coldMsPerPath} ms   p50 ${figures.coldP50Ms} ms   p99 ${figures.coldP99Ms} ms   max ${figures.coldMaxMs} ms`);
console.log(`                 mean path ${figures.meanPathLength} tiles, ${figures.meanExpandedNodes} nodes expanded`);
console.log(`  cached         ${figures.cachedPathsPerSec.toLocaleString('en')} paths/s   ${figures.cachedMsPerPath} ms per hit`);
console.log(`  500 agents     cache filled in ${figures.cacheFillMs500Agents} ms (${afterFill.misses} searches, ${afterFill.hits} hits)`);
console.log(`  unreachable    ${figures.unreachablePerSec.toLocaleString('en')} refusals/s (component check, no search)`);
console.log(`  PathFinder setup (components + tile table) ${figures.pathFinderSetupMs} ms`);
console.log(JSON.stringify(figures));
