/**
 * The reference's character sheets (one 96×128 PNG per person: 3 frames of 32×32 across, rows
 * down, left, right, up) re-packed into Hamlet's sheet: one person per row, 12 frames of 32×32
 * (0–2 down, 3–5 left, 6–8 right, 9–11 up). Someone without a sheet gets a row of Hamlet's own
 * generated sheet instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from '../version';
import { REFERENCE_PATHS, type ReferenceClone } from './reference';

const FRAME = 32;
const FRAMES_PER_ROW = 12;

function copyBlock(src: PNG, sx: number, sy: number, dst: PNG, dx: number, dy: number, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = ((sy + y) * src.width + sx + x) * 4;
      const d = ((dy + y) * dst.width + dx + x) * 4;
      dst.data[d] = src.data[s];
      dst.data[d + 1] = src.data[s + 1];
      dst.data[d + 2] = src.data[s + 2];
      dst.data[d + 3] = src.data[s + 3];
    }
  }
}

/** `names`: the people in sheet-row order ("Isabella Rodriguez" → characters/Isabella_Rodriguez.png). */
export function packCharacterSheet(ref: ReferenceClone, names: string[], notes: Set<string>): Buffer {
  const sheet = new PNG({ width: FRAMES_PER_ROW * FRAME, height: names.length * FRAME });
  let fallback: PNG | null = null;
  const substituted: string[] = [];
  names.forEach((name, row) => {
    const file = ref.path(join(REFERENCE_PATHS.characters, `${name.replace(/ /g, '_')}.png`));
    let png: PNG | null = null;
    if (existsSync(file)) {
      try {
        png = PNG.sync.read(readFileSync(file));
      } catch {
        png = null;
      }
    }
    if (png && png.width >= 3 * FRAME && png.height >= 4 * FRAME) {
      for (let dir = 0; dir < 4; dir++) {
        for (let step = 0; step < 3; step++) copyBlock(png, step * FRAME, dir * FRAME, sheet, (dir * 3 + step) * FRAME, row * FRAME, FRAME, FRAME);
      }
      return;
    }
    substituted.push(name);
    fallback ??= PNG.sync.read(readFileSync(join(PROJECT_ROOT, 'maps', 'sprites', 'characters.png')));
    const rows = Math.floor(fallback.height / FRAME);
    copyBlock(fallback, 0, (row % rows) * FRAME, sheet, 0, row * FRAME, FRAMES_PER_ROW * FRAME, FRAME);
  });
  if (substituted.length) notes.add(`no usable 96×128 character sheet for ${substituted.join(', ')}: Hamlet's own characters stand in`);
  return PNG.sync.write(sheet);
}
