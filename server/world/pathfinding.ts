/**
 * Paths on the collision grid: A* over 4-neighbour moves with a Manhattan heuristic, a binary
 * heap on typed arrays and reusable buffers (no per-search allocation besides the result),
 * connected-component labels so unreachable targets fail in O(1), and an LRU path cache.
 *
 * Determinism: the heap order, the neighbour order (north, east, south, west) and the tie
 * rule (equal f → smaller h first) are fixed, so the same grid and endpoints always give the
 * same path.
 */
import type { Tile } from './types';

/** The walkability grid: row-major, `blocked[y * width + x] !== 0` blocks movement. A TownMap is one. */
export interface WalkGrid {
  readonly width: number;
  readonly height: number;
  readonly blocked: Uint8Array;
}

/** Connected regions of walkable tiles (4-neighbour). */
export interface Components {
  /** Row-major; -1 on blocked tiles, else the component id (0, 1, ... in row-major order of first tile). */
  labels: Int32Array;
  /** Tile count per component id. */
  sizes: number[];
}

/** Labels the walkable tiles by connected component with a breadth-first flood fill. */
export function labelComponents(grid: WalkGrid): Components {
  const { width, height, blocked } = grid;
  const n = width * height;
  const labels = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const sizes: number[] = [];
  for (let seed = 0; seed < n; seed++) {
    if (blocked[seed] || labels[seed] !== -1) continue;
    const id = sizes.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    labels[seed] = id;
    while (head < tail) {
      const i = queue[head++];
      const x = i % width;
      // Same neighbour order as the search: north, east, south, west.
      if (i >= width && !blocked[i - width] && labels[i - width] === -1) {
        labels[i - width] = id;
        queue[tail++] = i - width;
      }
      if (x < width - 1 && !blocked[i + 1] && labels[i + 1] === -1) {
        labels[i + 1] = id;
        queue[tail++] = i + 1;
      }
      if (i < n - width && !blocked[i + width] && labels[i + width] === -1) {
        labels[i + width] = id;
        queue[tail++] = i + width;
      }
      if (x > 0 && !blocked[i - 1] && labels[i - 1] === -1) {
        labels[i - 1] = id;
        queue[tail++] = i - 1;
      }
    }
    sizes.push(tail);
  }
  return { labels, sizes };
}

/**
 * Reusable A* state for one grid. `search` returns the row-major indices of the path
 * (excluding start, including goal), or null.
 */
export class AStarSearch {
  private readonly g: Int32Array;
  private readonly parent: Int32Array;
  /** Generation stamps let us skip clearing the arrays between searches. */
  private readonly seen: Uint32Array;
  private readonly closed: Uint32Array;
  private generation = 0;
  private heapNodes: Int32Array;
  private heapKeys: Float64Array;
  private heapSize = 0;
  /** Nodes expanded by the last search (for tests and benchmarks). */
  lastExpanded = 0;

  constructor(private readonly grid: WalkGrid) {
    const n = grid.width * grid.height;
    this.g = new Int32Array(n);
    this.parent = new Int32Array(n);
    this.seen = new Uint32Array(n);
    this.closed = new Uint32Array(n);
    this.heapNodes = new Int32Array(Math.max(16, n));
    this.heapKeys = new Float64Array(Math.max(16, n));
  }

