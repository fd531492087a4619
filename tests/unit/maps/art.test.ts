import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { CHARACTER_COUNT, FRAME, FRAMES_PER_ROW } from '../../../maps/art/characters';
import { generateAll } from '../../../maps/art/generate';
import { TILE_COUNT, TILE_SIZE, TILES, TILESET_COLUMNS, gid, isSolid } from '../../../maps/art/tiles';
import { MAPS_DIR } from './support';

const out = mkdtempSync(join(tmpdir(), 'hamlet-art-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('generated art and maps', () => {
  const written = generateAll(out);

  it('regenerates byte-identical copies of the committed files', () => {
    expect(written.length).toBe(4);
    for (const path of written) {
      const rel = path.slice(out.length + 1);
      const fresh = readFileSync(path);
      const committed = readFileSync(join(MAPS_DIR, rel));
      if (rel.endsWith('.png') && !fresh.equals(committed)) {
        // A different zlib could compress the same pixels differently; the pixels must still match.
        const a = PNG.sync.read(fresh);
        const b = PNG.sync.read(committed);
        expect([a.width, a.height], rel).toEqual([b.width, b.height]);
        expect(Buffer.compare(a.data, b.data), `${rel}: pixels differ from the committed file; run npm run art`).toBe(0);
      } else {
        expect(fresh.equals(committed), `${rel} differs from the committed file; run npm run art`).toBe(true);
      }
    }
  });

  it('draws a 16-column tileset matching the catalogue, with every named tile non-empty', () => {
    const png = PNG.sync.read(readFileSync(join(MAPS_DIR, 'tiles', 'hamlet-tiles.png')));
    expect(png.width).toBe(TILESET_COLUMNS * TILE_SIZE);
    expect((png.width / TILE_SIZE) * (png.height / TILE_SIZE)).toBe(TILE_COUNT);
    for (const t of TILES) {
      const tx = (t.index % TILESET_COLUMNS) * TILE_SIZE;
      const ty = Math.floor(t.index / TILESET_COLUMNS) * TILE_SIZE;
      let opaque = 0;
      for (let y = 0; y < TILE_SIZE; y++) for (let x = 0; x < TILE_SIZE; x++) if (png.data[((ty + y) * png.width + tx + x) * 4 + 3] > 0) opaque++;
      expect(opaque, t.name).toBeGreaterThan(20);
    }
    expect(gid('grass')).toBe(1);
    expect(isSolid('water')).toBe(true);
    expect(isSolid('bed_top')).toBe(false);
    expect(isSolid('door_h')).toBe(false);
  });

  it('draws at least 32 distinct characters with 12 frames each', () => {
    const png = PNG.sync.read(readFileSync(join(MAPS_DIR, 'sprites', 'characters.png')));
    expect(png.width).toBe(FRAMES_PER_ROW * FRAME);
    expect(png.height / FRAME).toBeGreaterThanOrEqual(32);
    expect(CHARACTER_COUNT).toBe(png.height / FRAME);
    const rowBytes = (row: number): Buffer => {
      const start = row * FRAME * png.width * 4;
      return Buffer.from(png.data.subarray(start, start + FRAME * png.width * 4));
    };
    const rows = new Set<string>();
    for (let r = 0; r < CHARACTER_COUNT; r++) rows.add(rowBytes(r).toString('base64'));
    expect(rows.size).toBe(CHARACTER_COUNT);
    // Walk frames differ from the standing frame in every direction.
    const frame = (row: number, col: number): string => {
      const parts: number[] = [];
      for (let y = 0; y < FRAME; y++) for (let x = 0; x < FRAME * 4; x++) parts.push(png.data[((row * FRAME + y) * png.width + col * FRAME) * 4 + x]);
      return parts.join(',');
    };
    for (const d of [0, 3, 6, 9]) {
      expect(frame(0, d)).not.toBe(frame(0, d + 1));
      expect(frame(0, d + 2)).not.toBe(frame(0, d + 1));
    }
  });
});
