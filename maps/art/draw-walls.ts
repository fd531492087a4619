/**
 * Walls for roofless interiors (Smallville style). A wall seen from above is a "cap"; walls that
 * run east-west also show their south face (wallpaper or brick) under the cap, so rooms read as
 * rooms. Doors are transparent in the opening, so the floor layer shows through.
 */
import { Canvas, Color, hex, shade } from './canvas';
import { noise, Painter, speckle, sprite } from './kit';
import { P } from './palette';
import { ArtRng } from './rng';

interface WallStyle {
  cap: Color;
  face: Color;
  pattern: 'plaster' | 'brick' | 'timber' | 'stone' | 'panel' | 'stripes';
  trim: Color;
}

const STYLES: Record<string, WallStyle> = {
  plaster: { cap: hex('#7b6352'), face: hex('#efdfbd'), pattern: 'plaster', trim: hex('#8a5a3a') },
  brick: { cap: hex('#6b463d'), face: hex('#b5573f'), pattern: 'brick', trim: hex('#5a3a30') },
  timber: { cap: hex('#5a3e2c'), face: hex('#b07a4a'), pattern: 'timber', trim: hex('#5a3a26') },
  stone: { cap: hex('#5c5e68'), face: hex('#a9a8a6'), pattern: 'stone', trim: hex('#5f5f66') },
  sage: { cap: hex('#4f5f4d'), face: hex('#a9c2a0'), pattern: 'panel', trim: hex('#f1ead7') },
  rose: { cap: hex('#75505a'), face: hex('#e8bcb4'), pattern: 'stripes', trim: hex('#f1ead7') },
  navy: { cap: hex('#30364f'), face: hex('#56699a'), pattern: 'panel', trim: hex('#e9e1cc') },
};

const CAP_H = 6;
const BASE_Y = 27;

function cap(c: Canvas, r: ArtRng, s: WallStyle, y0 = 0, h = 32): void {
  noise(c, 0, y0, 32, h, s.cap, r, 0.04);
  c.hline(0, 31, y0, shade(s.cap, 0.25));
  c.hline(0, 31, y0 + 1, shade(s.cap, 0.12));
  c.hline(0, 31, y0 + h - 1, shade(s.cap, -0.35));
  speckle(c, 0, y0 + 2, 32, h - 3, shade(s.cap, 0.1), 0.05, r);
}

function facePattern(c: Canvas, r: ArtRng, s: WallStyle): void {
  const y0 = CAP_H + 1;
  const h = BASE_Y - y0;
  switch (s.pattern) {
    case 'plaster':
      noise(c, 0, y0, 32, h, s.face, r, 0.025);
      speckle(c, 0, y0, 32, h, shade(s.face, -0.08), 0.05, r);
      break;
    case 'brick':
      c.rect(0, y0, 32, h, hex('#d9c9b0'));
      for (let row = 0; row * 5 < h; row++) {
        const off = row % 2 ? 4 : 0;
        for (let x = -8 + off; x < 32; x += 8) {
          const tone = shade(s.face, (r.next() - 0.5) * 0.16);
          c.rect(Math.max(0, x + 1), y0 + row * 5, Math.min(7, x + 8 - Math.max(0, x + 1)), 4, tone);
          if (x + 1 >= 0) c.hline(x + 1, x + 6, y0 + row * 5, shade(tone, 0.15));
        }
      }
      break;
    case 'timber':
      for (let y = y0; y < y0 + h; y += 5) {
        const tone = shade(s.face, (r.next() - 0.5) * 0.12);
        noise(c, 0, y, 32, 5, tone, r, 0.03);
        c.hline(0, 31, y, shade(tone, 0.18));
        c.hline(0, 31, y + 4, shade(s.face, -0.35));
      }
      break;
    case 'stone':
      c.rect(0, y0, 32, h, shade(s.face, -0.3));
      for (let row = 0; row * 7 < h; row++) {
        const off = row % 2 ? 6 : 0;
        for (let x = -12 + off; x < 32; x += 12) {
          const tone = shade(s.face, (r.next() - 0.5) * 0.18);
          const xs = Math.max(0, x + 1);
          c.rect(xs, y0 + row * 7, Math.min(x + 12, 32) - xs, 6, tone);
          c.hline(xs, Math.min(x + 11, 31), y0 + row * 7, shade(tone, 0.18));
        }
      }
      break;
    case 'panel':
      noise(c, 0, y0, 32, h, s.face, r, 0.02);
      c.rect(0, y0 + 11, 32, h - 11, shade(s.face, -0.12));
      c.hline(0, 31, y0 + 10, s.trim);
      for (let x = 3; x < 32; x += 16) c.frame(x, y0 + 13, 11, h - 15, shade(s.face, -0.25));
      break;
    case 'stripes':
      noise(c, 0, y0, 32, h, s.face, r, 0.02);
      for (let x = 2; x < 32; x += 8) c.vline(x, y0, y0 + h - 1, shade(s.face, 0.18));
      for (let x = 6; x < 32; x += 8) for (let y = y0 + 2; y < y0 + h; y += 5) c.put(x, y, shade(s.face, -0.15));
      break;
  }
}

