/**
 * A minimal RGBA raster with the drawing primitives our pixel art needs (rectangles, lines,
 * ellipses, alpha blending, automatic outlines and drop shadows) and a deterministic PNG writer.
 */
import { PNG } from 'pngjs';

/** [r, g, b, a], each 0..255. */
export type Color = readonly [number, number, number, number];

/** "#rrggbb" → Color. */
export function hex(text: string, alpha = 255): Color {
  const n = parseInt(text.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}

const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

/** Linear mix of two colours (t = 0 → a, 1 → b). */
export function mix(a: Color, b: Color, t: number): Color {
  return [clamp(a[0] + (b[0] - a[0]) * t), clamp(a[1] + (b[1] - a[1]) * t), clamp(a[2] + (b[2] - a[2]) * t), clamp(a[3] + (b[3] - a[3]) * t)];
}

/** Lighter (amount > 0) or darker (amount < 0) version of a colour; keeps alpha. Darkening shifts hue slightly towards blue/purple, as pixel artists do. */
export function shade(c: Color, amount: number): Color {
  if (amount >= 0) {
    const warm: Color = [255, 250, 225, c[3]];
    return mix(c, warm, amount);
  }
  const cool: Color = [28, 22, 48, c[3]];
  return mix(c, cool, -amount);
}

export function withAlpha(c: Color, alpha: number): Color {
  return [c[0], c[1], c[2], alpha];
}

export const TRANSPARENT: Color = [0, 0, 0, 0];

export class Canvas {
  readonly data: Uint8Array;

  constructor(readonly width: number, readonly height: number) {
    this.data = new Uint8Array(width * height * 4);
  }

  inside(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  get(x: number, y: number): Color {
    if (!this.inside(x, y)) return TRANSPARENT;
    const i = (y * this.width + x) * 4;
    return [this.data[i], this.data[i + 1], this.data[i + 2], this.data[i + 3]];
  }

  alpha(x: number, y: number): number {
    return this.inside(x, y) ? this.data[(y * this.width + x) * 4 + 3] : 0;
  }

  /** Replaces a pixel (no blending). */
  put(x: number, y: number, c: Color): void {
    x = Math.floor(x);
    y = Math.floor(y);
    if (!this.inside(x, y)) return;
    const i = (y * this.width + x) * 4;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
    this.data[i + 3] = c[3];
  }

  /** Paints a pixel with source-over alpha blending. */
  px(x: number, y: number, c: Color): void {
    x = Math.floor(x);
    y = Math.floor(y);
    if (!this.inside(x, y) || c[3] === 0) return;
    if (c[3] === 255) return this.put(x, y, c);
    const i = (y * this.width + x) * 4;
    const sa = c[3] / 255;
    const da = this.data[i + 3] / 255;
    const oa = sa + da * (1 - sa);
    for (let k = 0; k < 3; k++) {
      this.data[i + k] = clamp((c[k] * sa + this.data[i + k] * da * (1 - sa)) / oa);
    }
    this.data[i + 3] = clamp(oa * 255);
  }

  rect(x: number, y: number, w: number, h: number, c: Color): void {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) this.px(xx, yy, c);
  }

  /** 1-pixel rectangle border. */
  frame(x: number, y: number, w: number, h: number, c: Color): void {
    this.hline(x, x + w - 1, y, c);
    this.hline(x, x + w - 1, y + h - 1, c);
    this.vline(x, y + 1, y + h - 2, c);
    this.vline(x + w - 1, y + 1, y + h - 2, c);
  }

  hline(x0: number, x1: number, y: number, c: Color): void {
    for (let x = Math.min(x0, x1); x <= Math.max(x0, x1); x++) this.px(x, y, c);
  }

  vline(x: number, y0: number, y1: number, c: Color): void {
    for (let y = Math.min(y0, y1); y <= Math.max(y0, y1); y++) this.px(x, y, c);
  }

  /** Bresenham line. */
  line(x0: number, y0: number, x1: number, y1: number, c: Color): void {
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      this.px(x0, y0, c);
      if (x0 === x1 && y0 === y1) return;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x0 += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y0 += sy;
      }
    }
  }

  /** Filled ellipse centred at (cx, cy) (pixel-centre coordinates, halves allowed). */
  ellipse(cx: number, cy: number, rx: number, ry: number, c: Color): void {
    for (let y = Math.floor(cy - ry); y <= Math.ceil(cy + ry); y++) {
      for (let x = Math.floor(cx - rx); x <= Math.ceil(cx + rx); x++) {
        const nx = (x + 0.5 - cx) / rx;
        const ny = (y + 0.5 - cy) / ry;
        if (nx * nx + ny * ny <= 1) this.px(x, y, c);
      }
    }
  }

  /** Rectangle with rounded (cut) corners. */
  roundRect(x: number, y: number, w: number, h: number, c: Color, r = 1): void {
    for (let yy = 0; yy < h; yy++) {
      for (let xx = 0; xx < w; xx++) {
        const cx = xx < r ? r - xx : xx >= w - r ? xx - (w - r - 1) : 0;
        const cy = yy < r ? r - yy : yy >= h - r ? yy - (h - r - 1) : 0;
        if (cx * cx + cy * cy > r * r + (r > 1 ? 1 : 0)) continue;
        this.px(x + xx, y + yy, c);
      }
    }
  }

  /** Draws `src` at (dx, dy) with alpha blending. */
  draw(src: Canvas, dx = 0, dy = 0, sx = 0, sy = 0, w = src.width, h = src.height): void {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) this.px(dx + x, dy + y, src.get(sx + x, sy + y));
  }

  /**
   * Outlines the opaque shape: every transparent pixel 4-adjacent to an opaque one gets a
   * darkened version of that neighbour (or `color` when given). Gives the crisp pixel-art edge.
   */
  outline(color?: Color, amount = -0.62): void {
    const marks: Array<[number, number, Color]> = [];
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        if (this.alpha(x, y) > 40) continue;
        for (const [nx, ny] of [[x, y - 1], [x, y + 1], [x - 1, y], [x + 1, y]] as const) {
          if (this.alpha(nx, ny) > 200) {
            marks.push([x, y, color ?? withAlpha(shade(this.get(nx, ny), amount), 255)]);
            break;
          }
        }
      }
    }
    for (const [x, y, c] of marks) this.put(x, y, c);
  }

  /** Soft drop shadow: a translucent copy of the silhouette offset by (dx, dy), under the shape. */
  shadow(dx = 1, dy = 2, alpha = 70): void {
    const sil: boolean[] = [];
    for (let y = 0; y < this.height; y++) for (let x = 0; x < this.width; x++) sil.push(this.alpha(x, y) > 100);
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        const sx = x - dx;
        const sy = y - dy;
        if (sx < 0 || sy < 0 || sx >= this.width || sy >= this.height) continue;
        if (!sil[sy * this.width + sx] || this.alpha(x, y) > 0) continue;
        this.put(x, y, [20, 16, 36, alpha]);
      }
    }
  }

  /** Mirror left↔right (used for left/right walk frames). */
  flipped(): Canvas {
    const out = new Canvas(this.width, this.height);
    for (let y = 0; y < this.height; y++) for (let x = 0; x < this.width; x++) out.put(this.width - 1 - x, y, this.get(x, y));
    return out;
  }

  /** Encodes as PNG. Fixed options so the same pixels always give the same bytes. */
  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height, colorType: 6, inputColorType: 6, bitDepth: 8 });
    png.data = Buffer.from(this.data);
    return PNG.sync.write(png, { colorType: 6, inputColorType: 6, bitDepth: 8, deflateLevel: 9, filterType: -1 });
  }

  static fromPng(bytes: Buffer): Canvas {
    const png = PNG.sync.read(bytes);
    const c = new Canvas(png.width, png.height);
    c.data.set(png.data);
    return c;
  }
}
