/** Shared drawing helpers for tiles: textures, bevelled boxes, and "sprites" with outline + shadow. */
import { Canvas, Color, shade, withAlpha } from './canvas';
import { ArtRng } from './rng';

export type Painter = (c: Canvas, r: ArtRng) => void;

/** Fills a rectangle with per-pixel tone noise around `base` (tileable by construction). */
export function noise(c: Canvas, x: number, y: number, w: number, h: number, base: Color, r: ArtRng, spread = 0.06): void {
  for (let yy = y; yy < y + h; yy++) {
    for (let xx = x; xx < x + w; xx++) c.put(xx, yy, shade(base, (r.next() * 2 - 1) * spread));
  }
}

/** Scatters single pixels of `color` with probability p. */
export function speckle(c: Canvas, x: number, y: number, w: number, h: number, color: Color, p: number, r: ArtRng): void {
  for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) if (r.chance(p)) c.px(xx, yy, color);
}

/**
 * A piece of furniture seen from the front-top: a top surface (lighter) above a front face.
 * `topH` is how many rows of the box are the top surface.
 */
export function box(c: Canvas, x: number, y: number, w: number, h: number, color: Color, topH = Math.floor(h / 2)): void {
  c.rect(x, y, w, h, shade(color, -0.12));
  c.rect(x, y, w, topH, color);
  c.hline(x, x + w - 1, y, shade(color, 0.25));
  c.hline(x, x + w - 1, y + topH - 1, shade(color, -0.2));
  c.hline(x, x + w - 1, y + h - 1, shade(color, -0.3));
}

/**
 * Draws with `paint` on a transparent layer, then outlines the shape and casts a soft shadow
 * before compositing onto `c`. This gives furniture and props their crisp pixel-art edge.
 */
export function sprite(c: Canvas, r: ArtRng, paint: Painter, opts: { outline?: boolean; shadow?: boolean } = {}): void {
  const layer = new Canvas(c.width, c.height);
  paint(layer, r);
  if (opts.outline !== false) layer.outline();
  if (opts.shadow !== false) layer.shadow(1, 2, 60);
  c.draw(layer);
}

/** Wood grain: horizontal planks of height `plankH` with staggered joints (tileable). */
export function planks(c: Canvas, r: ArtRng, base: Color, plankH = 8, x0 = 0, y0 = 0, w = 32, h = 32): void {
  for (let py = 0; py < h; py += plankH) {
    const row = py / plankH;
    const tone = shade(base, (r.next() * 2 - 1) * 0.07);
    noise(c, x0, y0 + py, w, plankH, tone, r, 0.03);
    for (let i = 0; i < 3; i++) {
      const gx = x0 + r.int(w - 6);
      c.hline(gx, gx + 2 + r.int(5), y0 + py + 2 + r.int(plankH - 3), shade(tone, -0.1));
    }
    c.hline(x0, x0 + w - 1, y0 + py, shade(tone, 0.12));
    c.hline(x0, x0 + w - 1, y0 + py + plankH - 1, shade(base, -0.35));
    const joint = x0 + ((row * 13 + 7) % w);
    c.vline(joint, y0 + py, y0 + py + plankH - 2, shade(base, -0.35));
  }
}

/** Soft translucent ellipse shadow on the ground. */
export function groundShadow(c: Canvas, cx: number, cy: number, rx: number, ry: number, alpha = 70): void {
  c.ellipse(cx, cy, rx, ry, withAlpha([20, 16, 36, 255], alpha));
}

/**
 * For pictures bigger than one tile: draws the whole picture on a (cols×32)×(rows×32) canvas
 * (its random stream seeded by `seed`) and returns a painter for tile (col, row) of it.
 */
export function tileOf(paint: Painter, cols: number, rows: number, seed: string, col: number, row: number): Painter {
  return (c) => {
    const big = new Canvas(cols * 32, rows * 32);
    paint(big, new ArtRng(seed));
    c.draw(big, 0, 0, col * 32, row * 32, 32, 32);
  };
}

/** Like `tileOf`, for furniture: the whole picture is outlined and shadowed before it is cut. */
function piece(paint: Painter, cols: number, rows: number, seed: string, col: number, row: number): Painter {
  return tileOf((big, r) => sprite(big, r, paint), cols, rows, seed, col, row);
}

/** Painters for every tile of a multi-tile picture, named `${prefix}${suffixes[i]}` row by row. */
export function pieces(paint: Painter, cols: number, rows: number, names: string[]): Record<string, Painter> {
  const out: Record<string, Painter> = {};
  names.forEach((name, i) => {
    out[name] = piece(paint, cols, rows, names.join('+'), i % cols, Math.floor(i / cols));
  });
  return out;
}
