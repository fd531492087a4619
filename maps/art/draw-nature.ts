/** Trees (two tiles tall: the top goes on the `above` layer), bushes, flowers, rocks. */
import { Canvas, Color, hex, shade } from './canvas';
import { groundShadow, Painter, sprite, tileOf } from './kit';
import { P } from './palette';
import { ArtRng } from './rng';

/** The painter for the top or bottom half of a 32×64 picture. */
function half(draw: Painter, seed: string, part: 'top' | 'bottom'): Painter {
  return tileOf(draw, 1, 2, seed, 0, part === 'top' ? 0 : 1);
}

function canopy(c: Canvas, r: ArtRng, cx: number, cy: number, rx: number, ry: number, base: Color, light: Color, dark: Color): void {
  const layer = new Canvas(c.width, c.height);
  layer.ellipse(cx, cy, rx, ry, dark);
  for (let i = 0; i < 9; i++) {
    const a = (i / 9) * Math.PI * 2;
    layer.ellipse(cx + Math.cos(a) * rx * 0.55, cy + Math.sin(a) * ry * 0.55, rx * 0.5, ry * 0.5, base);
  }
  layer.ellipse(cx - 2, cy - 2, rx * 0.7, ry * 0.65, base);
  for (let i = 0; i < 6; i++) {
    const x = cx - rx * 0.55 + r.next() * rx * 0.8;
    const y = cy - ry * 0.6 + r.next() * ry * 0.7;
    layer.ellipse(x, y, 3.2, 2.6, light);
    layer.put(Math.floor(x) - 1, Math.floor(y) - 1, shade(light, 0.3));
  }
  for (let i = 0; i < 14; i++) {
    const x = Math.floor(cx - rx + r.next() * rx * 2);
    const y = Math.floor(cy + r.next() * ry);
    if (layer.alpha(x, y) > 0) layer.put(x, y, shade(dark, -0.2));
  }
  layer.outline(undefined, -0.55);
  c.draw(layer);
}

function trunk(c: Canvas, x: number, y0: number, y1: number): void {
  const bark = hex('#7a5236');
  c.rect(x, y0, 6, y1 - y0, bark);
  c.vline(x + 4, y0, y1 - 1, shade(bark, -0.3));
  c.vline(x + 5, y0, y1 - 1, shade(bark, -0.45));
  c.vline(x + 1, y0 + 2, y1 - 3, shade(bark, 0.2));
  c.rect(x - 2, y1 - 2, 10, 2, bark);
  c.hline(x - 2, x + 7, y1 - 1, shade(bark, -0.45));
  c.vline(x - 1, y0, y1 - 1, shade(bark, -0.6));
  c.vline(x + 6, y0, y1 - 3, shade(bark, -0.6));
}

function broadleaf(base: Color, light: Color, dark: Color, extra?: (c: Canvas, r: ArtRng) => void) {
  return (c: Canvas, r: ArtRng): void => {
    groundShadow(c, 17, 58, 11, 4);
    trunk(c, 13, 36, 59);
    canopy(c, r, 16, 25, 15, 16, base, light, dark);
    extra?.(c, r);
  };
}

const oak = broadleaf(P.leaf, P.leafLight, P.leafDark);
const blossom = broadleaf(hex('#e79bb5'), hex('#f8c9d8'), hex('#b9678a'), (c, r) => {
  for (let i = 0; i < 10; i++) c.put(6 + r.int(20), 14 + r.int(20), P.white);
});

function pine(c: Canvas, r: ArtRng): void {
  groundShadow(c, 17, 58, 9, 3);
  trunk(c, 13, 46, 59);
  const layer = new Canvas(32, 64);
  const tiers: Array<[number, number, number]> = [[4, 20, 7], [14, 32, 10], [24, 44, 13], [34, 52, 15]];
  for (const [top, bottom, half] of tiers) {
    for (let y = top; y <= bottom; y++) {
      const w = Math.round(((y - top) / (bottom - top)) * half);
      layer.hline(16 - w, 15 + w, y, P.pine);
      layer.hline(16 - w, 16 - w + Math.floor(w / 2), y, shade(P.pine, 0.15));
      layer.hline(16 + Math.floor(w / 2), 15 + w, y, shade(P.pine, -0.25));
    }
  }
  for (let i = 0; i < 12; i++) {
    const x = 8 + r.int(16);
    const y = 10 + r.int(40);
    if (layer.alpha(x, y) > 0) layer.put(x, y, shade(P.pine, 0.3));
  }
  layer.outline(undefined, -0.55);
  c.draw(layer);
}

