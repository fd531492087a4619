/** Home furniture: beds, storage, seating, living room, kitchen and bathroom. */
import { Canvas, Color, hex, shade } from './canvas';
import { box, Painter, pieces, sprite } from './kit';
import { P } from './palette';
import { ArtRng } from './rng';

/** A single bed (1×2 tiles) with a blanket colour; head at the top. */
function singleBed(blanket: Color): Painter {
  return (s) => {
    const frame = hex('#8a5a36');
    s.rect(3, 1, 26, 61, frame);
    s.rect(3, 1, 26, 8, shade(frame, 0.15));
    s.hline(3, 28, 1, shade(frame, 0.35));
    s.rect(5, 10, 22, 50, P.white);
    s.roundRect(7, 11, 18, 9, hex('#fbf7ee'), 2);
    s.hline(8, 23, 19, hex('#d9d2c4'));
    s.rect(5, 23, 22, 37, blanket);
    s.rect(5, 23, 22, 4, shade(blanket, 0.3));
    s.hline(5, 26, 27, shade(blanket, -0.25));
    for (let y = 32; y < 58; y += 6) s.hline(7, 24, y, shade(blanket, 0.12));
    s.vline(26, 27, 59, shade(blanket, -0.3));
    s.rect(3, 58, 26, 4, shade(frame, -0.1));
  };
}

function doubleBed(s: Canvas): void {
  const frame = hex('#7a4e30');
  const blanket = hex('#d2836f');
  s.rect(3, 1, 58, 61, frame);
  s.rect(3, 1, 58, 9, shade(frame, 0.15));
  s.hline(3, 60, 1, shade(frame, 0.35));
  s.rect(5, 11, 54, 49, P.white);
  s.roundRect(8, 12, 21, 9, hex('#fbf7ee'), 2);
  s.roundRect(35, 12, 21, 9, hex('#fbf7ee'), 2);
  s.rect(5, 24, 54, 36, blanket);
  s.rect(5, 24, 54, 5, shade(blanket, 0.3));
  for (let y = 33; y < 58; y += 7) for (let x = 9; x < 58; x += 7) s.rect(x, y, 2, 2, shade(blanket, 0.2));
  s.vline(58, 29, 59, shade(blanket, -0.3));
  s.rect(3, 58, 58, 4, shade(frame, -0.1));
}

function sofa(s: Canvas): void {
  const cloth = hex('#6a8fbf');
  s.roundRect(1, 4, 62, 14, shade(cloth, -0.1), 3);
  s.hline(3, 60, 4, shade(cloth, 0.25));
  s.rect(1, 16, 62, 12, cloth);
  s.vline(32, 16, 26, shade(cloth, -0.3));
  s.hline(5, 58, 16, shade(cloth, 0.3));
  for (const x of [1, 55]) {
    s.roundRect(x, 10, 8, 19, shade(cloth, -0.18), 2);
    s.hline(x + 1, x + 6, 10, shade(cloth, 0.15));
  }
  s.rect(3, 28, 58, 2, shade(cloth, -0.4));
}

function piano(s: Canvas): void {
  const body = hex('#3a2a2e');
  box(s, 2, 0, 60, 16, body, 4);
  s.rect(4, 4, 56, 9, shade(body, 0.08));
  s.rect(22, 5, 20, 5, hex('#f2ead8'));
  box(s, 2, 16, 60, 5, P.white, 3);
  for (let x = 4; x < 61; x += 3) s.vline(x, 16, 18, hex('#cfc8bb'));
  for (let x = 6; x < 60; x += 7) s.rect(x, 16, 2, 2, P.ink);
  s.rect(2, 21, 60, 7, body);
  s.rect(4, 28, 3, 3, body);
  s.rect(57, 28, 3, 3, body);
  s.rect(26, 27, 12, 3, hex('#b49a58'));
}

function bath(s: Canvas): void {
  const tub = hex('#f3f1ea');
  s.roundRect(2, 4, 60, 24, tub, 5);
  s.roundRect(5, 7, 54, 17, hex('#d9dcd8'), 4);
  s.roundRect(6, 8, 52, 15, hex('#9fd0ea'), 4);
  s.hline(10, 40, 10, hex('#d6eef9'));
  s.rect(55, 11, 3, 6, P.metal);
  s.rect(2, 26, 60, 3, shade(tub, -0.25));
}

