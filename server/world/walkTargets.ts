/**
 * Choosing the tiles agents walk to: an arena's entry tile and an object's use tile. Choices
 * are deterministic (distance to the centre, then row-major order) and restricted to the main
 * walkable component so every target is reachable from everywhere that matters.
 */
import type { Components } from './pathfinding';
import { tileBounds, type GridSize } from './geometry';

/**
 * The component that the most places touch (ties: the larger component, then the lower id);
 * with no places, the largest component. -1 when nothing is walkable.
 */
export function mainComponent(places: readonly (readonly number[])[], components: Components): number {
  const touches = new Array<number>(components.sizes.length).fill(0);
  for (const tiles of places) {
    const seen = new Set<number>();
    for (const t of tiles) {
      const c = components.labels[t];
      if (c !== -1 && !seen.has(c)) {
        seen.add(c);
        touches[c]++;
      }
    }
  }
  let best = -1;
  for (let c = 0; c < components.sizes.length; c++) {
    if (best === -1 || touches[c] > touches[best] || (touches[c] === touches[best] && components.sizes[c] > components.sizes[best])) {
      best = c;
    }
  }
  return best;
}

/** Centre of the tiles' bounding box, in tile coordinates. */
function centreOf(tiles: readonly number[], width: number): { x: number; y: number } {
  const b = tileBounds(tiles, width);
  return { x: (b.x0 + b.x1 - 1) / 2, y: (b.y0 + b.y1 - 1) / 2 };
}

/** The tile in `tiles` on the main component nearest the centre, or -1. */
export function chooseEntryTile(tiles: readonly number[], labels: Int32Array, main: number, width: number): number {
  const c = centreOf(tiles, width);
  let best = -1;
  let bestD = Infinity;
  // Tiles come in row-major order, so strict "<" keeps the top-most, left-most among equals.
  for (const t of [...tiles].sort((a, b) => a - b)) {
    if (labels[t] !== main || main === -1) continue;
    const x = t % width;
    const d = (x - c.x) ** 2 + ((t - x) / width - c.y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return best;
}

/**
 * An object's use tile: a walkable tile on the object or 4-adjacent to it, on the main
 * component. Preference: inside the object's own arena, then nearest the object's centre,
 * then row-major. 'none' when no candidate is walkable, 'unreachable' when none is on the
 * main component.
 */
export function chooseUseTile(
  objectTiles: readonly number[],
  arena: number,
  arenaOfTile: Int32Array,
  labels: Int32Array,
  main: number,
  grid: GridSize,
): number | 'none' | 'unreachable' {
  const { width, height } = grid;
  const candidates = new Set<number>();
  for (const t of objectTiles) {
    const x = t % width;
    candidates.add(t);
    if (t >= width) candidates.add(t - width);
    if (x < width - 1) candidates.add(t + 1);
    if (t < (height - 1) * width) candidates.add(t + width);
    if (x > 0) candidates.add(t - 1);
  }
  const c = centreOf(objectTiles, width);
  let anyWalkable = false;
  let best = -1;
  let bestKey = Infinity;
  for (const t of [...candidates].sort((a, b) => a - b)) {
    if (labels[t] === -1) continue;
    anyWalkable = true;
    if (labels[t] !== main) continue;
    const x = t % width;
    const d = (x - c.x) ** 2 + ((t - x) / width - c.y) ** 2;
    // Outside the arena costs more than any distance within reach of one object.
    const key = d + (arenaOfTile[t] === arena ? 0 : 1e9);
    if (key < bestKey) {
      bestKey = key;
      best = t;
    }
  }
  if (best >= 0) return best;
  return anyWalkable ? 'unreachable' : 'none';
}
