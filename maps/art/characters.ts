/**
 * The character sheet: one townsperson per row, 12 frames of 32×32 per row (down 0-2, left 3-5,
 * right 6-8, up 9-11; frame 1 of each direction is the standing pose). Looks come from a spec
 * (skin, hair style and colour, clothes, hat, glasses, beard, apron); the first rows are cast for
 * the Hamlet personas, the rest are filled by seeded variation, so the sheet is reproducible.
 */
import { Canvas, Color, hex, shade } from './canvas';
import { ArtRng } from './rng';

export type HairStyle = 'short' | 'bob' | 'long' | 'ponytail' | 'bun' | 'spiky' | 'afro' | 'bald' | 'scarf';
export type Hat = 'none' | 'cap' | 'beanie' | 'sunhat';
export type Direction = 'down' | 'left' | 'right' | 'up';

export interface CharacterSpec {
  skin: Color;
  hair: Color;
  style: HairStyle;
  shirt: Color;
  pants: Color;
  shoes: Color;
  hat: Hat;
  hatColor: Color;
  glasses: boolean;
  beard: boolean;
  apron: boolean;
  dress: boolean;
}

export const FRAME = 32;
export const FRAMES_PER_ROW = 12;
export const DIRECTIONS: readonly Direction[] = ['down', 'left', 'right', 'up'];

const SKINS = ['#f7d9bd', '#eec3a0', '#dca77f', '#bd8058', '#8f5b3c', '#6b422b'].map((h) => hex(h));
const HAIRS = ['#2b2326', '#4a3022', '#7a4e2e', '#a0452e', '#e0c068', '#b9b6b0', '#e9e6de', '#d07a3a', '#d87aa8', '#3d4a7a'].map((h) => hex(h));
const SHIRTS = ['#c8483f', '#4a72c0', '#5aa05a', '#efc94c', '#8a5bb0', '#3f9c98', '#e08a3c', '#e58aa8', '#f4efe4', '#2f4878', '#7a3b4a', '#6b8e3a'].map((h) => hex(h));
const PANTS = ['#2f3a5a', '#3a3a44', '#6b4a34', '#a89070', '#58606a', '#4a6fa0'].map((h) => hex(h));
const STYLES: HairStyle[] = ['short', 'bob', 'long', 'ponytail', 'bun', 'spiky', 'afro', 'bald'];
const EYE = hex('#2a2238');

const h = (s: string): Color => hex(s);

