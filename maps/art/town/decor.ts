/** Outdoor helpers: grass, trees (trunk + `above` top), paths, the forest border, street props. */
import { ArtRng } from '../rng';
import { TileName } from '../tiles';
import { Rect, TownBuilder } from './builder';

/** Fills the ground with grass, mixing variants so the lawn is not a flat colour. */
export function lawn(t: TownBuilder, r: Rect, seed: string): void {
  const rng = new ArtRng(seed);
  t.fill('ground', r, () => {
    const v = rng.next();
    return v < 0.62 ? 'grass' : v < 0.8 ? 'grass_2' : v < 0.95 ? 'grass_3' : 'grass_flowers';
  });
}

export type TreeKind = 'tree' | 'pine' | 'blossom';

/** A tree whose trunk stands on (x, y) (blocking) and whose crown covers (x, y - 1) above the characters. */
export function tree(t: TownBuilder, x: number, y: number, kind: TreeKind = 'tree'): void {
  t.set('furniture', x, y, `${kind}_trunk`);
  t.set('above', x, y - 1, `${kind}_top`);
}

/** A straight or L-shaped path (horizontal leg first) of `width` tiles. */
export function path(t: TownBuilder, x0: number, y0: number, x1: number, y1: number, tile: TileName = 'dirt', width = 1): void {
  for (let x = Math.min(x0, x1); x <= Math.max(x0, x1); x++) for (let k = 0; k < width; k++) t.set('ground', x, y0 + k, tile);
  for (let y = Math.min(y0, y1); y <= Math.max(y0, y1); y++) for (let k = 0; k < width; k++) t.set('ground', x1 + k, y, tile);
}

/** Dense trees around the map edge, leaving gaps where roads leave the map. */
export function forestBorder(t: TownBuilder, openX: Array<[number, number]>, openY: Array<[number, number]>, seed: string): void {
  const rng = new ArtRng(seed);
  const kind = (): TreeKind => (rng.chance(0.45) ? 'pine' : 'tree');
  const gapX = (x: number): boolean => openX.some(([a, b]) => x >= a && x <= b);
  const gapY = (y: number): boolean => openY.some(([a, b]) => y >= a && y <= b);
  // Bushes under the crowns fill the gaps between trunks, so the border is solid and leaves no
  // walkable pockets that nobody can reach.
  for (let x = 0; x < t.width; x++) {
    if (gapX(x)) continue;
    tree(t, x, 1, kind());
    t.set('furniture', x, 0, 'bush');
    tree(t, x, t.height - 1, kind());
  }
  for (let y = 3; y < t.height - 2; y += 2) {
    if (gapY(y) || gapY(y - 1)) continue;
    tree(t, 0, y, kind());
    tree(t, t.width - 1, y, kind());
    t.set('furniture', 0, y - 1, 'bush');
    t.set('furniture', t.width - 1, y - 1, 'bush');
  }
}

/** Flowers, bushes and small props scattered on free grass inside `r` (never on paths). */
export function scatter(t: TownBuilder, r: Rect, seed: string, density = 0.04, props: TileName[] = ['flowers_red', 'flowers_yellow', 'flowers_blue', 'bush', 'grass_tall']): void {
  const rng = new ArtRng(seed);
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const g = t.get('ground', x, y);
      if (!g || !g.startsWith('grass') || t.occupied(x, y) || t.get('above', x, y)) continue;
      if (rng.chance(density)) {
        const p = rng.pick(props);
        if (p === 'grass_tall') t.set('ground', x, y, p);
        else t.set('furniture', x, y, p);
      }
    }
  }
}
