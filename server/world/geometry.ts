/**
 * Pixel shapes of Tiled objects and the tiles they cover. The convention: a shape covers the
 * tiles whose centres lie inside it; a point covers the tile it falls in; containment between
 * places is decided by the centre point of the inner shape.
 */
import type { TiledObject, TiledPoint } from './tiled';
import type { TileRect } from './types';

export type Shape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number }
  | { kind: 'polygon'; points: TiledPoint[] }
  | { kind: 'point'; x: number; y: number };

export interface GridSize {
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
}

/**
 * The shape of an object, or a reason why it cannot be used (rotated, ellipse, polyline, text).
 * `allowPoint`: points are fine for objects and spawns, not for sectors and arenas.
 */
export function objectShape(obj: TiledObject, allowPoint: boolean): Shape | string {
  if (obj.rotation !== 0) return 'is rotated; rotated objects are not supported';
  if (obj.ellipse) return 'is an ellipse; draw a rectangle or polygon instead';
  if (obj.polyline) return 'is a polyline; draw a rectangle or polygon instead';
  if (obj.text !== undefined) return 'is a text object; draw a rectangle instead';
  if (obj.polygon) {
    if (obj.polygon.length < 3) return 'is a polygon with fewer than 3 points';
    return { kind: 'polygon', points: obj.polygon.map((p) => ({ x: obj.x + p.x, y: obj.y + p.y })) };
  }
  if (obj.point || (obj.width === 0 && obj.height === 0 && obj.gid === undefined)) {
    if (!allowPoint) return 'is a point; draw a rectangle or polygon';
    return { kind: 'point', x: obj.x, y: obj.y };
  }
  // Tile objects are anchored at their bottom-left corner in orthogonal maps.
  const y = obj.gid !== undefined ? obj.y - obj.height : obj.y;
  return { kind: 'rect', x: obj.x, y, width: obj.width, height: obj.height };
}

/** The pixel bounding box of a shape. */
function bounds(shape: Shape): { x0: number; y0: number; x1: number; y1: number } {
  if (shape.kind === 'rect') return { x0: shape.x, y0: shape.y, x1: shape.x + shape.width, y1: shape.y + shape.height };
  if (shape.kind === 'point') return { x0: shape.x, y0: shape.y, x1: shape.x, y1: shape.y };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of shape.points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x0, y0, x1, y1 };
}

/** The centre used for containment: the middle of the bounding box (exact for rectangles). */
export function shapeCentre(shape: Shape): TiledPoint {
  const b = bounds(shape);
  return { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 };
}

/** Even–odd ray casting; points exactly on an edge may fall either way. */
export function pointInPolygon(points: readonly TiledPoint[], px: number, py: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i];
    const b = points[j];
    if (a.y > py !== b.y > py && px < ((b.x - a.x) * (py - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Whether a pixel point lies inside the shape (rectangles are half-open: right/bottom edges excluded). */
export function shapeContains(shape: Shape, px: number, py: number): boolean {
  if (shape.kind === 'rect') {
    return px >= shape.x && px < shape.x + shape.width && py >= shape.y && py < shape.y + shape.height;
  }
  if (shape.kind === 'point') return false;
  return pointInPolygon(shape.points, px, py);
}

/**
 * Row-major indices of the tiles the shape covers, clipped to the map. Shapes too small to
 * contain any tile centre cover the tile their centre falls in. Empty when off the map.
 */
export function coveredTiles(shape: Shape, grid: GridSize): number[] {
  const { width, height, tileWidth: tw, tileHeight: th } = grid;
  const tiles: number[] = [];
  const b = bounds(shape);
  if (shape.kind !== 'point') {
    // Tiles whose centre (t + 0.5) * size lies in [lo, hi).
    const tx0 = Math.max(0, Math.ceil(b.x0 / tw - 0.5));
    const tx1 = Math.min(width, Math.ceil(b.x1 / tw - 0.5));
    const ty0 = Math.max(0, Math.ceil(b.y0 / th - 0.5));
    const ty1 = Math.min(height, Math.ceil(b.y1 / th - 0.5));
    for (let ty = ty0; ty < ty1; ty++) {
      for (let tx = tx0; tx < tx1; tx++) {
        if (shape.kind === 'rect' || pointInPolygon(shape.points, (tx + 0.5) * tw, (ty + 0.5) * th)) {
          tiles.push(ty * width + tx);
        }
      }
    }
    if (tiles.length > 0) return tiles;
  }
  const c = shapeCentre(shape);
  const tx = Math.floor(c.x / tw);
  const ty = Math.floor(c.y / th);
  if (tx >= 0 && ty >= 0 && tx < width && ty < height) tiles.push(ty * width + tx);
  return tiles;
}

/** Bounding rectangle (exclusive x1/y1) of a non-empty list of row-major tile indices. */
export function tileBounds(tiles: readonly number[], width: number): TileRect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const t of tiles) {
    const x = t % width;
    const y = (t - x) / width;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + 1);
    y1 = Math.max(y1, y + 1);
  }
  return { x0, y0, x1, y1 };
}