  search(start: number, goal: number): number[] | null {
    const { width, height, blocked } = this.grid;
    const n = width * height;
    if (start < 0 || goal < 0 || start >= n || goal >= n || blocked[goal]) return null;
    if (start === goal) return [];
    if (++this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.closed.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const { g, parent, seen, closed } = this;
    const gx = goal % width;
    const gy = (goal - gx) / width;
    // Key = f * tieScale + h: equal f prefers the node nearer the goal (fewer expansions).
    const tieScale = width + height + 1;
    this.heapSize = 0;
    g[start] = 0;
    parent[start] = -1;
    seen[start] = gen;
    const sx = start % width;
    const h0 = Math.abs(sx - gx) + Math.abs((start - sx) / width - gy);
    this.push(start, h0 * tieScale + h0);
    let expanded = 0;
    while (this.heapSize > 0) {
      const current = this.pop();
      if (closed[current] === gen) continue; // stale heap entry
      closed[current] = gen;
      expanded++;
      if (current === goal) {
        this.lastExpanded = expanded;
        return this.reconstruct(goal);
      }
      const cx = current % width;
      const gNext = g[current] + 1;
      for (let k = 0; k < 4; k++) {
        let next: number;
        if (k === 0) {
          if (current < width) continue;
          next = current - width;
        } else if (k === 1) {
          if (cx === width - 1) continue;
          next = current + 1;
        } else if (k === 2) {
          if (current >= n - width) continue;
          next = current + width;
        } else {
          if (cx === 0) continue;
          next = current - 1;
        }
        if (blocked[next] || closed[next] === gen) continue;
        if (seen[next] === gen && g[next] <= gNext) continue;
        seen[next] = gen;
        g[next] = gNext;
        parent[next] = current;
        const nx = next % width;
        const h = Math.abs(nx - gx) + Math.abs((next - nx) / width - gy);
        this.push(next, (gNext + h) * tieScale + h);
      }
    }
    this.lastExpanded = expanded;
    return null;
  }

  private reconstruct(goal: number): number[] {
    const path: number[] = [];
    for (let i = goal; this.parent[i] !== -1; i = this.parent[i]) path.push(i);
    return path.reverse();
  }

  private push(node: number, key: number): void {
    if (this.heapSize === this.heapNodes.length) {
      const nodes = new Int32Array(this.heapNodes.length * 2);
      const keys = new Float64Array(this.heapKeys.length * 2);
      nodes.set(this.heapNodes);
      keys.set(this.heapKeys);
      this.heapNodes = nodes;
      this.heapKeys = keys;
    }
    const nodes = this.heapNodes;
    const keys = this.heapKeys;
    let i = this.heapSize++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (keys[up] <= key) break;
      nodes[i] = nodes[up];
      keys[i] = keys[up];
      i = up;
    }
    nodes[i] = node;
    keys[i] = key;
  }

  private pop(): number {
    const nodes = this.heapNodes;
    const keys = this.heapKeys;
    const top = nodes[0];
    const size = --this.heapSize;
    if (size > 0) {
      const node = nodes[size];
      const key = keys[size];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && keys[child + 1] < keys[child]) child++;
        if (keys[child] >= key) break;
        nodes[i] = nodes[child];
        keys[i] = keys[child];
        i = child;
      }
      nodes[i] = node;
      keys[i] = key;
    }
    return top;
  }
}

/** One-off A* without caching. Prefer a long-lived {@link PathFinder}. */
export function findPath(grid: WalkGrid, from: Tile, to: Tile): Tile[] | null {
  const inside = (t: Tile) => t.x >= 0 && t.y >= 0 && t.x < grid.width && t.y < grid.height;
  if (!inside(from) || !inside(to)) return null;
  const path = new AStarSearch(grid).search(from.y * grid.width + from.x, to.y * grid.width + to.x);
  return path && path.map((i) => ({ x: i % grid.width, y: Math.floor(i / grid.width) }));
}

export interface PathCacheStats {
  /** Requests answered from the cache. */
  hits: number;
  /** Requests that ran an A* search. */
  misses: number;
  /** Requests refused in O(1) because the endpoints lie in different components (or off the grid/blocked). */
  unreachable: number;
  size: number;
  capacity: number;
}

export interface PathFinderOptions {
  /** Paths kept in the LRU cache (default 4096; 0 disables caching). */
  cacheSize?: number;
}

/**
 * Long-lived path service for one static grid (agents do not block each other).
 *
 * Returned paths are shared with the cache: the arrays and their tiles are frozen, so copy
 * (`[...path]`) before editing. Tiles are shared per grid cell, so a cached path costs one
 * pointer per step.
 */
