/**
 * A set of tiles (a place in the reference's block matrices) as one Tiled shape the Hamlet
 * loader reads back as exactly those tiles: a rectangle when the tiles fill their bounding box,
 * otherwise one polygon.
 *
 * Why one polygon works for any mask (L-shapes, holes, several pieces): the loader and the client
 * fill polygons by the even–odd rule, testing tile centres. The polygon is the mask's boundary
 * loops chained together by "bridges" — a path to the next loop and the same path back. A bridge
 * is a pair of identical, opposite segments, so any ray crosses both or neither and the parity
 * does not change. Every vertex lies on the tile grid and every bridge runs along grid lines, so
 * no tile centre ever lies on an edge (no ambiguous points).
 *
 * Why the anchor: the loader decides which arena an object (or which sector an arena) belongs to
 * by the centre of the shape's bounding box. For a split or concave place that point can fall
 * outside the place, even into a neighbour. A zero-area spike (out along a grid line and back)
 * widens the bounding box so that its centre is the centre of a chosen tile of the place itself.
 */
import type { TiledPoint } from '../../world/tiled';
import { tileBounds } from '../../world/geometry';

export interface MaskShape {
  /** Pixel position of the object (top-left for rectangles, the origin of the polygon). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Vertices relative to (x, y); absent for rectangles. */
  polygon?: TiledPoint[];
}

type Vertex = readonly [number, number];

/** `tiles`: row-major tile indices on a grid `width` tiles wide. */
export function maskShape(tiles: readonly number[], width: number, tileWidth: number, tileHeight: number): MaskShape {
  if (tiles.length === 0) throw new Error('maskShape: empty tile set');
  const set = new Set(tiles);
  const { x0, y0, x1, y1 } = tileBounds([...set], width);
  if ((x1 - x0) * (y1 - y0) === set.size) {
    return { x: x0 * tileWidth, y: y0 * tileHeight, width: (x1 - x0) * tileWidth, height: (y1 - y0) * tileHeight };
  }

  const loops = boundaryLoops(set, width);
  // Chain the loops: each next loop is reached from the first loop's start by an L-shaped path
  // along grid lines (horizontal, then vertical) and left by the same path backwards.
  const start = loops[0][0];
  const path: Vertex[] = [...loops[0], start];
  for (const loop of loops.slice(1)) {
    const corner: Vertex = [loop[0][0], start[1]];
    path.push(corner, ...loop, loop[0], corner, start);
  }

  // Anchor the bounding-box centre on the centre of the place's tile nearest its middle.
  const midX = (x0 + x1) / 2;
  const midY = (y0 + y1) / 2;
  let anchor = -1;
  let best = Infinity;
  for (const t of [...set].sort((a, b) => a - b)) {
    const x = t % width;
    const d = (x + 0.5 - midX) ** 2 + ((t - x) / width + 0.5 - midY) ** 2;
    if (d < best) {
      best = d;
      anchor = t;
    }
  }
  const ax = (anchor % width) + 0.5;
  const ay = (anchor - (anchor % width)) / width + 0.5;
  // Widen [x0, x1] to be symmetric around ax (both ends stay on the grid: 2·ax is odd).
  const bx0 = Math.min(x0, 2 * ax - x1);
  const bx1 = Math.max(x1, 2 * ax - x0);
  const by0 = Math.min(y0, 2 * ay - y1);
  const by1 = Math.max(y1, 2 * ay - y0);
  // Spikes from the start vertex: along its grid row (horizontal: never crossed by a ray) and
  // along its grid column (a pair of identical vertical segments: parity-neutral).
  if (bx0 < x0) path.push([bx0, start[1]], start);
  if (bx1 > x1) path.push([bx1, start[1]], start);
  if (by0 < y0) path.push([start[0], by0], start);
  if (by1 > y1) path.push([start[0], by1], start);
  path.pop(); // the polygon closes itself back to the start

  const ox = start[0];
  const oy = start[1];
  return {
    x: ox * tileWidth,
    y: oy * tileHeight,
    width: 0,
    height: 0,
    polygon: path.map(([x, y]) => ({ x: (x - ox) * tileWidth, y: (y - oy) * tileHeight })),
  };
}

/**
 * The closed boundary loops of a tile set, in tile-corner coordinates, collinear points removed.
 * Every boundary edge is used exactly once; where two loops touch at a corner either pairing
 * gives the same even–odd fill.
 */
function boundaryLoops(set: ReadonlySet<number>, width: number): Vertex[][] {
  const has = (x: number, y: number) => x >= 0 && x < width && y >= 0 && set.has(y * width + x);
  // Directed edges, clockwise on screen around each filled region.
  const out = new Map<string, Vertex[]>();
  const key = (v: Vertex) => `${v[0]},${v[1]}`;
  const add = (a: Vertex, b: Vertex) => {
    const list = out.get(key(a));
    if (list) list.push(b);
    else out.set(key(a), [b]);
  };
  for (const t of [...set].sort((a, b) => a - b)) {
    const x = t % width;
    const y = (t - x) / width;
    if (!has(x, y - 1)) add([x, y], [x + 1, y]);
    if (!has(x + 1, y)) add([x + 1, y], [x + 1, y + 1]);
    if (!has(x, y + 1)) add([x + 1, y + 1], [x, y + 1]);
    if (!has(x - 1, y)) add([x, y + 1], [x, y]);
  }
  const loops: Vertex[][] = [];
  // Deterministic order: start each loop at the smallest remaining vertex (row, then column).
  const starts = [...out.keys()].map((k) => k.split(',').map(Number) as unknown as Vertex).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  for (const s of starts) {
    while ((out.get(key(s))?.length ?? 0) > 0) {
      const loop: Vertex[] = [s];
      let at: Vertex = s;
      for (;;) {
        const next = out.get(key(at))!.shift()!;
        if (next[0] === s[0] && next[1] === s[1]) break;
        loop.push(next);
        at = next;
      }
      loops.push(simplify(loop));
    }
  }
  return loops;
}

/** Drops vertices in the middle of straight runs (keeps the first vertex as the loop's start). */
function simplify(loop: Vertex[]): Vertex[] {
  const n = loop.length;
  const kept: Vertex[] = [];
  for (let i = 0; i < n; i++) {
    const prev = loop[(i - 1 + n) % n];
    const cur = loop[i];
    const next = loop[(i + 1) % n];
    const straight = (prev[0] === cur[0] && cur[0] === next[0]) || (prev[1] === cur[1] && cur[1] === next[1]);
    if (!straight || i === 0) kept.push(cur);
  }
  return kept;
}
