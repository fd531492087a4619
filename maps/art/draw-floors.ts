/** Indoor floors: planks, parquet, tiles, carpets, stone. Opaque and tileable. */
import { Canvas, Color, hex, shade } from './canvas';
import { noise, Painter, planks, speckle } from './kit';
import { ArtRng } from './rng';

/** Square tiles of size `s` in two alternating tones with grout lines. */
function tiles(c: Canvas, r: ArtRng, a: Color, b: Color, s: number, grout: Color): void {
  for (let ty = 0; ty < 32; ty += s) {
    for (let tx = 0; tx < 32; tx += s) {
      const base = ((tx + ty) / s) % 2 === 0 ? a : b;
      noise(c, tx, ty, s, s, base, r, 0.02);
      c.hline(tx, tx + s - 1, ty, grout);
      c.vline(tx, ty, ty + s - 1, grout);
      c.hline(tx + 1, tx + s - 2, ty + 1, shade(base, 0.15));
      c.put(tx + 2, ty + 2, shade(base, 0.3));
    }
  }
}

function carpet(c: Canvas, r: ArtRng, base: Color): void {
  noise(c, 0, 0, 32, 32, base, r, 0.04);
  for (let y = 4; y < 32; y += 8) {
    for (let x = 4; x < 32; x += 8) {
      const ox = (y / 8) % 2 ? 4 : 0;
      c.put(x + ox - 0, y, shade(base, 0.2));
      c.put(x + ox - 1, y + 1, shade(base, 0.1));
      c.put(x + ox + 1, y + 1, shade(base, 0.1));
      c.put(x + ox, y + 2, shade(base, 0.2));
    }
  }
}

export const floorPainters: Record<string, Painter> = {
  floor_wood: (c, r) => planks(c, r, hex('#c4955e')),
  floor_honey: (c, r) => planks(c, r, hex('#d9a860')),
  floor_walnut: (c, r) => planks(c, r, hex('#7d5236')),
  floor_cherry: (c, r) => planks(c, r, hex('#a95e42')),
  floor_checker: (c, r) => tiles(c, r, hex('#efe3c8'), hex('#9c6b4b'), 16, hex('#6f5040')),
  floor_tile_white: (c, r) => tiles(c, r, hex('#e9e8e2'), hex('#dcdcd6'), 8, hex('#b9b8b0')),
  floor_tile_blue: (c, r) => tiles(c, r, hex('#a9cbe0'), hex('#d6e8f0'), 8, hex('#7fa0b6')),
  floor_tile_green: (c, r) => tiles(c, r, hex('#9fc9a5'), hex('#c9e2c4'), 16, hex('#75997c')),
  floor_stone: (c, r) => {
    const base = hex('#a8a297');
    const cells: Array<[number, number, number, number]> = [[0, 0, 14, 12], [14, 0, 18, 12], [0, 12, 20, 10], [20, 12, 12, 10], [0, 22, 11, 10], [11, 22, 21, 10]];
    for (const [x, y, w, h] of cells) {
      const tone = shade(base, (r.next() - 0.5) * 0.16);
      noise(c, x, y, w, h, tone, r, 0.03);
      c.hline(x, x + w - 1, y, shade(base, -0.3));
      c.vline(x, y, y + h - 1, shade(base, -0.3));
      c.hline(x + 1, x + w - 1, y + 1, shade(tone, 0.12));
    }
  },
  floor_lino: (c, r) => {
    noise(c, 0, 0, 32, 32, hex('#d8d2bf'), r, 0.02);
    speckle(c, 0, 0, 32, 32, hex('#a7a08c'), 0.06, r);
    speckle(c, 0, 0, 32, 32, hex('#8fa7b0'), 0.03, r);
  },
  carpet_red: (c, r) => carpet(c, r, hex('#a94a4a')),
  carpet_blue: (c, r) => carpet(c, r, hex('#5470a8')),
  carpet_green: (c, r) => carpet(c, r, hex('#5d8a5a')),
  carpet_plum: (c, r) => carpet(c, r, hex('#845079')),
  floor_parquet: (c, r) => {
    const base = hex('#c08a52');
    for (let by = 0; by < 32; by += 8) {
      for (let bx = 0; bx < 32; bx += 8) {
        const tone = shade(base, (r.next() - 0.5) * 0.12);
        noise(c, bx, by, 8, 8, tone, r, 0.02);
        const horizontal = ((bx + by) / 8) % 2 === 0;
        for (let k = 0; k < 8; k += 4) {
          if (horizontal) c.hline(bx, bx + 7, by + k, shade(base, -0.28));
          else c.vline(bx + k, by, by + 7, shade(base, -0.28));
        }
      }
    }
  },
  floor_concrete: (c, r) => {
    noise(c, 0, 0, 32, 32, hex('#a9a9a4'), r, 0.04);
    speckle(c, 0, 0, 32, 32, hex('#8d8d88'), 0.05, r);
    c.hline(0, 31, 0, hex('#92928d'));
    c.vline(0, 0, 31, hex('#92928d'));
  },
};
