/** Street furniture and park props: benches, lamps, the fountain, signs with shop icons. */
import { Canvas, Color, hex, shade } from './canvas';
import { box, groundShadow, Painter, sprite, tileOf } from './kit';
import { P } from './palette';
import { ArtRng } from './rng';

function fountain(c: Canvas): void {
  const stoneC = hex('#c9c2b5');
  groundShadow(c, 33, 38, 30, 24, 60);
  c.ellipse(32, 34, 30, 26, shade(stoneC, -0.3));
  c.ellipse(32, 33, 29, 25, stoneC);
  c.ellipse(32, 34, 25, 21, shade(stoneC, -0.25));
  c.ellipse(32, 35, 24, 20, P.water);
  c.ellipse(29, 31, 15, 11, shade(P.water, 0.12));
  for (const [x, y] of [[18, 36], [42, 42], [36, 24], [22, 46]]) c.hline(x, x + 4, y, P.waterLight);
  c.ellipse(32, 32, 8, 7, shade(stoneC, -0.3));
  c.ellipse(32, 31, 7, 6, stoneC);
  c.ellipse(32, 31, 5, 4, P.waterLight);
  c.rect(31, 14, 3, 16, shade(stoneC, -0.1));
  c.ellipse(32, 13, 5, 3, stoneC);
  // The jet and its splashes.
  c.vline(32, 4, 12, P.white);
  c.vline(31, 6, 12, P.waterLight);
  for (const [x, y] of [[27, 8], [37, 8], [25, 12], [39, 12], [26, 18], [38, 18]]) c.rect(x, y, 2, 2, P.waterLight);
}

/** One of the fountain's four tiles (0 top left … 3 bottom right). */
function quarter(part: number): Painter {
  return tileOf(fountain, 2, 2, 'fountain', part % 2, Math.floor(part / 2));
}

/** A wooden sign on a post with a small picture. */
function sign(icon: (c: Canvas) => void, board: Color = hex('#e9d9b2')) {
  return (c: Canvas, r: ArtRng): void =>
    sprite(c, r, (s) => {
      s.rect(15, 18, 3, 13, P.woodDark);
      s.rect(4, 3, 24, 17, P.woodDark);
      s.rect(5, 4, 22, 15, board);
      s.hline(5, 26, 4, shade(board, 0.3));
      icon(s);
    });
}

const icons: Record<string, (c: Canvas) => void> = {
  cafe: (c) => {
    c.rect(10, 9, 9, 7, P.white);
    c.frame(10, 9, 9, 7, hex('#6b4a34'));
    c.rect(11, 10, 7, 2, hex('#6b3e26'));
    c.frame(19, 10, 3, 4, hex('#6b4a34'));
    c.line(12, 7, 13, 5, hex('#9a9a9a'));
    c.line(16, 7, 17, 5, hex('#9a9a9a'));
  },
  bar: (c) => {
    c.rect(10, 7, 9, 10, P.yellow);
    c.rect(10, 6, 9, 3, P.white);
    c.frame(10, 6, 9, 11, hex('#6b4a34'));
    c.frame(19, 9, 3, 5, hex('#6b4a34'));
  },
  bakery: (c) => {
    c.ellipse(16, 12, 9, 5, hex('#c8843f'));
    c.ellipse(15, 11, 7, 3, hex('#e0a35c'));
    for (const x of [11, 15, 19]) c.line(x, 13, x + 2, 9, hex('#8a5a2c'));
  },
  barber: (c) => {
    c.rect(13, 5, 6, 13, P.white);
    for (let y = 5; y < 18; y += 4) c.line(13, y + 3, 18, y, P.red);
    for (let y = 7; y < 18; y += 4) c.line(13, y + 3, 18, y, P.blue);
    c.rect(12, 4, 8, 2, P.metalDark);
    c.rect(12, 17, 8, 2, P.metalDark);
  },
  pharmacy: (c) => {
    c.rect(14, 6, 4, 12, hex('#3aa060'));
    c.rect(10, 10, 12, 4, hex('#3aa060'));
  },
  books: (c) => {
    c.rect(9, 7, 7, 10, P.blue);
    c.rect(16, 7, 7, 10, P.red);
    c.vline(16, 7, 16, P.ink);
    c.hline(10, 14, 9, P.white);
    c.hline(17, 21, 9, P.white);
  },
  grocery: (c) => {
    c.ellipse(16, 12, 6, 6, P.red);
    c.put(13, 10, hex('#f29a8a'));
    c.vline(16, 4, 7, P.woodDark);
    c.ellipse(19, 6, 3, 1.5, P.leaf);
  },
  tools: (c) => {
    c.line(10, 17, 20, 7, P.woodDark);
    c.line(11, 17, 21, 7, P.woodDark);
    c.rect(17, 5, 7, 4, P.metalDark);
    c.rect(17, 5, 7, 1, P.metal);
  },
  hall: (c) => {
    c.rect(9, 10, 14, 7, P.white);
    for (let x = 10; x < 23; x += 3) c.vline(x, 10, 16, P.stoneDark);
    c.line(8, 10, 16, 5, P.red);
    c.line(24, 10, 16, 5, P.red);
    c.hline(9, 23, 10, P.red);
  },
  college: (c) => {
    c.rect(10, 9, 12, 2, P.ink);
    c.line(8, 9, 16, 5, P.ink);
    c.line(24, 9, 16, 5, P.ink);
    c.hline(9, 23, 9, P.ink);
    c.vline(22, 9, 14, P.yellow);
    c.rect(12, 11, 8, 4, P.ink);
  },
  home: (c) => {
    c.rect(11, 11, 10, 7, P.white);
    for (let i = 0; i < 6; i++) c.hline(10 + i, 22 - i, 10 - i, P.red);
    c.rect(15, 14, 3, 4, P.woodDark);
  },
  church: (c) => {
    c.rect(15, 5, 2, 13, P.yellow);
    c.rect(11, 9, 10, 2, P.yellow);
  },
};