function flowers(petal: Color) {
  return (c: Canvas, r: ArtRng): void => {
    const spots: Array<[number, number]> = [[6, 8], [16, 5], [25, 10], [10, 17], [21, 19], [5, 26], [15, 27], [26, 26]];
    for (const [x0, y0] of spots) {
      const x = x0 + r.int(3) - 1;
      const y = y0 + r.int(3) - 1;
      c.vline(x, y + 1, y + 3, P.leafDark);
      c.put(x + 1, y + 2, P.leaf);
      c.put(x, y - 1, petal);
      c.put(x - 1, y, petal);
      c.put(x + 1, y, petal);
      c.put(x, y + 1, shade(petal, -0.25));
      c.put(x, y, P.yellow);
    }
  };
}

export const naturePainters: Record<string, Painter> = {
  tree_top: half(oak, 'oak', 'top'),
  tree_trunk: half(oak, 'oak', 'bottom'),
  pine_top: half(pine, 'pine', 'top'),
  pine_trunk: half(pine, 'pine', 'bottom'),
  blossom_top: half(blossom, 'blossom', 'top'),
  blossom_trunk: half(blossom, 'blossom', 'bottom'),
  bush: (c, r) => {
    groundShadow(c, 16, 27, 13, 4);
    canopy(c, r, 16, 18, 13, 10, P.leaf, P.leafLight, P.leafDark);
  },
  bush_berries: (c, r) => {
    groundShadow(c, 16, 27, 13, 4);
    canopy(c, r, 16, 18, 13, 10, hex('#3f8a48'), P.leafLight, P.leafDark);
    for (let i = 0; i < 7; i++) {
      const x = 7 + r.int(18);
      const y = 12 + r.int(12);
      c.rect(x, y, 2, 2, P.red);
      c.put(x, y, hex('#f29a8a'));
    }
  },
  flowers_red: flowers(hex('#e0524a')),
  flowers_yellow: flowers(hex('#f3d35a')),
  flowers_blue: flowers(hex('#7f9ae8')),
  flowerbed: (c, r) =>
    sprite(c, r, (s, rr) => {
      s.rect(2, 8, 28, 20, hex('#9b8f80'));
      s.rect(4, 10, 24, 15, P.soil);
      s.hline(2, 29, 8, hex('#c0b6a6'));
      const colors = [P.red, P.yellow, P.pink, hex('#b59ae8'), P.white];
      for (let i = 0; i < 14; i++) {
        const x = 5 + rr.int(22);
        const y = 10 + rr.int(13);
        s.put(x, y + 1, P.leaf);
        s.rect(x, y, 2, 1, rr.pick(colors));
      }
      for (let i = 0; i < 8; i++) s.rect(5 + rr.int(22), 7 + rr.int(4), 2, 2, P.leaf);
    }),
  rock: (c, r) =>
    sprite(c, r, (s) => {
      s.ellipse(16, 19, 11, 8, P.stone);
      s.ellipse(14, 16, 7, 5, P.stoneLight);
      s.ellipse(19, 23, 7, 3, P.stoneDark);
      s.put(11, 14, P.white);
    }),
  stump: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(8, 14, 16, 12, hex('#7a5236'));
      s.vline(21, 14, 25, hex('#5a3a26'));
      s.ellipse(16, 14, 8, 4, hex('#caa16d'));
      s.ellipse(16, 14, 5, 2.5, hex('#b68a58'));
      s.put(16, 14, hex('#8a6240'));
    }),
  reeds: (c, r) =>
    sprite(
      c,
      r,
      (s, rr) => {
        for (let i = 0; i < 9; i++) {
          const x = 3 + i * 3 + rr.int(2);
          const top = 6 + rr.int(10);
          s.vline(x, top, 30, i % 2 ? P.leafDark : P.leaf);
          if (i % 3 === 0) s.rect(x - 1, top, 3, 5, hex('#7a4f2f'));
        }
      },
      { shadow: false },
    ),
  mushrooms: (c, r) => {
    for (const [x, y] of [[9, 18], [20, 12], [17, 24]]) {
      c.rect(x - 1, y, 3, 4, P.white);
      c.ellipse(x + 0.5, y, 4, 2.5, P.red);
      c.put(x - 1, y - 1, P.white);
      c.put(x + 2, y, P.white);
    }
  },
};