function counterBase(s: Canvas, top: Color = hex('#d8cbb3'), front: Color = hex('#9b7350')): void {
  s.rect(0, 4, 32, 10, top);
  s.hline(0, 31, 4, shade(top, 0.3));
  s.hline(0, 31, 13, shade(top, -0.3));
  s.rect(0, 14, 32, 15, front);
  s.frame(2, 16, 13, 11, shade(front, -0.25));
  s.frame(17, 16, 13, 11, shade(front, -0.25));
  s.rect(12, 20, 2, 2, P.metal);
  s.rect(18, 20, 2, 2, P.metal);
  s.rect(0, 29, 32, 1, shade(front, -0.45));
}

export const furniturePainters: Record<string, Painter> = {
  ...pieces(singleBed(hex('#5b7fc7')), 1, 2, ['bed_top', 'bed_bottom']),
  ...pieces(singleBed(hex('#c4584e')), 1, 2, ['bed_red_top', 'bed_red_bottom']),
  ...pieces(singleBed(hex('#5e9d6a')), 1, 2, ['bed_green_top', 'bed_green_bottom']),
  ...pieces(doubleBed, 2, 2, ['dbed_tl', 'dbed_tr', 'dbed_bl', 'dbed_br']),
  ...pieces(sofa, 2, 1, ['sofa_l', 'sofa_r']),
  ...pieces(piano, 2, 1, ['piano_l', 'piano_r']),
  ...pieces(bath, 2, 1, ['bath_l', 'bath_r']),
  nightstand: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 7, 12, 18, 16, P.wood, 6);
      s.hline(9, 22, 22, shade(P.wood, -0.35));
      s.rect(15, 19, 2, 1, P.yellow);
      s.rect(10, 3, 7, 6, hex('#f3d98a'));
      s.rect(12, 9, 3, 3, P.metalDark);
    }),
  wardrobe: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 3, 0, 26, 30, hex('#8d5c3a'), 4);
      s.vline(16, 5, 27, shade(hex('#8d5c3a'), -0.4));
      s.frame(5, 6, 9, 20, shade(hex('#8d5c3a'), 0.15));
      s.frame(18, 6, 9, 20, shade(hex('#8d5c3a'), 0.15));
      s.rect(14, 15, 1, 3, P.yellow);
      s.rect(18, 15, 1, 3, P.yellow);
    }),
  dresser: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 2, 8, 28, 20, hex('#a36b45'), 5);
      for (const y of [15, 21]) {
        s.hline(3, 28, y - 1, shade(hex('#a36b45'), -0.35));
        s.rect(9, y + 1, 3, 1, P.yellow);
        s.rect(20, y + 1, 3, 1, P.yellow);
      }
      s.rect(20, 2, 6, 7, hex('#b7dbe9'));
      s.frame(20, 2, 6, 7, P.woodDark);
      s.ellipse(8, 7, 3, 2, P.pink);
    }),
  desk: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 1, 6, 30, 22, P.woodLight, 12);
      s.rect(4, 8, 9, 7, P.white);
      s.hline(5, 11, 10, hex('#9a9a9a'));
      s.hline(5, 10, 12, hex('#9a9a9a'));
      s.rect(18, 8, 2, 6, P.blue);
      s.rect(21, 9, 6, 3, hex('#d8a24a'));
      s.frame(3, 19, 10, 7, shade(P.woodLight, -0.3));
      s.rect(7, 22, 2, 1, P.metalDark);
    }),
  desk_computer: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 1, 6, 30, 22, P.woodLight, 12);
      s.rect(8, 0, 16, 11, P.black);
      s.rect(9, 1, 14, 8, hex('#5aa0d8'));
      s.hline(10, 20, 3, hex('#c6e6fa'));
      s.hline(10, 16, 5, hex('#c6e6fa'));
      s.rect(14, 11, 4, 2, P.metalDark);
      s.rect(8, 13, 16, 3, hex('#d8d8d0'));
      s.rect(25, 13, 3, 3, hex('#d8d8d0'));
      s.frame(3, 19, 10, 7, shade(P.woodLight, -0.3));
    }),
  chair: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(9, 9, 14, 10, P.wood);
      s.hline(9, 22, 9, shade(P.wood, 0.25));
      for (const x of [9, 21]) s.rect(x, 19, 2, 9, P.woodDark);
      s.rect(8, 17, 16, 7, shade(P.wood, -0.1));
      s.hline(8, 23, 17, shade(P.wood, 0.2));
      s.rect(10, 20, 12, 1, shade(P.wood, -0.3));
    }),
  chair_down: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(8, 4, 16, 7, shade(P.wood, -0.1));
      s.hline(8, 23, 4, shade(P.wood, 0.25));
      s.rect(9, 11, 14, 10, P.wood);
      s.hline(9, 22, 11, shade(P.wood, 0.2));
      for (const x of [9, 21]) s.rect(x, 21, 2, 7, P.woodDark);
    }),
  armchair: (c, r) =>
    sprite(c, r, (s) => {
      const cloth = hex('#b0624a');
      s.roundRect(5, 3, 22, 14, shade(cloth, -0.1), 3);
      s.rect(7, 14, 18, 11, cloth);
      s.hline(7, 24, 14, shade(cloth, 0.3));
      for (const x of [3, 23]) s.roundRect(x, 9, 6, 18, shade(cloth, -0.2), 2);
      s.rect(5, 27, 22, 2, shade(cloth, -0.45));
    }),
  tv: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 2, 20, 28, 9, P.woodDark, 4);
      s.rect(4, 2, 24, 16, P.black);
      s.rect(5, 3, 22, 13, hex('#3c5d86'));
      s.line(7, 13, 13, 5, hex('#6f9cd0'));
      s.line(9, 14, 16, 6, hex('#5786bb'));
      s.rect(14, 18, 4, 2, P.metalDark);
    }),
  coffee_table: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 3, 10, 26, 14, hex('#8a5a36'), 9);
      s.rect(8, 12, 6, 4, P.white);
      s.ellipse(21, 14, 3, 2, hex('#e8c9a0'));
      s.rect(4, 24, 2, 4, P.woodDark);
      s.rect(26, 24, 2, 4, P.woodDark);
    }),
  bookshelf: (c, r) => shelf(c, r, hex('#7a4e30'), [P.red, P.blue, P.green, P.yellow, P.purple, P.orange, P.teal]),
  bookshelf_2: (c, r) => shelf(c, r, hex('#5e3d2a'), [hex('#8a3a3a'), hex('#3a5a8a'), hex('#3d6b45'), hex('#b8923d'), P.paper]),
  plant_pot: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(11, 20, 10, 9, hex('#c86f45'));
      s.rect(10, 19, 12, 3, shade(hex('#c86f45'), 0.2));
      s.ellipse(16, 14, 7, 6, P.leaf);
      s.ellipse(12, 11, 4, 4, P.leafLight);
      s.ellipse(20, 12, 4, 4, P.leaf);
      s.put(13, 9, shade(P.leafLight, 0.3));
    }),
  plant_tall: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(10, 22, 12, 8, hex('#e8e1d3'));
      s.hline(10, 21, 22, P.white);
      s.vline(16, 8, 22, P.leafDark);
      for (const [x, y, dx] of [[16, 4, -1], [16, 8, 1], [16, 12, -1], [16, 15, 1]] as const) {
        s.ellipse(x + dx * 6, y + 3, 6, 3, dx < 0 ? P.leaf : P.leafLight);
      }
      s.ellipse(16, 4, 3, 4, P.leafLight);
    }),
  lamp_floor: (c, r) => {
    c.ellipse(16, 9, 12, 10, hex('#ffe9a0', 45));
    sprite(c, r, (s) => {
      s.vline(16, 12, 27, P.metalDark);
      s.rect(12, 27, 9, 2, P.metalDark);
      for (let y = 3; y < 12; y++) s.hline(16 - (y - 3) / 2 - 3, 16 + (y - 3) / 2 + 3, y, hex('#f2d9a0'));
      s.hline(10, 22, 11, hex('#d9b878'));
    });
  },
  fireplace: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(1, 2, 30, 27, hex('#9e5a44'));
      for (let y = 4; y < 28; y += 4) for (let x = (y / 4) % 2 ? 1 : 5; x < 31; x += 8) s.vline(x, y, y + 3, hex('#7a4032'));
      s.rect(0, 2, 32, 4, hex('#d8cbb3'));
      s.rect(8, 12, 16, 16, P.ink);
      s.ellipse(16, 24, 6, 5, P.orange);
      s.ellipse(16, 25, 3, 3, P.yellow);
      s.rect(10, 26, 12, 2, hex('#5a3a26'));
    }),
  easel: (c, r) =>
    sprite(c, r, (s) => {
      s.line(9, 29, 14, 4, P.woodDark);
      s.line(23, 29, 18, 4, P.woodDark);
      s.vline(16, 14, 29, P.woodDark);
      s.rect(7, 5, 18, 14, P.white);
      s.rect(8, 6, 16, 6, hex('#8cc2e8'));
      s.rect(8, 12, 16, 6, hex('#79b35f'));
      s.ellipse(19, 8, 2, 2, P.yellow);
      s.rect(6, 19, 20, 2, P.wood);
    }),
  rug: (c) => {
    c.roundRect(2, 4, 28, 24, hex('#b9574a'), 2);
    c.frame(4, 6, 24, 20, hex('#e8c98a'));
    c.rect(10, 12, 12, 8, hex('#e0a060'));
    c.rect(13, 14, 6, 4, hex('#7a3a38'));
    for (let x = 3; x < 30; x += 2) {
      c.put(x, 3, hex('#e8dcc0'));
      c.put(x, 28, hex('#e8dcc0'));
    }
  },
  stove: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 1, 2, 30, 27, hex('#e8e6e0'), 13);
      for (const [x, y] of [[8, 5], [22, 5], [8, 11], [22, 11]]) {
        s.ellipse(x, y + 0.5, 4, 2.4, P.black);
        s.ellipse(x, y + 0.5, 2, 1.2, hex('#5a5a62'));
      }
      s.rect(5, 18, 22, 8, P.black);
      s.rect(6, 19, 20, 6, hex('#4a3f3a'));
      s.hline(6, 25, 17, P.metal);
      for (const x of [6, 11, 16, 21, 26]) s.put(x, 15, P.black);
    }),
  fridge: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 5, 0, 22, 30, hex('#eef0ee'), 3);
      s.hline(6, 25, 11, hex('#b8bcbc'));
      s.rect(22, 5, 2, 5, P.metal);
      s.rect(22, 14, 2, 8, P.metal);
      s.rect(9, 15, 4, 4, P.yellow);
      s.rect(14, 17, 3, 3, hex('#8cc2e8'));
    }),
  counter: (c, r) => sprite(c, r, (s) => counterBase(s)),
  counter_sink: (c, r) =>
    sprite(c, r, (s) => {
      counterBase(s);
      s.rect(7, 5, 18, 8, P.metal);
      s.rect(8, 6, 16, 6, P.metalDark);
      s.rect(15, 2, 2, 4, P.metal);
      s.rect(15, 2, 5, 1, P.metal);
    }),
  kitchen_shelf: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 1, 2, 30, 26, hex('#b88a58'), 3);
      for (const y of [10, 18]) s.hline(2, 29, y, shade(hex('#b88a58'), -0.4));
      const jars = [P.red, P.yellow, P.white, P.green, P.orange];
      for (let i = 0; i < 6; i++) {
        s.rect(3 + i * 4.5, 5, 3, 5, jars[i % jars.length]);
        s.rect(4 + i * 4.5, 13, 3, 5, jars[(i + 2) % jars.length]);
      }
      s.ellipse(9, 23, 5, 3, P.white);
      s.ellipse(22, 23, 5, 3, hex('#8cc2e8'));
    }),
  microwave: (c, r) =>
    sprite(c, r, (s) => {
      counterBase(s);
      s.rect(5, 0, 22, 12, hex('#e0e0da'));
      s.rect(7, 2, 13, 8, P.black);
      s.rect(22, 3, 3, 2, P.green);
    }),
  dining_table: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 1, 6, 30, 20, hex('#a8703f'), 14);
      s.rect(3, 7, 26, 11, hex('#f2ead8'));
      s.hline(3, 28, 17, hex('#d9cdb0'));
      s.ellipse(10, 11, 3, 2, P.white);
      s.ellipse(22, 11, 3, 2, P.white);
      s.rect(15, 9, 2, 5, P.red);
      s.rect(3, 26, 2, 4, P.woodDark);
      s.rect(27, 26, 2, 4, P.woodDark);
    }),
  cafe_table: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(15, 16, 3, 11, P.black);
      s.rect(11, 27, 11, 2, P.black);
      s.ellipse(16, 12, 12, 7, hex('#f0ece2'));
      s.ellipse(16, 13, 12, 6, hex('#d8d2c3'));
      s.ellipse(16, 11, 11, 5, hex('#f7f4ec'));
      s.ellipse(12, 10, 2.5, 1.5, hex('#6b3e26'));
      s.ellipse(21, 11, 2, 2, P.pink);
    }),
  toilet: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 9, 2, 14, 9, P.white, 4);
      s.ellipse(16, 18, 8, 8, hex('#f4f4f0'));
      s.ellipse(16, 18, 5, 5, hex('#c8d6dc'));
      s.rect(14, 4, 4, 1, P.metal);
    }),
  shower: (c) => {
    c.rect(1, 1, 30, 30, hex('#d6e8f0'));
    for (let y = 1; y < 31; y += 6) c.hline(1, 30, y, hex('#b8cfda'));
    for (let x = 1; x < 31; x += 6) c.vline(x, 1, 30, hex('#b8cfda'));
    c.frame(0, 0, 32, 32, hex('#8fa6b2'));
    c.ellipse(16, 17, 3, 3, P.metalDark);
    c.rect(13, 2, 6, 4, P.metal);
    for (let x = 24; x < 31; x++) c.vline(x, 1, 30, x % 2 ? hex('#f2c1cc', 220) : hex('#e5a8b6', 220));
  },
  basin: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(10, 0, 12, 9, hex('#cde6f0'));
      s.frame(10, 0, 12, 9, P.metalDark);
      box(s, 6, 10, 20, 17, P.white, 8);
      s.ellipse(16, 14, 7, 3, hex('#c8d6dc'));
      s.rect(15, 10, 2, 3, P.metal);
    }),
  washer: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 4, 2, 24, 27, hex('#eceeec'), 5);
      s.ellipse(16, 17, 7, 7, P.metalDark);
      s.ellipse(16, 17, 5, 5, hex('#8cc2e8'));
      s.rect(6, 4, 6, 2, P.blue);
    }),
  clock: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 10, 0, 12, 30, P.woodDark, 2);
      s.ellipse(16, 8, 5, 5, P.paper);
      s.vline(16, 5, 8, P.ink);
      s.hline(16, 18, 8, P.ink);
      s.rect(13, 16, 6, 10, shade(P.woodDark, 0.2));
      s.vline(16, 16, 22, hex('#d8b040'));
      s.ellipse(16, 23, 2, 2, hex('#d8b040'));
    }),
  radio: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 2, 12, 28, 16, P.wood, 6);
      s.rect(4, 8, 24, 6, hex('#c8a070'));
      s.ellipse(10, 21, 4, 4, hex('#4a3a30'));
      s.rect(18, 18, 8, 3, P.paper);
      s.vline(24, 2, 12, P.metal);
    }),
};

function shelf(c: Canvas, r: ArtRng, wood: Color, colors: Color[]): void {
  sprite(c, r, (s, rr) => {
    box(s, 0, 0, 32, 30, wood, 3);
    for (const y of [3, 12, 21]) {
      s.rect(2, y, 28, 8, shade(wood, -0.45));
      let x = 2;
      while (x < 29) {
        const w = 2 + rr.int(2);
        const h = 5 + rr.int(3);
        if (rr.chance(0.12)) {
          x += 2;
          continue;
        }
        const col = rr.pick(colors);
        s.rect(x, y + 8 - h, Math.min(w, 30 - x), h, col);
        s.vline(x, y + 8 - h, y + 7, shade(col, 0.2));
        x += w + (rr.chance(0.3) ? 1 : 0);
      }
      s.hline(1, 30, y + 8, shade(wood, 0.15));
    }
  });
}
