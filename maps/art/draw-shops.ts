/** Shop, bar, cafe, school and workshop furniture, plus the collision marker. */
import { Canvas, Color, hex, shade } from './canvas';
import { box, Painter, pieces, sprite } from './kit';
import { P } from './palette';
import { ArtRng } from './rng';

/** A full-width counter (tiles side by side into one long counter). */
function counter(s: Canvas, top: Color, front: Color): void {
  s.rect(0, 6, 32, 9, top);
  s.hline(0, 31, 6, shade(top, 0.35));
  s.hline(0, 31, 14, shade(top, -0.35));
  s.rect(0, 15, 32, 14, front);
  for (let x = 0; x < 32; x += 8) s.vline(x, 16, 28, shade(front, -0.2));
  s.hline(0, 31, 26, shade(front, 0.1));
  s.rect(0, 29, 32, 1, shade(front, -0.5));
}

const BAR_TOP = hex('#6e3b2a');
const BAR_FRONT = hex('#4e2b22');
const SHOP_TOP = hex('#e2d6bd');
const SHOP_FRONT = hex('#7a8f9c');

/** A wall shelf of goods: `item` draws one item at (x, y) in its colour. */
function goodsShelf(c: Canvas, r: ArtRng, frame: Color, colors: Color[], item: (s: Canvas, x: number, y: number, col: Color) => void, step = 5): void {
  sprite(c, r, (s, rr) => {
    box(s, 0, 0, 32, 30, frame, 3);
    for (const y of [3, 12, 21]) {
      s.rect(2, y, 28, 8, shade(frame, -0.4));
      for (let x = 3; x < 28; x += step) item(s, x, y, rr.pick(colors));
      s.hline(1, 30, y + 8, shade(frame, 0.2));
    }
  });
}

function blackboard(s: Canvas): void {
  s.rect(1, 1, 62, 24, hex('#8a5a36'));
  s.rect(3, 3, 58, 20, hex('#2f4a3c'));
  s.line(6, 8, 20, 8, hex('#e8e8e0'));
  s.line(6, 12, 16, 12, hex('#e8e8e0'));
  s.line(24, 16, 30, 7, hex('#e8e8e0'));
  s.line(30, 7, 36, 16, hex('#e8e8e0'));
  s.hline(26, 34, 13, hex('#e8e8e0'));
  s.ellipse(48, 12, 6, 5, hex('#e8e8e0'));
  s.ellipse(48, 12, 5, 4, hex('#2f4a3c'));
  s.line(43, 18, 57, 6, hex('#f0d070'));
  s.rect(6, 23, 52, 2, hex('#b08a5a'));
  s.rect(10, 22, 4, 1, P.white);
  for (const x of [6, 56]) s.rect(x, 25, 2, 5, hex('#5a3a26'));
}

function poolTable(s: Canvas): void {
  s.rect(0, 2, 32, 27, hex('#6b3e26'));
  s.rect(3, 5, 26, 21, hex('#2f7a4a'));
  for (const [x, y] of [[3, 5], [28, 5], [3, 25], [28, 25]]) s.rect(x, y, 2, 2, P.ink);
  s.ellipse(12, 14, 1.5, 1.5, P.white);
  s.ellipse(20, 12, 1.5, 1.5, P.red);
  s.ellipse(22, 16, 1.5, 1.5, P.yellow);
  s.ellipse(18, 17, 1.5, 1.5, P.blue);
}