/** Cast for the Hamlet personas (row = persona sprite index); missing fields are seeded. */
const CAST: Array<Partial<CharacterSpec>> = [
  { skin: SKINS[2], hair: h('#4a3022'), style: 'bun', shirt: h('#c8483f'), pants: h('#3a3a44'), apron: true }, // Rosa
  { skin: SKINS[2], hair: h('#2b2326'), style: 'short', beard: true, shirt: h('#5f8a4a'), pants: h('#4a6fa0') }, // Tomas
  { skin: SKINS[2], hair: h('#2b2326'), style: 'spiky', shirt: h('#efc94c'), pants: h('#58606a') }, // Mateo
  { skin: SKINS[4], hair: h('#3a3034'), style: 'afro', shirt: h('#8a5bb0'), dress: true, glasses: true }, // Grace
  { skin: SKINS[5], hair: h('#b9b6b0'), style: 'short', beard: true, glasses: true, shirt: h('#2f4878'), pants: h('#6b4a34') }, // Emmanuel
  { skin: SKINS[0], hair: h('#e9e6de'), style: 'bun', shirt: h('#b9a3e3'), dress: true, glasses: true }, // Ingrid
  { skin: SKINS[1], hair: h('#2b2326'), style: 'short', shirt: h('#f4efe4'), pants: h('#2f3a5a'), glasses: true }, // Daniel
  { skin: SKINS[1], hair: h('#2b2326'), style: 'bob', shirt: h('#3f9c98'), pants: h('#a89070'), hat: 'beanie', hatColor: h('#c8483f') }, // Mina
  { skin: SKINS[0], hair: h('#b9b6b0'), style: 'bald', beard: true, shirt: h('#f4efe4'), pants: h('#58606a'), apron: true }, // Karel
  { skin: SKINS[0], hair: h('#e0c068'), style: 'ponytail', shirt: h('#5aa05a'), pants: h('#4a6fa0'), apron: true }, // Petra
  { skin: SKINS[0], hair: h('#d07a3a'), style: 'short', beard: true, shirt: h('#3a3a44'), pants: h('#2b2b33') }, // Declan
  { skin: SKINS[4], hair: h('#2b2326'), style: 'short', shirt: h('#f4efe4'), pants: h('#2b2b33') }, // Leon
  { skin: SKINS[0], hair: h('#8a7a6a'), style: 'bob', glasses: true, shirt: h('#7a3b4a'), dress: true }, // Margaret
  { skin: SKINS[0], hair: h('#e9e6de'), style: 'short', glasses: true, shirt: h('#8a6a48'), pants: h('#58606a') }, // Alan
  { skin: SKINS[1], hair: h('#b9b6b0'), style: 'bald', shirt: h('#2f4878'), pants: h('#2f3a5a') }, // Howard
  { skin: SKINS[0], hair: h('#a0452e'), style: 'ponytail', shirt: h('#e08a3c'), pants: h('#4a6fa0') }, // Ruth
  { skin: SKINS[1], hair: h('#7a4e2e'), style: 'short', hat: 'cap', hatColor: h('#2f4878'), shirt: h('#9cc3e6'), pants: h('#2f3a5a') }, // Hugo
  { skin: SKINS[2], hair: h('#4a3022'), style: 'long', shirt: h('#7a3b4a'), pants: h('#2b2b33') }, // Sofia
  { skin: SKINS[1], hair: h('#2b2326'), style: 'short', shirt: h('#3f9c98'), pants: h('#a89070') }, // Jun
  { skin: SKINS[3], hair: h('#6b8e3a'), style: 'scarf', shirt: h('#f4efe4'), pants: h('#2f3a5a') }, // Aisha
  { skin: SKINS[0], hair: h('#e0c068'), style: 'spiky', glasses: true, shirt: h('#c8483f'), pants: h('#4a6fa0') }, // Felix
  { skin: SKINS[0], hair: h('#d87aa8'), style: 'ponytail', shirt: h('#efc94c'), pants: h('#4a6fa0') }, // Chloe
  { skin: SKINS[5], hair: h('#2b2326'), style: 'short', hat: 'beanie', hatColor: h('#8a5bb0'), shirt: h('#3a3a44'), pants: h('#2b2b33') }, // Oliver
  { skin: SKINS[2], hair: h('#2b2326'), style: 'long', shirt: h('#d8a840'), pants: h('#2b2b33') }, // Nadia
  { skin: SKINS[5], hair: h('#2b2326'), style: 'short', hat: 'cap', hatColor: h('#3f7a3a'), shirt: h('#6b8e3a'), pants: h('#6b4a34') }, // Kofi
];

export const CHARACTER_COUNT = 32;

/** The look of character `index`: the cast entry merged over seeded defaults. */
export function characterSpec(index: number): CharacterSpec {
  const r = new ArtRng(`character:${index}`);
  const style = r.pick(STYLES);
  const base: CharacterSpec = {
    skin: r.pick(SKINS),
    hair: r.pick(HAIRS),
    style,
    shirt: r.pick(SHIRTS),
    pants: r.pick(PANTS),
    shoes: r.pick([h('#3a2a22'), h('#2b2b33'), h('#6b4a34'), h('#e8e4da')]),
    hat: r.chance(0.25) ? r.pick(['cap', 'beanie', 'sunhat'] as const) : 'none',
    hatColor: r.pick(SHIRTS),
    glasses: r.chance(0.25),
    beard: style !== 'long' && style !== 'bob' && r.chance(0.2),
    apron: false,
    dress: (style === 'long' || style === 'bob' || style === 'bun') && r.chance(0.4),
  };
  const cast = CAST[index];
  if (!cast) return base;
  // Cast looks are explicit: no seeded hat, glasses, beard, apron or dress unless asked for.
  return { ...base, hat: 'none', glasses: false, beard: false, apron: false, dress: false, ...cast };
}