export class PathFinder {
  readonly width: number;
  readonly height: number;
  private readonly grid: WalkGrid;
  private readonly components: Components;
  private readonly search: AStarSearch;
  private readonly tiles: Tile[];
  private readonly cache = new Map<number, readonly Tile[] | null>();
  private readonly capacity: number;
  private hits = 0;
  private misses = 0;
  private unreachable = 0;

  constructor(grid: WalkGrid, options: PathFinderOptions = {}) {
    this.width = grid.width;
    this.height = grid.height;
    // Own a copy so later edits to the caller's array cannot invalidate cached paths silently.
    this.grid = { width: grid.width, height: grid.height, blocked: Uint8Array.from(grid.blocked) };
    this.components = labelComponents(this.grid);
    this.search = new AStarSearch(this.grid);
    this.capacity = Math.max(0, Math.floor(options.cacheSize ?? 4096));
    this.tiles = new Array(grid.width * grid.height);
    for (let i = 0; i < this.tiles.length; i++) {
      this.tiles[i] = Object.freeze({ x: i % grid.width, y: Math.floor(i / grid.width) });
    }
  }

  private index(t: Tile): number {
    return t.x >= 0 && t.y >= 0 && t.x < this.width && t.y < this.height && Number.isInteger(t.x) && Number.isInteger(t.y)
      ? t.y * this.width + t.x
      : -1;
  }

  /** True when the tile is on the grid and not blocked. */
  isWalkable(tile: Tile): boolean {
    const i = this.index(tile);
    return i >= 0 && !this.grid.blocked[i];
  }

  /** Component id of a walkable tile; -1 when blocked or off the grid. */
  componentOf(tile: Tile): number {
    const i = this.index(tile);
    return i < 0 ? -1 : this.components.labels[i];
  }

  /** Number of walkable tiles in a component. */
  componentSize(component: number): number {
    return this.components.sizes[component] ?? 0;
  }

  /**
   * O(1): whether `to` can be reached from `from`. A blocked start (an agent placed on a
   * blocked tile) can still leave through a walkable neighbour.
   */
  canReach(from: Tile, to: Tile): boolean {
    const a = this.index(from);
    const b = this.index(to);
    if (a < 0 || b < 0) return false;
    return this.reachableIndex(a, b);
  }

  private reachableIndex(a: number, b: number): boolean {
    const { labels } = this.components;
    const target = labels[b];
    if (target === -1) return false;
    if (a === b) return true;
    if (labels[a] !== -1) return labels[a] === target;
    const w = this.width;
    const x = a % w;
    return (
      (a >= w && labels[a - w] === target) ||
      (x < w - 1 && labels[a + 1] === target) ||
      (a + w < labels.length && labels[a + w] === target) ||
      (x > 0 && labels[a - 1] === target)
    );
  }

  /**
   * The shortest 4-neighbour path from `from` to `to` (excluding `from`, including `to`),
   * `[]` when they are equal, or null when `to` is blocked, off the grid or unreachable.
   * The result is frozen and shared with the cache.
   */
  findPath(from: Tile, to: Tile): readonly Tile[] | null {
    const a = this.index(from);
    const b = this.index(to);
    if (a < 0 || b < 0 || !this.reachableIndex(a, b)) {
      this.unreachable++;
      return null;
    }
    const key = a * this.tiles.length + b;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.hits++;
      // Refresh recency: Map iteration order is insertion order, so the first key is the LRU one.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    this.misses++;
    const indices = this.search.search(a, b);
    const path = indices === null ? null : Object.freeze(indices.map((i) => this.tiles[i]));
    if (this.capacity > 0) {
      if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(key, path);
    }
    return path;
  }

  /** Path length in steps, or -1 when unreachable (uses and fills the cache). */
  distance(from: Tile, to: Tile): number {
    const path = this.findPath(from, to);
    return path === null ? -1 : path.length;
  }

  stats(): PathCacheStats {
    return { hits: this.hits, misses: this.misses, unreachable: this.unreachable, size: this.cache.size, capacity: this.capacity };
  }

  /** Empties the cache and resets the counters. */
  clearCache(): void {
    this.cache.clear();
    this.hits = 0;
    this.misses = 0;
    this.unreachable = 0;
  }
}
