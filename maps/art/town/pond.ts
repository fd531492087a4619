/** Ponds with proper shores (edge and corner water tiles). */
import { ArtRng } from '../rng';
import { Rect, TownBuilder } from './builder';

/** A rectangular pond: shore tiles around, open water (with a few lilies) inside. */
export function pond(t: TownBuilder, r: Rect, seed: string): void {
  const rng = new ArtRng(seed);
  const x1 = r.x + r.w - 1;
  const y1 = r.y + r.h - 1;
  for (let y = r.y; y <= y1; y++) {
    for (let x = r.x; x <= x1; x++) {
      const n = y === r.y;
      const s = y === y1;
      const w = x === r.x;
      const e = x === x1;
      const name = n && w ? 'water_nw' : n && e ? 'water_ne' : s && w ? 'water_sw' : s && e ? 'water_se' : n ? 'water_n' : s ? 'water_s' : w ? 'water_w' : e ? 'water_e' : rng.chance(0.12) ? 'water_lily' : 'water';
      t.set('ground', x, y, name);
    }
  }
}