/** Draws one frame. `step` 0..2 (1 = standing). */
export function drawFrame(spec: CharacterSpec, dir: Direction, step: number): Canvas {
  if (dir === 'right') return drawFrame(spec, 'left', step).flipped();
  const c = new Canvas(FRAME, FRAME);
  const side = dir === 'left';
  const walk = step === 1 ? 0 : step === 0 ? 1 : -1;
  // Where the body starts, in rows; it stays level while walking (the legs carry the motion).
  const top = 0;

  // Legs and shoes.
  const legY = 23 + top;
  if (side) {
    const front = 13 - walk * 2;
    const back = 16 + walk * 2;
    const legs = walk === 0 ? [14] : [back, front];
    for (const [i, x] of legs.entries()) {
      const pants = walk !== 0 && i === 0 ? shade(spec.pants, -0.2) : spec.pants;
      c.rect(x, legY, 4, 6, pants);
      c.rect(x - 1, legY + 5, 5, 2, spec.shoes);
    }
  } else {
    const lEnd = walk === 1 ? 27 : 29;
    const rEnd = walk === -1 ? 27 : 29;
    c.rect(12, legY, 3, lEnd - legY, spec.pants);
    c.rect(17, legY, 3, rEnd - legY, spec.pants);
    c.rect(12, lEnd - 1, 4, 2, spec.shoes);
    c.rect(16, rEnd - 1, 4, 2, spec.shoes);
  }

  // Long hair falls behind the body when seen from the front.
  if (dir === 'down' && (spec.style === 'long' || spec.style === 'scarf')) c.rect(9, 10 + top, 14, 10, spec.style === 'scarf' ? spec.hair : shade(spec.hair, -0.15));

  // Torso (and skirt).
  const tx0 = side ? 12 : 11;
  const tw = side ? 8 : 10;
  c.roundRect(tx0, 16 + top, tw, 8, spec.shirt, 1);
  c.vline(tx0, 17 + top, 22 + top, shade(spec.shirt, 0.15));
  c.vline(tx0 + tw - 1, 17 + top, 22 + top, shade(spec.shirt, -0.18));
  if (spec.dress) {
    for (let y = 21; y < 27; y++) c.hline(tx0 - Math.floor((y - 21) / 2), tx0 + tw - 1 + Math.floor((y - 21) / 2), y + top, y === 26 ? shade(spec.shirt, -0.2) : spec.shirt);
  } else {
    c.hline(tx0, tx0 + tw - 1, 23 + top, shade(spec.pants, -0.1));
  }
  if (spec.apron) {
    const ax = side ? 11 : 12;
    c.rect(ax, 18 + top, side ? 5 : 8, 8, h('#f4f1ea'));
    c.hline(ax, ax + (side ? 4 : 7), 18 + top, h('#d9d4c8'));
  }

  // Arms swing opposite to the legs.
  if (side) {
    const ax = 15 + walk * 2;
    c.rect(ax, 17 + top, 3, 6, shade(spec.shirt, -0.08));
    c.rect(ax, 23 + top, 3, 2, spec.skin);
  } else {
    const la = dir === 'down' ? walk : -walk;
    c.rect(9, 17 + top + la, 2, 6, spec.shirt);
    c.rect(9, 23 + top + la, 2, 2, spec.skin);
    c.rect(21, 17 + top - la, 2, 6, shade(spec.shirt, -0.12));
    c.rect(21, 23 + top - la, 2, 2, spec.skin);
  }

  // Head.
  const hx = side ? 15.5 : 16;
  const hy = 10.5 + top;
  c.ellipse(hx, hy, 6.5, 6, spec.skin);
  c.ellipse(hx - 1, hy - 1, 4.5, 4, shade(spec.skin, 0.08));
  if (dir === 'down') {
    c.rect(13, 11 + top, 1, 2, EYE);
    c.rect(18, 11 + top, 1, 2, EYE);
    c.put(12, 13 + top, shade(spec.skin, -0.12));
    c.put(19, 13 + top, shade(spec.skin, -0.12));
    c.hline(15, 16, 14 + top, shade(spec.skin, -0.3));
  } else if (side) {
    c.rect(11, 11 + top, 1, 2, EYE);
    c.put(9, 12 + top, spec.skin);
    c.put(11, 14 + top, shade(spec.skin, -0.3));
  }
  if (spec.beard) {
    const bc = shade(spec.hair, -0.05);
    if (dir === 'down') {
      for (let y = 13; y <= 16; y++) {
        for (let x = 10; x <= 21; x++) {
          const jaw = y >= 15 || x <= 11 || x >= 20 || (y === 14 && (x <= 14 || x >= 17));
          if (jaw && c.alpha(x, y + top) && !(y === 14 && x >= 15 && x <= 16)) c.put(x, y + top, bc);
        }
      }
      c.hline(15, 16, 14 + top, shade(spec.skin, -0.35));
    } else if (side) {
      for (let y = 14; y <= 16; y++) for (let x = 10; x <= 16; x++) if (c.alpha(x, y + top) && !(y === 14 && x <= 11)) c.put(x, y + top, bc);
    }
  }

  drawHair(c, spec, dir, top);
  drawHat(c, spec, dir, top);
  if (spec.glasses && dir !== 'up') {
    // Light metal frames: a dark frame around 1-pixel eyes reads as sunglasses.
    const g = h('#c9cdd6');
    if (dir === 'down') {
      c.frame(12, 10 + top, 3, 4, g);
      c.frame(17, 10 + top, 3, 4, g);
      c.hline(15, 16, 11 + top, g);
    } else {
      c.frame(10, 10 + top, 3, 4, g);
      c.hline(13, 16, 11 + top, g);
    }
  }

  c.outline(undefined, -0.65);
  const shadow = new Canvas(FRAME, FRAME);
  shadow.ellipse(16, 29.5, 6.5, 2, [20, 16, 36, 70]);
  shadow.draw(c);
  return shadow;
}

