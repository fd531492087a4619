/**
 * Art drawn in code for when an image is missing (a map made without a tileset image, or no
 * character sheet): coloured tiles and simple walking figures with the same frame layout as the
 * real sheet, so everything else works unchanged.
 */
import Phaser from 'phaser';

const TILE_COLOURS = ['#5b8c4a', '#7a9e57', '#8c7b5a', '#6f7480', '#9a8466', '#4f7a8c', '#a36b52', '#7d6a94', '#c2b280', '#5e6b4f'];
const CLOTHES = ['#d9534f', '#428bca', '#5cb85c', '#f0ad4e', '#9b59b6', '#1abc9c', '#e67e22', '#34495e', '#e84393', '#16a085', '#c0392b', '#2980b9'];
const SKIN = ['#f1c27d', '#e0ac69', '#c68642', '#8d5524', '#ffdbac'];
const HAIR = ['#2c1b10', '#5a3825', '#b55239', '#e6cea8', '#111111', '#7f7f7f'];

function canvasOf(width: number, height: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, width);
  canvas.height = Math.max(1, height);
  return [canvas, canvas.getContext('2d')!];
}

export interface TilesetShape {
  tilewidth: number;
  tileheight: number;
  columns?: number;
  tilecount?: number;
  imagewidth?: number;
  imageheight?: number;
  margin?: number;
  spacing?: number;
}

/** A texture laid out like the tileset image would be, each tile a flat colour with a faint edge. */
export function addFallbackTileset(scene: Phaser.Scene, key: string, shape: TilesetShape): void {
  const tw = shape.tilewidth;
  const th = shape.tileheight;
  const margin = shape.margin ?? 0;
  const spacing = shape.spacing ?? 0;
  const columns = Math.max(1, shape.columns ?? Math.floor(((shape.imagewidth ?? tw) - 2 * margin + spacing) / (tw + spacing)));
  const count = Math.max(1, shape.tilecount ?? columns);
  const rows = Math.ceil(count / columns);
  const width = shape.imagewidth ?? margin * 2 + columns * (tw + spacing) - spacing;
  const height = shape.imageheight ?? margin * 2 + rows * (th + spacing) - spacing;
  const [canvas, ctx] = canvasOf(width, height);
  for (let i = 0; i < count; i++) {
    const x = margin + (i % columns) * (tw + spacing);
    const y = margin + Math.floor(i / columns) * (th + spacing);
    ctx.fillStyle = TILE_COLOURS[i % TILE_COLOURS.length];
    ctx.fillRect(x, y, tw, th);
    ctx.fillStyle = 'rgba(0,0,0,0.08)';
    ctx.fillRect(x, y + th - 1, tw, 1);
    ctx.fillRect(x + tw - 1, y, 1, th);
  }
  scene.textures.addCanvas(key, canvas);
}

/** A character sheet: `rows` characters, 12 frames each (down, left, right, up × 3 steps). */
export function addFallbackCharacters(scene: Phaser.Scene, key: string, rows: number, frame = 32): void {
  const columns = 12;
  const [canvas, ctx] = canvasOf(columns * frame, rows * frame);
  const s = frame / 32;
  for (let row = 0; row < rows; row++) {
    for (let dir = 0; dir < 4; dir++) {
      for (let step = 0; step < 3; step++) {
        const ox = (dir * 3 + step) * frame;
        const oy = row * frame;
        drawFigure(ctx, ox, oy, s, row, dir, step);
      }
    }
  }
  const texture = scene.textures.addCanvas(key, canvas);
  if (!texture) return;
  for (let i = 0; i < rows * columns; i++) texture.add(i, 0, (i % columns) * frame, Math.floor(i / columns) * frame, frame, frame);
}

function drawFigure(ctx: CanvasRenderingContext2D, ox: number, oy: number, s: number, row: number, dir: number, step: number): void {
  const r = (x: number, y: number, w: number, h: number, colour: string) => {
    ctx.fillStyle = colour;
    ctx.fillRect(ox + x * s, oy + y * s, w * s, h * s);
  };
  const legShift = step === 0 ? -2 : step === 2 ? 2 : 0;
  // Shadow, legs, body, head, hair, eyes.
  ctx.fillStyle = 'rgba(0,0,0,0.25)';
  ctx.beginPath();
  ctx.ellipse(ox + 16 * s, oy + 29 * s, 8 * s, 2.5 * s, 0, 0, Math.PI * 2);
  ctx.fill();
  r(12, 22, 3, 6 + (legShift < 0 ? 1 : 0), '#2d2d3a');
  r(17, 22, 3, 6 + (legShift > 0 ? 1 : 0), '#2d2d3a');
  r(10, 13, 12, 10, CLOTHES[row % CLOTHES.length]);
  r(8, 14 + Math.max(0, legShift), 2, 6, CLOTHES[row % CLOTHES.length]);
  r(22, 14 + Math.max(0, -legShift), 2, 6, CLOTHES[row % CLOTHES.length]);
  r(11, 3, 10, 10, SKIN[row % SKIN.length]);
  const hair = HAIR[row % HAIR.length];
  if (dir === 3) r(11, 3, 10, 9, hair);
  else r(11, 3, 10, 3, hair);
  const eye = '#1a1a1a';
  if (dir === 0) {
    r(13, 8, 2, 2, eye);
    r(17, 8, 2, 2, eye);
  } else if (dir === 1) r(12, 8, 2, 2, eye);
  else if (dir === 2) r(18, 8, 2, 2, eye);
}
