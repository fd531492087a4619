/**
 * Tile masks as Tiled shapes (the Smallville importer): whatever the mask — L-shapes, holes,
 * several pieces, pieces touching only at a corner — the shape covers exactly its tiles under
 * the loader's rules, and the centre the loader uses for containment lies on one of its tiles.
 */
import { describe, expect, it } from 'vitest';
import { maskShape } from '../../../server/cli/smallville/maskShape';
import { coveredTiles, objectShape, shapeCentre, shapeContains } from '../../../server/world/geometry';
import type { TiledObject } from '../../../server/world/tiled';
import { seededRandom } from '../../support/seededRandom';

const W = 12;
const H = 9;
const grid = { width: W, height: H, tileWidth: 32, tileHeight: 32 };

function roundTrip(tiles: number[]) {
  const shape = maskShape(tiles, W, 32, 32);
  const obj: TiledObject = { id: 1, name: 'p', rotation: 0, visible: true, ...shape };
  const parsed = objectShape(obj, false);
  if (typeof parsed === 'string') throw new Error(parsed);
  return { shape, parsed, covered: coveredTiles(parsed, grid).sort((a, b) => a - b) };
}

describe('maskShape', () => {
  it('writes a rectangle for a full rectangle', () => {
    const tiles = [13, 14, 15, 25, 26, 27];
    const { shape, covered } = roundTrip(tiles);
    expect(shape).toEqual({ x: 32, y: 32, width: 96, height: 64 });
    expect(covered).toEqual(tiles);
  });

  it('covers exactly an L, a ring with a hole, two pieces and corner-touching pieces, centred on an own tile', () => {
    const at = (x: number, y: number) => y * W + x;
    const cases: number[][] = [
      [at(1, 1), at(2, 1), at(3, 1), at(1, 2), at(1, 3)],
      [at(4, 4), at(5, 4), at(6, 4), at(4, 5), at(6, 5), at(4, 6), at(5, 6), at(6, 6)],
      [at(0, 0), at(1, 0), at(10, 7), at(11, 8)],
      [at(3, 3), at(4, 4), at(5, 5)],
    ];
    for (const tiles of cases) {
      const sorted = [...tiles].sort((a, b) => a - b);
      const { shape, parsed, covered } = roundTrip(sorted);
      expect(shape.polygon).toBeDefined();
      expect(covered).toEqual(sorted);
      const c = shapeCentre(parsed);
      expect(sorted).toContain(Math.floor(c.y / 32) * W + Math.floor(c.x / 32));
      expect(shapeContains(parsed, c.x, c.y)).toBe(true);
    }
  });

  it('round-trips random masks', () => {
    const random = seededRandom(14);
    for (let round = 0; round < 300; round++) {
      const density = 0.1 + random() * 0.8;
      const tiles: number[] = [];
      for (let t = 0; t < W * H; t++) if (random() < density) tiles.push(t);
      if (tiles.length === 0) continue;
      const { parsed, covered } = roundTrip(tiles);
      expect(covered, `round ${round}`).toEqual(tiles);
      const c = shapeCentre(parsed);
      expect(shapeContains(parsed, c.x, c.y), `round ${round}`).toBe(true);
    }
  });
});
