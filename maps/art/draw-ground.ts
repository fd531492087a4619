/** Ground tiles: grass, paths, road, sand, soil and water with shores. All opaque and tileable. */
import { Canvas, Color, hex, mix, shade } from './canvas';
import { noise, Painter, speckle } from './kit';
import { P } from './palette';
import { ArtRng } from './rng';

/** Grass texture: tonal noise plus short blade strokes. Same base in every variant so they mix. */
export function grass(c: Canvas, r: ArtRng, blades = 18): void {
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const v = r.next();
      c.put(x, y, v < 0.12 ? P.grassDark : v > 0.9 ? shade(P.grass, 0.08) : shade(P.grass, (r.next() - 0.5) * 0.05));
    }
  }
  for (let i = 0; i < blades; i++) {
    const x = r.int(32);
    const y = r.int(31);
    c.put(x, y, P.grassLight);
    c.put(x, (y + 1) % 32, P.grassDark);
  }
}

function flower(c: Canvas, x: number, y: number, petal: Color): void {
  c.px(x, y - 1, petal);
  c.px(x - 1, y, petal);
  c.px(x + 1, y, petal);
  c.px(x, y + 1, petal);
  c.px(x, y, P.yellow);
}

/** Cobbles/pavers: a brick bond of rounded stones with mortar, wrapped so it tiles. */
function stones(c: Canvas, r: ArtRng, base: Color, mortar: Color, bw: number, bh: number, spread: number): void {
  c.rect(0, 0, 32, 32, mortar);
  for (let row = 0; row < 32 / bh; row++) {
    const off = row % 2 ? bw / 2 : 0;
    for (let col = -1; col < 32 / bw + 1; col++) {
      const tone = shade(base, (r.next() * 2 - 1) * spread);
      const x0 = col * bw + off;
      for (let yy = 1; yy < bh; yy++) {
        for (let xx = 1; xx < bw; xx++) {
          const corner = (xx === 1 || xx === bw - 1) && (yy === 1 || yy === bh - 1);
          if (corner) continue;
          const x = (((x0 + xx) % 32) + 32) % 32;
          const y = row * bh + yy;
          const edge = yy === 1 || xx === 1 ? 0.12 : yy === bh - 1 || xx === bw - 1 ? -0.15 : (r.next() - 0.5) * 0.06;
          c.put(x, y, shade(tone, edge));
        }
      }
    }
  }
}

function road(c: Canvas, r: ArtRng): void {
  noise(c, 0, 0, 32, 32, P.asphalt, r, 0.05);
  speckle(c, 0, 0, 32, 32, shade(P.asphalt, 0.18), 0.04, r);
  speckle(c, 0, 0, 32, 32, shade(P.asphalt, -0.2), 0.04, r);
}

/**
 * Water with shore. `land(x, y)` says which pixels are grass; pixels near the boundary become a
 * sandy bank (land side) and a darker shallow rim (water side).
 */
function water(c: Canvas, r: ArtRng, land: (x: number, y: number) => boolean): void {
  const g = new Canvas(32, 32);
  grass(g, r, 10);
  const isLand = (x: number, y: number): boolean => land(Math.max(0, Math.min(31, x)), Math.max(0, Math.min(31, y)));
  const near = (x: number, y: number, d: number, want: boolean): boolean => {
    for (let dy = -d; dy <= d; dy++) for (let dx = -d; dx <= d; dx++) if (Math.abs(dx) + Math.abs(dy) <= d && isLand(x + dx, y + dy) === want) return true;
    return false;
  };
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      if (isLand(x, y)) {
        c.put(x, y, near(x, y, 1, false) ? hex('#d9c48a') : near(x, y, 3, false) ? mix(g.get(x, y), hex('#b9b06a'), 0.45) : g.get(x, y));
      } else {
        const rim = near(x, y, 1, true) ? hex('#6f8f6a') : near(x, y, 3, true) ? P.waterLight : null;
        c.put(x, y, rim ?? shade(P.water, (r.next() - 0.5) * 0.04));
      }
    }
  }
  // Ripples: short light strokes away from the shore.
  for (let i = 0; i < 7; i++) {
    const x = 2 + r.int(26);
    const y = 2 + r.int(28);
    let ok = true;
    for (let k = -1; k <= 4; k++) if (near(x + k, y, 4, true)) ok = false;
    if (!ok) continue;
    c.hline(x, x + 2 + r.int(3), y, shade(P.waterLight, 0.1));
    c.hline(x + 1, x + 2, y + 1, P.waterDeep);
  }
}