function drawHair(c: Canvas, spec: CharacterSpec, dir: Direction, top: number): void {
  const hair = spec.hair;
  const hi = shade(hair, 0.2);
  const side = dir === 'left';
  const hx = side ? 15.5 : 16;
  const hy = 10.5 + top;
  const inVol = (x: number, y: number, rx = 7.2, ry = 6.8): boolean => ((x + 0.5 - hx) / rx) ** 2 + ((y + 0.5 - (hy - 0.5)) / ry) ** 2 <= 1;
  const paint = (pred: (x: number, y: number) => boolean, color = hair): void => {
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) if (pred(x, y)) c.put(x, y, color);
  };
  const y = (v: number): number => v + top;
  const s = spec.style;
  if (s === 'bald') {
    if (dir === 'up') paint((x, yy) => inVol(x, yy) && yy >= y(10) && yy <= y(13));
    else if (side) paint((x, yy) => inVol(x, yy) && x >= 17 && yy >= y(8) && yy <= y(12));
    else paint((x, yy) => inVol(x, yy) && (x <= 10 || x >= 21) && yy >= y(8) && yy <= y(12));
    return;
  }
  if (s === 'afro') {
    const big = (x: number, yy: number): boolean => ((x + 0.5 - hx) / 8.8) ** 2 + ((yy + 0.5 - y(8.5)) / 7.6) ** 2 <= 1;
    if (dir === 'down') paint((x, yy) => big(x, yy) && (yy <= y(8) || x <= 10 || x >= 21));
    else if (side) paint((x, yy) => big(x, yy) && (yy <= y(8) || x >= 14));
    else paint((x, yy) => big(x, yy) && yy <= y(15));
    paint((x, yy) => big(x, yy) && (x + yy) % 4 === 0 && yy <= y(6), hi);
    return;
  }
  if (s === 'scarf') {
    const wrap = (x: number, yy: number): boolean => ((x + 0.5 - hx) / 7.8) ** 2 + ((yy + 0.5 - y(10.5)) / 7.6) ** 2 <= 1;
    if (dir === 'down') paint((x, yy) => wrap(x, yy) && !(((x + 0.5 - hx) / 4.6) ** 2 + ((yy + 0.5 - y(12)) / 4.6) ** 2 <= 1));
    else if (side) paint((x, yy) => (wrap(x, yy) && !(x <= 13 && yy >= y(9) && yy <= y(15))) || (x >= 13 && x <= 20 && yy >= y(15) && yy <= y(19)));
    else paint((x, yy) => wrap(x, yy) || (x >= 10 && x <= 21 && yy >= y(14) && yy <= y(19)));
    paint((x, yy) => wrap(x, yy) && yy === y(5), hi);
    return;
  }
  // Cap of hair on the top of the head, common to the other styles.
  if (dir === 'up') {
    paint((x, yy) => inVol(x, yy) && yy <= y(14));
  } else if (side) {
    paint((x, yy) => inVol(x, yy) && (yy <= y(7) || (x >= 15 && yy <= y(13))));
    paint((x, yy) => inVol(x, yy) && yy === y(8) && x >= 10 && x <= 13);
  } else {
    paint((x, yy) => inVol(x, yy) && (yy <= y(7) || ((x <= 10 || x >= 21) && yy <= y(11))));
    paint((x, yy) => inVol(x, yy) && yy === y(8) && ((x >= 11 && x <= 14) || x === 19 || x === 20));
  }
  paint((x, yy) => inVol(x, yy) && yy === y(5) && x % 3 !== 0 && (dir !== 'left' || x < 18), hi);

  if (s === 'bob') {
    if (dir === 'down') paint((x, yy) => yy >= y(8) && yy <= y(15) && ((x >= 9 && x <= 11) || (x >= 20 && x <= 22)));
    else if (side) paint((x, yy) => yy >= y(8) && yy <= y(15) && x >= 15 && x <= 22);
    else paint((x, yy) => yy >= y(8) && yy <= y(16) && x >= 9 && x <= 22);
  }
  if (s === 'long') {
    if (dir === 'down') paint((x, yy) => yy >= y(8) && yy <= y(20) && ((x >= 9 && x <= 11) || (x >= 20 && x <= 22)));
    else if (side) paint((x, yy) => yy >= y(8) && yy <= y(20) && x >= 15 && x <= 22);
    else paint((x, yy) => yy >= y(8) && yy <= y(21) && x >= 9 && x <= 22);
  }
  if (s === 'ponytail') {
    if (side) paint((x, yy) => yy >= y(7) && yy <= y(17) && x >= 21 && x <= 23);
    else if (dir === 'up') paint((x, yy) => yy >= y(12) && yy <= y(19) && x >= 15 && x <= 17);
    else paint((x, yy) => yy >= y(4) && yy <= y(9) && (x === 22 || x === 23));
  }
  if (s === 'bun') {
    const bx = side ? 19 : 16;
    c.ellipse(bx, y(3.5), 2.6, 2.2, hair);
    c.put(bx - 1, y(2), hi);
  }
  if (s === 'spiky') {
    for (const sx of side ? [11, 14, 17, 20] : [10, 13, 16, 19, 22]) {
      c.rect(sx, y(3), 2, 2, hair);
      c.put(sx, y(2), hair);
    }
  }
}