function face(c: Canvas, r: ArtRng, s: WallStyle): void {
  cap(c, r, s, 0, CAP_H);
  c.hline(0, 31, CAP_H, shade(s.cap, -0.5));
  facePattern(c, r, s);
  c.rect(0, BASE_Y, 32, 4, s.trim);
  c.hline(0, 31, BASE_Y, shade(s.trim, 0.25));
  c.hline(0, 31, 31, shade(s.trim, -0.45));
}

function window(c: Canvas): void {
  const frame = hex('#f3eee2');
  c.rect(7, 9, 18, 15, shade(frame, -0.35));
  c.rect(8, 10, 16, 13, frame);
  c.rect(9, 11, 14, 11, P.glass);
  c.rect(9, 17, 14, 5, P.glassDark);
  c.line(11, 20, 16, 12, shade(P.glass, 0.5));
  c.line(13, 20, 18, 12, shade(P.glass, 0.3));
  c.vline(16, 11, 21, frame);
  c.hline(9, 22, 16, frame);
  c.rect(6, 23, 20, 2, shade(frame, -0.1));
  c.hline(6, 25, 25, shade(frame, -0.45));
}

function wallSet(style: string): Record<string, Painter> {
  const s = STYLES[style];
  return {
    [`wall_cap_${style}`]: (c, r) => cap(c, r, s),
    [`wall_${style}`]: (c, r) => face(c, r, s),
    [`wall_${style}_window`]: (c, r) => {
      face(c, r, s);
      window(c);
    },
  };
}

/** Neutral door-frame wood, so doors fit every wall style. */
const FRAME = hex('#6b4a34');