const wave = (t: number): number => Math.round(Math.sin(t * 0.55) * 1.2);
const EDGE = 9;

export const groundPainters: Record<string, Painter> = {
  grass: (c, r) => grass(c, r),
  grass_2: (c, r) => {
    grass(c, r, 24);
    for (let i = 0; i < 4; i++) c.put(r.int(32), r.int(32), shade(P.grassLight, 0.2));
  },
  grass_3: (c, r) => {
    grass(c, r, 10);
    for (let i = 0; i < 3; i++) {
      const x = 3 + r.int(26);
      const y = 3 + r.int(26);
      c.rect(x, y, 2, 1, P.grassDark);
      c.put(x + 2, y - 1, P.grassDark);
    }
  },
  grass_flowers: (c, r) => {
    grass(c, r);
    const petals = [P.white, P.yellow, P.pink, hex('#b9a3e3')];
    for (let i = 0; i < 5; i++) flower(c, 3 + r.int(26), 3 + r.int(26), r.pick(petals));
  },
  grass_tall: (c, r) => {
    grass(c, r, 8);
    for (let i = 0; i < 14; i++) {
      const x = 1 + r.int(30);
      const y = 4 + r.int(26);
      c.vline(x, y - 3, y, P.grassDark);
      c.put(x, y - 4, P.grassLight);
      c.put(x + 1, y - 2, P.leafDark);
    }
  },
  dirt: (c, r) => {
    noise(c, 0, 0, 32, 32, P.dirt, r, 0.05);
    speckle(c, 0, 0, 32, 32, P.dirtDark, 0.05, r);
    speckle(c, 0, 0, 32, 32, shade(P.dirt, 0.2), 0.03, r);
  },
  dirt_pebbles: (c, r) => {
    noise(c, 0, 0, 32, 32, P.dirt, r, 0.05);
    speckle(c, 0, 0, 32, 32, P.dirtDark, 0.05, r);
    for (let i = 0; i < 7; i++) {
      const x = 1 + r.int(29);
      const y = 1 + r.int(29);
      c.rect(x, y, 2, 2, P.stone);
      c.put(x, y, P.stoneLight);
      c.put(x + 1, y + 2, P.dirtDark);
    }
  },
  cobble: (c, r) => stones(c, r, hex('#b8ac98'), hex('#857a6c'), 8, 8, 0.08),
  pavers: (c, r) => stones(c, r, hex('#c4c1b8'), hex('#9a978f'), 16, 16, 0.04),
  plaza: (c, r) => stones(c, r, hex('#c98e6a'), hex('#94644c'), 16, 8, 0.07),
  road: road,
  road_line_h: (c, r) => {
    road(c, r);
    c.rect(4, 15, 24, 2, hex('#e8d070'));
  },
  road_line_v: (c, r) => {
    road(c, r);
    c.rect(15, 4, 2, 24, hex('#e8d070'));
  },
  crosswalk: (c, r) => {
    road(c, r);
    for (let x = 2; x < 32; x += 8) c.rect(x, 0, 4, 32, hex('#e9e6dc'));
  },
  sand: (c, r) => {
    noise(c, 0, 0, 32, 32, P.sand, r, 0.04);
    speckle(c, 0, 0, 32, 32, shade(P.sand, -0.15), 0.05, r);
    speckle(c, 0, 0, 32, 32, P.white, 0.02, r);
  },
  gravel: (c, r) => {
    noise(c, 0, 0, 32, 32, hex('#b6ab98'), r, 0.06);
    speckle(c, 0, 0, 32, 32, P.stoneDark, 0.1, r);
    speckle(c, 0, 0, 32, 32, P.white, 0.05, r);
  },
  soil: (c, r) => {
    noise(c, 0, 0, 32, 32, P.soil, r, 0.06);
    for (let y = 3; y < 32; y += 8) {
      c.hline(0, 31, y, shade(P.soil, -0.3));
      c.hline(0, 31, y + 1, shade(P.soil, 0.12));
    }
    for (let i = 0; i < 8; i++) {
      const x = 2 + r.int(28);
      const y = 6 + 8 * r.int(4) - 2;
      c.put(x, y, P.leafLight);
      c.put(x - 1, y - 1, P.leaf);
      c.put(x + 1, y - 1, P.leaf);
    }
  },
  bridge: (c, r) => {
    c.rect(0, 0, 32, 32, P.waterDeep);
    for (let x = 0; x < 32; x += 8) {
      const tone = shade(P.wood, (r.next() - 0.5) * 0.15);
      c.rect(x, 0, 8, 32, tone);
      c.vline(x, 0, 31, shade(P.wood, -0.4));
      c.vline(x + 1, 0, 31, shade(tone, 0.15));
      c.put(x + 4, 4, P.woodDark);
      c.put(x + 4, 27, P.woodDark);
    }
  },
  water: (c, r) => water(c, r, () => false),
  water_lily: (c, r) => {
    water(c, r, () => false);
    for (const [x, y] of [[9, 10], [21, 20]]) {
      c.ellipse(x, y, 5, 4, P.leaf);
      c.line(x, y, x + 4, y - 2, P.water);
      c.put(x - 2, y - 2, P.leafLight);
    }
    c.ellipse(10, 9, 1.6, 1.6, P.pink);
  },
  water_n: (c, r) => water(c, r, (x, y) => y < EDGE + wave(x)),
  water_s: (c, r) => water(c, r, (x, y) => y > 31 - EDGE + wave(x)),
  water_w: (c, r) => water(c, r, (x, y) => x < EDGE + wave(y)),
  water_e: (c, r) => water(c, r, (x, y) => x > 31 - EDGE + wave(y)),
  water_nw: (c, r) => water(c, r, (x, y) => y < EDGE || x < EDGE || (x - 18) ** 2 + (y - 18) ** 2 > 10 ** 2 && x < 18 && y < 18),
  water_ne: (c, r) => water(c, r, (x, y) => y < EDGE || x > 31 - EDGE || (x - 13) ** 2 + (y - 18) ** 2 > 10 ** 2 && x > 13 && y < 18),
  water_sw: (c, r) => water(c, r, (x, y) => y > 31 - EDGE || x < EDGE || (x - 18) ** 2 + (y - 13) ** 2 > 10 ** 2 && x < 18 && y > 13),
  water_se: (c, r) => water(c, r, (x, y) => y > 31 - EDGE || x > 31 - EDGE || (x - 13) ** 2 + (y - 13) ** 2 > 10 ** 2 && x > 13 && y > 13),
  water_in_nw: (c, r) => water(c, r, (x, y) => x * x + y * y < EDGE * EDGE),
  water_in_ne: (c, r) => water(c, r, (x, y) => (31 - x) ** 2 + y * y < EDGE * EDGE),
  water_in_sw: (c, r) => water(c, r, (x, y) => x * x + (31 - y) ** 2 < EDGE * EDGE),
  water_in_se: (c, r) => water(c, r, (x, y) => (31 - x) ** 2 + (31 - y) ** 2 < EDGE * EDGE),
};