function drawHat(c: Canvas, spec: CharacterSpec, dir: Direction, top: number): void {
  if (spec.hat === 'none') return;
  const col = spec.hatColor;
  const side = dir === 'left';
  const hx = side ? 15.5 : 16;
  const crown = (yEnd: number): void => {
    for (let yy = 2; yy <= yEnd; yy++) {
      for (let x = 8; x <= 23; x++) {
        if (((x + 0.5 - hx) / 7.2) ** 2 + ((yy + 0.5 - 9.5) / 6.8) ** 2 <= 1 || (yy >= 3 && ((x + 0.5 - hx) / 7) ** 2 + ((yy - 8) / 5.5) ** 2 <= 1)) c.put(x, yy + top, col);
      }
    }
  };
  if (spec.hat === 'cap') {
    crown(7);
    c.hline(10, 21, 3 + top, shade(col, 0.25));
    if (dir === 'down') c.rect(10, 7 + top, 12, 2, shade(col, -0.25));
    else if (side) c.rect(6, 7 + top, 6, 2, shade(col, -0.25));
  } else if (spec.hat === 'beanie') {
    crown(8);
    c.rect(9, 7 + top, 14, 2, shade(col, 0.2));
    c.ellipse(hx, 2 + top, 2, 1.5, shade(col, 0.35));
  } else {
    c.ellipse(hx, 7.5 + top, 11, 3, shade(col, -0.1));
    crown(7);
    c.hline(9, 22, 6 + top, shade(col, -0.35));
  }
}

/** The whole sheet: CHARACTER_COUNT rows × 12 frames. */
export function drawCharacterSheet(count = CHARACTER_COUNT): Canvas {
  const sheet = new Canvas(FRAMES_PER_ROW * FRAME, count * FRAME);
  for (let row = 0; row < count; row++) {
    const spec = characterSpec(row);
    DIRECTIONS.forEach((dir, d) => {
      for (let step = 0; step < 3; step++) sheet.draw(drawFrame(spec, dir, step), (d * 3 + step) * FRAME, row * FRAME);
    });
  }
  return sheet;
}