export const wallPainters: Record<string, Painter> = {
  ...wallSet('plaster'),
  ...wallSet('brick'),
  ...wallSet('timber'),
  ...wallSet('stone'),
  ...wallSet('sage'),
  ...wallSet('rose'),
  ...wallSet('navy'),
  wall_window_v: (c, r) => {
    cap(c, r, STYLES.stone);
    c.rect(10, 2, 12, 28, hex('#f3eee2'));
    c.rect(12, 3, 8, 26, P.glass);
    c.line(13, 26, 18, 6, shade(P.glass, 0.5));
    c.hline(12, 19, 16, hex('#f3eee2'));
  },
  door_h: (c) => {
    c.rect(0, 0, 32, 5, FRAME);
    c.hline(0, 31, 0, shade(FRAME, 0.3));
    c.hline(0, 31, 4, shade(FRAME, -0.4));
    c.rect(0, 5, 4, 27, FRAME);
    c.rect(28, 5, 4, 27, FRAME);
    c.vline(3, 5, 31, shade(FRAME, -0.4));
    c.vline(28, 5, 31, shade(FRAME, 0.25));
    // The open door leaf, swung against the left post.
    c.rect(4, 5, 5, 22, hex('#9c6a42'));
    c.vline(8, 5, 26, shade(FRAME, -0.3));
    c.put(6, 16, P.yellow);
    // Doormat.
    c.rect(9, 24, 16, 6, hex('#8a4f3a'));
    c.frame(9, 24, 16, 6, hex('#6a3a2c'));
    for (let x = 11; x < 24; x += 2) c.vline(x, 25, 28, hex('#a5654b'));
  },
  door_v: (c) => {
    c.rect(0, 0, 32, 5, FRAME);
    c.rect(0, 27, 32, 5, FRAME);
    c.hline(0, 31, 0, shade(FRAME, 0.3));
    c.hline(0, 31, 27, shade(FRAME, 0.3));
    c.hline(0, 31, 4, shade(FRAME, -0.4));
    c.hline(0, 31, 31, shade(FRAME, -0.4));
    c.rect(22, 5, 5, 12, hex('#9c6a42'));
    c.frame(22, 5, 5, 12, shade(FRAME, -0.3));
  },
  door_shop: (c) => {
    const metal = hex('#5b5f6a');
    c.rect(0, 0, 32, 5, metal);
    c.hline(0, 31, 0, shade(metal, 0.3));
    c.rect(0, 5, 3, 27, metal);
    c.rect(29, 5, 3, 27, metal);
    for (const x of [3, 23]) {
      c.rect(x, 5, 6, 22, hex('#cfe7f3', 150));
      c.frame(x, 5, 6, 22, metal);
      c.line(x + 1, 22, x + 4, 8, hex('#ffffff', 160));
    }
    c.rect(10, 25, 12, 5, hex('#3f5a73'));
    c.frame(10, 25, 12, 5, hex('#2c3e50'));
  },
  gate: (c, r) =>
    sprite(c, r, (s) => {
      for (const x of [1, 27]) {
        s.rect(x, 8, 4, 22, P.woodDark);
        s.rect(x, 6, 4, 3, shade(P.woodDark, 0.2));
      }
      s.rect(5, 12, 4, 14, P.woodLight);
      s.hline(5, 8, 12, shade(P.woodLight, 0.2));
    }),
  fence_h: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(0, 14, 32, 3, P.woodDark);
      s.rect(0, 22, 32, 3, P.woodDark);
      for (let x = 2; x < 32; x += 8) {
        s.rect(x, 8, 5, 21, P.woodLight);
        s.put(x + 2, 7, P.woodLight);
        s.vline(x, 8, 28, shade(P.woodLight, 0.2));
        s.vline(x + 4, 8, 28, shade(P.woodLight, -0.25));
      }
    }),
  fence_v: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(13, 0, 6, 32, P.woodDark);
      s.vline(14, 0, 31, shade(P.woodDark, 0.25));
      for (const y of [4, 20]) {
        s.rect(11, y, 10, 9, P.woodLight);
        s.hline(11, 20, y, shade(P.woodLight, 0.25));
        s.hline(11, 20, y + 8, shade(P.woodLight, -0.3));
      }
    }),
  fence_post: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(11, 10, 10, 18, P.woodLight);
      s.rect(11, 10, 10, 4, shade(P.woodLight, 0.2));
      s.vline(20, 14, 27, shade(P.woodLight, -0.3));
    }),
  hedge: (c, r) => {
    noise(c, 0, 0, 32, 32, P.leaf, r, 0.08);
    for (let i = 0; i < 40; i++) {
      const x = r.int(32);
      const y = r.int(32);
      c.rect(x, y, 2, 2, r.chance(0.5) ? P.leafLight : P.leafDark);
    }
    c.rect(0, 26, 32, 6, shade(P.leaf, -0.25));
    speckle(c, 0, 26, 32, 6, P.leafDark, 0.3, r);
  },
  awning_red: (c) => awning(c, P.red),
  awning_green: (c) => awning(c, hex('#3f8f5a')),
};

function awning(c: Canvas, color: Color): void {
  for (let x = 0; x < 32; x++) {
    const stripe = Math.floor(x / 8) % 2 === 0 ? color : P.white;
    c.vline(x, 0, 14, stripe);
    c.put(x, 0, shade(stripe, 0.2));
    const scallop = 15 + Math.round(Math.sin(((x % 8) / 8) * Math.PI) * 3);
    c.vline(x, 15, scallop, shade(stripe, -0.15));
    c.put(x, scallop + 1, shade(stripe, -0.5));
  }
  c.rect(0, 19, 32, 2, [20, 16, 36, 60]);
}