export const outdoorPainters: Record<string, Painter> = {
  park_bench: (c, r) =>
    sprite(c, r, (s) => {
      const wood = hex('#b57a45');
      for (const x of [3, 27]) s.rect(x, 10, 2, 18, P.black);
      for (const y of [8, 12]) {
        s.rect(1, y, 30, 3, wood);
        s.hline(1, 30, y, shade(wood, 0.25));
      }
      for (const y of [18, 21]) {
        s.rect(1, y, 30, 3, shade(wood, 0.05));
        s.hline(1, 30, y, shade(wood, 0.3));
      }
      s.rect(1, 24, 30, 2, shade(wood, -0.35));
    }),
  street_lamp: (c, r) => {
    c.ellipse(16, 8, 11, 9, hex('#ffe9a0', 55));
    sprite(c, r, (s) => {
      s.rect(15, 10, 3, 19, P.black);
      s.rect(13, 27, 7, 3, P.black);
      s.rect(11, 3, 11, 3, P.black);
      s.rect(12, 6, 9, 6, hex('#ffe9a0'));
      s.rect(13, 7, 3, 3, P.white);
      s.rect(12, 12, 9, 1, P.black);
    });
  },
  fountain_tl: quarter(0),
  fountain_tr: quarter(1),
  fountain_bl: quarter(2),
  fountain_br: quarter(3),
  mailbox: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(14, 18, 4, 11, P.woodDark);
      s.roundRect(9, 6, 14, 13, hex('#3f6fb5'), 3);
      s.rect(9, 13, 14, 6, hex('#345c98'));
      s.rect(12, 10, 8, 2, P.black);
      s.rect(22, 7, 2, 6, P.red);
    }),
  trash_bin: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(10, 11, 12, 17, hex('#5f7d62'));
      for (let x = 12; x < 22; x += 3) s.vline(x, 13, 26, hex('#4c6a50'));
      s.rect(9, 9, 14, 3, hex('#7c9a7f'));
      s.rect(14, 7, 4, 2, hex('#7c9a7f'));
    }),
  notice_board: (c, r) =>
    sprite(c, r, (s) => {
      for (const x of [5, 25]) s.rect(x, 14, 2, 16, P.woodDark);
      s.rect(3, 4, 26, 16, P.woodDark);
      s.rect(5, 6, 22, 12, hex('#c9a16b'));
      s.rect(7, 8, 6, 7, P.white);
      s.rect(15, 7, 5, 5, P.yellow);
      s.rect(21, 9, 5, 6, hex('#a8d0f0'));
      s.rect(15, 13, 5, 3, P.pink);
      s.put(10, 8, P.red);
    }),
  well: (c, r) =>
    sprite(c, r, (s) => {
      s.ellipse(16, 21, 12, 8, P.stone);
      s.ellipse(16, 20, 9, 5, P.ink);
      s.ellipse(16, 21, 7, 3, P.waterDeep);
      for (const x of [4, 26]) s.rect(x, 4, 2, 16, P.woodDark);
      s.rect(2, 2, 28, 4, P.woodRed);
      s.hline(2, 29, 2, shade(P.woodRed, 0.3));
      s.vline(16, 6, 14, P.metalDark);
      s.rect(14, 14, 5, 4, P.wood);
    }),
  picnic_table: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(2, 4, 28, 4, P.wood);
      box(s, 2, 11, 28, 11, P.woodLight, 8);
      s.rect(2, 25, 28, 4, P.wood);
      s.hline(2, 29, 4, shade(P.wood, 0.25));
      s.hline(2, 29, 25, shade(P.wood, 0.25));
    }),
  swing: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(2, 2, 28, 3, P.red);
      for (const x of [2, 28]) s.rect(x, 2, 2, 27, P.red);
      s.vline(10, 5, 20, P.metalDark);
      s.vline(16, 5, 20, P.metalDark);
      s.rect(9, 20, 9, 3, P.woodDark);
    }),
  slide: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(3, 3, 8, 26, P.metalDark);
      for (let y = 6; y < 28; y += 4) s.hline(4, 9, y, P.metal);
      s.rect(11, 3, 16, 9, P.yellow);
      s.rect(17, 12, 10, 17, P.yellow);
      s.vline(19, 12, 28, shade(P.yellow, 0.35));
      s.rect(11, 3, 16, 2, shade(P.yellow, 0.3));
    }),
  bike_rack: (c, r) =>
    sprite(c, r, (s) => {
      for (const x of [4, 12, 20]) {
        s.frame(x, 10, 8, 16, P.metal);
        s.frame(x + 1, 11, 6, 14, P.metalDark);
      }
      s.ellipse(9, 20, 5, 5, P.black);
      s.ellipse(9, 20, 3, 3, [0, 0, 0, 0]);
    }),
  planter: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 4, 14, 24, 14, hex('#b8754f'), 3);
      for (let i = 0; i < 5; i++) s.ellipse(8 + i * 4, 12 - (i % 2) * 2, 4, 4, i % 2 ? P.leafLight : P.leaf);
      s.rect(10, 8, 2, 2, P.pink);
      s.rect(19, 9, 2, 2, P.yellow);
    }),
  statue: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 6, 21, 20, 9, hex('#b9b3a7'), 3);
      const bronze = hex('#7f8f7a');
      s.ellipse(16, 5, 3, 3, bronze);
      s.rect(13, 8, 7, 9, bronze);
      s.rect(13, 17, 3, 5, bronze);
      s.rect(17, 17, 3, 5, bronze);
      s.line(19, 9, 23, 3, bronze);
      s.vline(14, 9, 15, shade(bronze, 0.3));
    }),
  sign_cafe: sign(icons.cafe),
  sign_bar: sign(icons.bar, hex('#3c3a4a')),
  sign_bakery: sign(icons.bakery),
  sign_barber: sign(icons.barber),
  sign_pharmacy: sign(icons.pharmacy, P.white),
  sign_books: sign(icons.books),
  sign_grocery: sign(icons.grocery),
  sign_tools: sign(icons.tools),
  sign_hall: sign(icons.hall),
  sign_college: sign(icons.college, hex('#9fb4d8')),
  sign_home: sign(icons.home),
  sign_church: sign(icons.church, hex('#e7e2f0')),
  flagpole: (c, r) =>
    sprite(c, r, (s) => {
      s.rect(8, 2, 2, 27, P.metal);
      s.rect(6, 27, 6, 3, P.stoneDark);
      s.rect(10, 3, 16, 10, P.blue);
      s.rect(10, 3, 16, 3, P.white);
      s.rect(10, 10, 16, 3, P.white);
      s.ellipse(18, 8, 2, 2, P.yellow);
    }),
  market_stall: (c, r) =>
    sprite(c, r, (s) => {
      for (const x of [2, 28]) s.rect(x, 6, 2, 23, P.woodDark);
      for (let x = 0; x < 32; x++) s.vline(x, 1, 8, Math.floor(x / 6) % 2 ? P.white : hex('#3f8f5a'));
      box(s, 2, 16, 28, 13, P.wood, 5);
      for (let i = 0; i < 6; i++) s.ellipse(6 + i * 4, 16, 2, 2, i % 2 ? P.orange : P.red);
    }),
  crate: (c, r) =>
    sprite(c, r, (s) => {
      box(s, 5, 8, 22, 20, hex('#b88a55'), 7);
      s.line(6, 16, 25, 26, shade(hex('#b88a55'), -0.3));
      s.frame(6, 15, 20, 12, shade(hex('#b88a55'), -0.3));
    }),
  barrel: (c, r) =>
    sprite(c, r, (s) => {
      s.roundRect(8, 6, 16, 23, hex('#9a6438'), 3);
      s.ellipse(16, 8, 8, 3, hex('#b9834f'));
      for (const y of [12, 23]) s.rect(8, y, 16, 2, P.metalDark);
      s.vline(11, 10, 27, shade(hex('#9a6438'), 0.2));
    }),
};