export const shopPainters: Record<string, Painter> = {
  bar_counter: (c, r) => sprite(c, r, (s) => counter(s, BAR_TOP, BAR_FRONT)),
  bar_taps: (c, r) =>
    sprite(c, r, (s) => {
      counter(s, BAR_TOP, BAR_FRONT);
      s.rect(6, 4, 20, 3, P.metal);
      for (const x of [9, 15, 21]) {
        s.rect(x, 0, 3, 6, P.metalDark);
        s.rect(x, 0, 3, 2, x === 15 ? P.yellow : P.ink);
      }
      s.rect(4, 9, 5, 5, hex('#e8c060', 220));
      s.hline(4, 8, 9, P.white);
    }),
  bar_stool: (c, r) =>
    sprite(c, r, (s) => {
      s.vline(15, 14, 27, P.metalDark);
      s.vline(16, 14, 27, P.metal);
      s.ellipse(16, 27, 6, 2, P.metalDark);
      s.ellipse(16, 12, 8, 5, hex('#9c3a32'));
      s.ellipse(15, 11, 6, 3, hex('#c4584e'));
    }),
  bottle_shelf: (c, r) =>
    goodsShelf(c, r, hex('#5a3326'), [hex('#3f8a48'), hex('#8a4a2a'), hex('#c8b050'), hex('#6a3a6a'), hex('#cfd8dc')], (s, x, y, col) => {
      s.rect(x, y + 3, 3, 5, col);
      s.rect(x + 1, y + 1, 1, 2, col);
      s.put(x, y + 4, shade(col, 0.4));
    }, 4),
  coffee_machine: (c, r) =>
    sprite(c, r, (s) => {
      counter(s, SHOP_TOP, hex('#8a6a52'));
      s.rect(6, 0, 20, 13, hex('#c9ccd0'));
      s.rect(6, 0, 20, 3, hex('#e3e5e8'));
      s.rect(8, 5, 16, 2, P.black);
      for (const x of [10, 18]) {
        s.rect(x, 7, 3, 3, P.metalDark);
        s.rect(x, 10, 4, 3, P.white);
      }
      s.rect(22, 3, 2, 2, P.red);
      s.put(11, 3, P.green);
    }),
  pastry_case: (c, r) =>
    sprite(c, r, (s) => {
      counter(s, SHOP_TOP, hex('#8a6a52'));
      s.rect(2, 0, 28, 14, hex('#d6eef6', 200));
      s.frame(2, 0, 28, 14, hex('#8fa6b2'));
      const cakes = [hex('#e0a35c'), P.pink, hex('#6b3e26'), P.yellow, hex('#f2ead8')];
      for (let i = 0; i < 5; i++) {
        s.ellipse(6 + i * 5, 5, 2, 1.6, cakes[i]);
        s.ellipse(6 + i * 5, 10, 2, 1.6, cakes[(i + 2) % 5]);
      }
      s.line(4, 12, 10, 1, hex('#ffffff', 160));
    }),
  cash_register: (c, r) =>
    sprite(c, r, (s) => {
      counter(s, SHOP_TOP, SHOP_FRONT);
      s.rect(8, 2, 16, 10, hex('#4a4e58'));
      s.rect(10, 0, 12, 4, hex('#2b2e36'));
      s.rect(11, 1, 10, 2, hex('#7fe0a0'));
      for (let y = 5; y < 10; y += 2) for (let x = 10; x < 20; x += 3) s.rect(x, y, 2, 1, P.white);
      s.rect(8, 12, 16, 2, P.metal);
    }),
  shelf_cans: (c, r) =>
    goodsShelf(c, r, hex('#8fa3b0'), [P.red, P.green, P.yellow, P.blue, P.orange], (s, x, y, col) => {
      s.rect(x, y + 2, 4, 6, col);
      s.rect(x, y + 4, 4, 2, P.white);
      s.hline(x, x + 3, y + 2, P.metal);
    }),
  shelf_boxes: (c, r) =>
    goodsShelf(c, r, hex('#8fa3b0'), [hex('#e0c060'), hex('#d87050'), hex('#6aa0d0'), hex('#a0c070'), hex('#e8e0d0')], (s, x, y, col) => {
      s.rect(x, y + 1, 4, 7, col);
      s.hline(x, x + 3, y + 1, shade(col, 0.3));
      s.rect(x + 1, y + 3, 2, 2, P.white);
    }),
  produce_crate: (c, r) =>
    sprite(c, r, (s, rr) => {
      box(s, 1, 8, 30, 20, hex('#b88a55'), 4);
      for (let i = 0; i < 14; i++) {
        const x = 4 + (i % 7) * 4;
        const y = 6 + Math.floor(i / 7) * 4;
        const col = x < 16 ? P.red : P.orange;
        s.ellipse(x + 0.5, y + 0.5, 2.2, 2.2, col);
        s.put(x - 1, y - 1, shade(col, 0.5));
      }
      s.ellipse(24 + rr.int(2), 5, 2, 2, hex('#e8d050'));
      s.frame(3, 17, 26, 9, shade(hex('#b88a55'), -0.3));
    }),
  drinks_cooler: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 2, 0, 28, 30, hex('#d8dde0'), 3);
      s.rect(4, 4, 24, 23, hex('#bfe4f2'));
      for (const y of [6, 13, 20]) {
        for (let x = 5; x < 27; x += 3) s.rect(x, y, 2, 5, [P.red, P.green, P.orange, P.blue][(x + y) % 4]);
        s.hline(4, 27, y + 6, P.metal);
      }
      s.line(6, 25, 14, 5, hex('#ffffff', 140));
    }),
  medicine_shelf: (c, r) =>
    goodsShelf(c, r, hex('#e8eaea'), [P.white, hex('#f0b0b0'), hex('#a8d8b0'), hex('#a8c8f0'), hex('#f0e0a0')], (s, x, y, col) => {
      s.rect(x, y + 3, 3, 5, col);
      s.rect(x, y + 2, 3, 1, P.metalDark);
    }, 4),
  barber_chair: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(13, 22, 6, 6, P.metal);
      s.ellipse(16, 28, 7, 2, P.metalDark);
      s.roundRect(8, 2, 16, 14, hex('#b33a3a'), 3);
      s.rect(8, 13, 16, 9, hex('#c94a4a'));
      s.hline(8, 23, 13, shade(hex('#c94a4a'), 0.3));
      for (const x of [5, 24]) s.rect(x, 11, 3, 9, P.metal);
    }),
  mirror_station: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(5, 0, 22, 14, hex('#d8b040'));
      s.rect(7, 2, 18, 10, hex('#cfe7f3'));
      s.line(9, 10, 14, 3, P.white);
      counter(s, hex('#e8e2d6'), hex('#3c3a4a'));
      s.rect(6, 8, 3, 5, P.teal);
      s.rect(22, 9, 4, 4, P.metal);
    }),
  bread_oven: (c, r) =>
    sprite(c, r, (s) => {
      s.roundRect(1, 0, 30, 30, hex('#a65a40'), 6);
      for (let y = 3; y < 28; y += 4) for (let x = (y / 4) % 2 ? 3 : 7; x < 29; x += 8) s.vline(x, y, y + 3, hex('#7e4030'));
      s.ellipse(16, 19, 9, 7, P.ink);
      s.rect(7, 19, 19, 7, P.ink);
      s.ellipse(16, 23, 6, 3, P.orange);
      s.ellipse(16, 24, 3, 1.5, P.yellow);
      s.rect(6, 26, 20, 2, hex('#6a3a2c'));
    }),
  flour_sacks: (c, r) =>
    sprite(c, r, (s) => {
      for (const [x, y] of [[3, 10], [15, 8], [9, 16]]) {
        s.roundRect(x, y, 14, 14, hex('#efe6cf'), 4);
        s.rect(x + 4, y - 1, 6, 3, hex('#d8cbb0'));
        s.rect(x + 3, y + 6, 8, 3, hex('#c8b070'));
      }
    }),
  ...pieces(blackboard, 2, 1, ['blackboard_l', 'blackboard_r']),
  lectern: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(11, 12, 10, 16, hex('#8a5a36'));
      s.vline(19, 12, 27, shade(hex('#8a5a36'), -0.3));
      s.rect(8, 5, 16, 8, hex('#a8703f'));
      s.hline(8, 23, 5, shade(hex('#a8703f'), 0.3));
      s.rect(11, 6, 10, 5, P.white);
      s.vline(16, 6, 10, hex('#c8c0b0'));
      s.rect(8, 27, 16, 2, hex('#5a3a26'));
    }),
  school_desk: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 4, 4, 24, 12, hex('#c9a06a'), 8);
      s.rect(8, 5, 8, 5, P.white);
      s.rect(18, 6, 5, 1, P.blue);
      for (const x of [5, 25]) s.rect(x, 16, 2, 5, P.metalDark);
      s.rect(9, 19, 14, 6, hex('#5f7d9c'));
      s.hline(9, 22, 19, shade(hex('#5f7d9c'), 0.3));
      s.rect(9, 25, 14, 3, shade(hex('#5f7d9c'), -0.25));
    }),
  lab_bench: (c, r) => sprite(c, r, (s) => counter(s, hex('#3a3f4a'), hex('#d8dde0'))),
  lab_flasks: (c, r) =>
    sprite(c, r, (s) => {
      counter(s, hex('#3a3f4a'), hex('#d8dde0'));
      for (const [x, col] of [[5, P.green], [14, P.pink], [23, hex('#80c8f0')]] as const) {
        s.rect(x + 1, 0, 2, 5, hex('#e8f4f8'));
        s.ellipse(x + 2, 8, 3.5, 3.5, hex('#e8f4f8'));
        s.ellipse(x + 2, 9, 2.5, 2, col);
      }
    }),
  microscope: (c, r) =>
    sprite(c, r, (s) => {
      counter(s, hex('#3a3f4a'), hex('#d8dde0'));
      s.rect(10, 10, 12, 3, P.black);
      s.rect(18, 0, 4, 11, P.black);
      s.line(12, 2, 18, 6, P.metalDark);
      s.line(12, 3, 18, 7, P.metalDark);
      s.rect(11, 1, 3, 3, P.metal);
      s.rect(14, 8, 4, 2, P.metal);
    }),
  filing_cabinet: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 7, 0, 18, 29, hex('#8a949e'), 3);
      for (const y of [4, 12, 20]) {
        s.frame(9, y, 14, 7, shade(hex('#8a949e'), -0.25));
        s.rect(13, y + 3, 6, 1, P.metalDark);
      }
    }),
  pew: (c) => {
    const wood = hex('#8a5a36');
    c.rect(0, 6, 32, 6, shade(wood, -0.1));
    c.hline(0, 31, 6, shade(wood, 0.25));
    c.rect(0, 12, 32, 9, wood);
    c.hline(0, 31, 12, shade(wood, 0.3));
    c.rect(0, 21, 32, 3, shade(wood, -0.4));
    c.rect(2, 24, 2, 5, shade(wood, -0.45));
    c.rect(28, 24, 2, 5, shade(wood, -0.45));
    c.rect(0, 29, 32, 1, [20, 16, 36, 60]);
  },
  altar: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 2, 8, 28, 20, hex('#f2ead8'), 7);
      s.rect(2, 15, 28, 5, hex('#a84a5a'));
      s.rect(15, 0, 2, 9, P.yellow);
      s.rect(12, 3, 8, 2, P.yellow);
      s.rect(5, 4, 2, 5, P.white);
      s.rect(25, 4, 2, 5, P.white);
      s.put(5, 3, P.orange);
      s.put(26, 3, P.orange);
    }),
  workbench: (c, r) =>
    sprite(c, r, (s) => {
      counter(s, hex('#c9a06a'), hex('#8a6a48'));
      s.rect(4, 3, 10, 4, P.metalDark);
      s.rect(18, 5, 10, 2, hex('#d8b878'));
      s.line(20, 3, 27, 8, P.metal);
    }),
  tool_rack: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(1, 1, 30, 26, hex('#b89a70'));
      for (let x = 3; x < 30; x += 3) for (let y = 3; y < 26; y += 3) s.put(x, y, hex('#8a704c'));
      s.line(5, 22, 9, 4, P.woodDark);
      s.rect(7, 3, 5, 3, P.metalDark);
      s.rect(14, 4, 3, 18, P.metal);
      s.rect(14, 4, 3, 4, P.red);
      s.line(21, 5, 27, 20, P.metalDark);
      s.line(22, 5, 28, 20, P.metalDark);
      s.rect(20, 3, 4, 4, P.yellow);
    }),
  lumber: (c, r) =>
    sprite(c, r, (s) => {
      for (let i = 0; i < 4; i++) {
        const y = 20 - i * 5;
        s.rect(2 + (i % 2) * 2, y, 27, 5, shade(hex('#d0a060'), (i % 2) * 0.1));
        s.hline(2 + (i % 2) * 2, 28 + (i % 2) * 2, y, shade(hex('#d0a060'), 0.3));
        s.ellipse(3 + (i % 2) * 2, y + 2.5, 1.5, 2, hex('#e8c080'));
      }
    }),
  globe: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(13, 22, 6, 6, P.woodDark);
      s.rect(10, 27, 12, 2, P.woodDark);
      s.ellipse(16, 13, 9, 9, hex('#5a90d0'));
      s.ellipse(13, 10, 4, 3, P.green);
      s.ellipse(19, 16, 3, 4, P.green);
      s.line(7, 18, 23, 4, hex('#d8b040'));
    }),
  dartboard: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(14, 16, 4, 12, P.woodDark);
      s.ellipse(16, 10, 9, 9, P.ink);
      s.ellipse(16, 10, 7, 7, P.paper);
      s.ellipse(16, 10, 5, 5, P.red);
      s.ellipse(16, 10, 3, 3, P.green);
      s.ellipse(16, 10, 1, 1, P.red);
    }),
  pool_table: (c, r) => sprite(c, r, poolTable),
  collision: (c) => {
    c.rect(0, 0, 32, 32, hex('#e03030', 110));
    c.frame(0, 0, 32, 32, hex('#ff4040', 200));
    c.line(3, 3, 28, 28, hex('#ff4040', 200));
    c.line(28, 3, 3, 28, hex('#ff4040', 200));
  },
};
