/**
 * `hamlet import smallville` on a synthetic fixture laid out like a clone of the reference
 * repository (tests/support/smallvilleFixture.ts writes it; nothing of the reference is copied):
 * places and their shapes follow the block matrices tile for tile, sprites are re-packed,
 * personas, start tiles and known places come out right, and the result loads and runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSmallville, type ImportResult } from '../../../server/cli/commands/importSmallville';
import { parsePersonas, type Persona } from '../../../server/mind/persona';
import { validatePersonaPlaces } from '../../../server/mind/personaPlaces';
import { coveredTiles, objectShape } from '../../../server/world/geometry';
import { loadTownMap } from '../../../server/world/loadMap';
import type { TiledObject } from '../../../server/world/tiled';
import type { TownMap } from '../../../server/world/types';
import { MAX_TILESET_IMAGE } from '../../../server/cli/smallville/smallvilleMap';
import { expectedObjectTiles, expectedPlaceAt, FIXTURE, INTERIORS_GID, INTERIORS_ROWS, interiorsColour, spriteColour, writeSmallvilleFixture } from '../../support/smallvilleFixture';
import { openGenerativeTown } from '../mind/helpers';
import { asAgentId } from '../../../server/engine/ids';

const BIN = join(__dirname, '..', '..', '..', 'server', 'cli', 'hamlet.js');
const dir = mkdtempSync(join(tmpdir(), 'hamlet-smallville-'));
const clone = join(dir, 'generative_agents');
const out = join(dir, 'out');
let result: ImportResult;
let map: TownMap;
let personas: Persona[];
let tiled: { layers: { name: string; type: string; objects?: TiledObject[]; properties?: { name: string; value: unknown }[] }[] };

function hamlet(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, LLM_BASE_URL: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  writeSmallvilleFixture(clone);
  result = importSmallville(clone, out);
  map = loadTownMap(result.mapPath);
  personas = parsePersonas(JSON.parse(readFileSync(result.personasPath, 'utf8')), result.personasPath);
  tiled = JSON.parse(readFileSync(result.mapPath, 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const layerObjects = (name: string) => tiled.layers.find((l) => l.name === name)!.objects!;
const grid = { width: FIXTURE.width, height: FIXTURE.height, tileWidth: 32, tileHeight: 32 };
const tilesOf = (obj: TiledObject) => {
  const shape = objectShape(obj, true);
  if (typeof shape === 'string') throw new Error(shape);
  return coveredTiles(shape, grid).sort((a, b) => a - b);
};

describe('hamlet import smallville', () => {
  it('puts every tile in the sector and arena the block matrices say', () => {
    expect(map.world).toBe('the Ville');
    expect(map.sectors.map((s) => s.name).sort()).toEqual(['Hobbs Cafe', 'Johnson Park', 'Park house', 'Stone house']);
    for (let y = 0; y < FIXTURE.height; y++) {
      for (let x = 0; x < FIXTURE.width; x++) {
        const i = y * FIXTURE.width + x;
        const want = expectedPlaceAt(x, y);
        const sector = map.sectorAt[i] >= 0 ? map.sectors[map.sectorAt[i]].name : '';
        const arena = map.arenaAt[i] >= 0 ? map.arenas[map.arenaAt[i]].name : '';
        expect({ x, y, sector, arena }).toEqual({ x, y, ...want });
      }
    }
    // Sector kinds guessed from names and where people live.
    expect(map.sectors.find((s) => s.name === 'Hobbs Cafe')!.kind).toBe('cafe');
    expect(map.sectors.find((s) => s.name === 'Stone house')!.kind).toBe('home');
  });

  it('writes rectangles where places are rectangles, one polygon per concave or split place', () => {
    const sectors = layerObjects('sectors');
    const arenas = layerObjects('arenas');
    expect(sectors.find((o) => o.name === 'Stone house')!.polygon).toBeUndefined();
    expect(sectors.find((o) => o.name === 'Johnson Park')!.polygon).toBeDefined(); // an L
    expect(arenas.filter((o) => o.name === 'cafe')).toHaveLength(1); // two pieces, one place
    expect(arenas.find((o) => o.name === 'cafe')!.polygon).toBeDefined();
    expect(arenas.find((o) => o.name === 'main room')!.polygon).toBeDefined(); // an L
    expect(arenas.find((o) => o.name === 'bathroom')!.polygon).toBeUndefined();
    const cafeTiles: number[] = [];
    for (let y = 0; y < FIXTURE.height; y++) for (let x = 0; x < FIXTURE.width; x++) if (expectedPlaceAt(x, y).arena === 'cafe') cafeTiles.push(y * FIXTURE.width + x);
    expect(tilesOf(arenas.find((o) => o.name === 'cafe')!)).toEqual(cafeTiles);
  });

  it('groups object tiles per arena: the two beds of a room are one object, beds of other houses their own', () => {
    const objects = layerObjects('objects');
    const beds = objects.filter((o) => o.name === 'bed');
    expect(beds).toHaveLength(2);
    const stoneBed = map.objects.get('the Ville:Stone house:main room:bed')!;
    expect(stoneBed).toBeDefined();
    expect(map.objects.get("the Ville:Park house:Cleo Park's room:bed")).toBeDefined();
    const split = beds.find((o) => o.polygon)!;
    expect(tilesOf(split)).toEqual(expectedObjectTiles('bed', 'Stone house', 'main room'));
    expect(map.objects.get('the Ville:Hobbs Cafe:cafe:cafe customer seating')).toBeDefined();
    expect(tilesOf(objects.find((o) => o.name === 'cafe customer seating')!)).toEqual(expectedObjectTiles('cafe customer seating', 'Hobbs Cafe', 'cafe'));
    expect(map.objects.size).toBe(8);
  });

  it('keeps the art: tile layers without the block layers, Foreground above, tilesets copied', () => {
    const names = tiled.layers.map((l) => l.name);
    expect(names).toEqual(['Bottom Ground', 'Wall', 'Interior Furniture L2 ', 'Foreground L1', 'collision', 'sectors', 'arenas', 'objects', 'spawns']);
    expect(tiled.layers.find((l) => l.name === 'Foreground L1')!.properties).toContainEqual(expect.objectContaining({ name: 'above', value: true }));
    expect(map.drawLayers!.map((l) => [l.name, l.above])).toEqual([
      ['Bottom Ground', false],
      ['Wall', false],
      ['Interior Furniture L2 ', false],
      ['Foreground L1', true],
    ]);
    // The "blocks" tileset only the reference's data layers used is left out; the tall one is cut.
    expect(map.tilesetImages).toEqual(['tiles/CuteRPG_Field_B.png', 'tiles/Room_Builder_32x32.png', 'tiles/interiors_pt1-1.png', 'tiles/interiors_pt1-2.png']);
    expect(result.notes.join('\n')).toMatch(/tilesets no drawn layer uses were left out: blocks/);
    // The collision layer follows collision_maze.csv.
    expect(map.blocked[1 * FIXTURE.width + 5]).toBe(1);
    expect(map.blocked[6 * FIXTURE.width + 4]).toBe(0);
  });

  it('cuts a tileset image taller than browsers load into bands of whole rows that keep every tile id', () => {
    const tilesets = (tiled as unknown as { tilesets: { name: string; firstgid: number; tilecount: number; image: string; imageheight: number }[] }).tilesets;
    const bands = tilesets.filter((t) => t.name.startsWith('interiors_pt1'));
    const rowsPerBand = MAX_TILESET_IMAGE / 32;
    expect(bands.map((b) => [b.name, b.firstgid, b.tilecount, b.imageheight])).toEqual([
      ['interiors_pt1 1', INTERIORS_GID, rowsPerBand * 2, MAX_TILESET_IMAGE],
      ['interiors_pt1 2', INTERIORS_GID + rowsPerBand * 2, (INTERIORS_ROWS - rowsPerBand) * 2, (INTERIORS_ROWS - rowsPerBand) * 32],
    ]);
    // The tile of a gid is where it was: row r of the original is row r - rowsPerBand of band 2.
    for (const [band, row] of [
      [0, 0],
      [0, rowsPerBand - 1],
      [1, rowsPerBand],
      [1, INTERIORS_ROWS - 1],
    ] as const) {
      const png = PNG.sync.read(readFileSync(join(out, bands[band].image)));
      expect(png.height).toBeLessThanOrEqual(MAX_TILESET_IMAGE);
      const y = (row - (band ? rowsPerBand : 0)) * 32 + 16;
      for (const column of [0, 1]) {
        const i = (y * png.width + column * 32 + 16) * 4;
        expect(Array.from(png.data.subarray(i, i + 4))).toEqual(interiorsColour(row, column));
      }
    }
    expect(result.notes.join('\n')).toMatch(/cut into bands .*interiors_pt1 \(2 pieces\)/);
  });

  it('re-packs the 96×128 character sheets into rows of 12 frames; a missing sheet gets a Hamlet character', () => {
    const sheet = PNG.sync.read(readFileSync(result.spritesPath));
    expect([sheet.width, sheet.height]).toEqual([384, 96]);
    const pixel = (fx: number, fy: number) => {
      const i = (fy * sheet.width + fx) * 4;
      return [sheet.data[i], sheet.data[i + 1], sheet.data[i + 2], sheet.data[i + 3]];
    };
    for (const person of [0, 1]) {
      for (let dir = 0; dir < 4; dir++) for (let step = 0; step < 3; step++) expect(pixel((dir * 3 + step) * 32 + 16, person * 32 + 16)).toEqual(spriteColour(person, dir, step));
    }
    const hamlet = PNG.sync.read(readFileSync(join(__dirname, '..', '..', '..', 'maps', 'sprites', 'characters.png')));
    const h = (fx: number, fy: number) => Array.from(hamlet.data.subarray((fy * hamlet.width + fx) * 4, (fy * hamlet.width + fx) * 4 + 4));
    for (const fx of [16, 100, 200, 370]) expect(pixel(fx, 2 * 32 + 20)).toEqual(h(fx, 2 * 32 + 20));
    expect(result.notes.join('\n')).toContain('Cleo Park');
  });

  it('converts the personas: identity, home and bed, derived routine, relationships, memories, known places', () => {
    expect(personas.map((p) => p.id)).toEqual(['ada-stone', 'ben-stone', 'cleo-park']);
    const [ada, ben, cleo] = personas;
    expect(ada).toMatchObject({ name: 'Ada Stone', age: 34, traits: 'friendly, outgoing', occupation: 'cafe owner of Hobbs Cafe', home: 'Stone house:main room', bed: 'Stone house:main room:bed', sprite: 0 });
    expect(ada.lifestyle).toContain('opens Hobbs Cafe at 8am');
    expect(ada.routine.map((r) => [r.at, r.place, r.sleep ?? false])).toEqual([
      ['00:00', 'Stone house:main room:bed', true],
      ['06:00', 'Stone house:main room', false],
      ['08:00', 'Hobbs Cafe', false],
      ['20:00', 'Stone house:main room', false],
      ['23:00', 'Stone house:main room:bed', true],
    ]);
    expect(cleo.routine.map((r) => [r.at, r.place])).toContainEqual(['10:00', 'Johnson Park']);
    expect(cleo.routine.map((r) => [r.at, r.place])).toContainEqual(['16:00', "Park house:Cleo Park's room"]);
    expect(ben.routine.at(-1)).toMatchObject({ at: '23:30', sleep: true }); // bed after midnight, approximated
    // No daily plan requirement: the planning whisper ("you frequent Hobbs Cafe in the evening") sends him out.
    expect(ben.routine.map((r) => [r.at, r.place])).toEqual([
      ['00:00', 'Stone house:main room:bed'],
      ['09:30', 'Stone house:main room'],
      ['10:30', 'Stone house:main room'],
      ['20:30', 'Hobbs Cafe'],
      ['23:00', 'Stone house:main room'],
      ['23:30', 'Stone house:main room:bed'],
    ]);
    expect(ada.relationships.map((r) => r.id)).toEqual(['ben-stone', 'cleo-park']);
    expect(ben.relationships).toEqual([{ id: 'ada-stone', relation: 'Ben Stone is a painter who lives with his wife Ada' }]);
    // The reference's second-person whispers, as the person's own first-person memories.
    expect(ada.memories).toEqual(['I know Cleo Park, a student who comes by the cafe', 'Ben Stone and I have been married for ten years', 'Cleo Park says "hello" to me every morning']);
    expect(ben.memories).toEqual(['I want to finish my mural this week', 'For planning, I frequent Hobbs Cafe in the evening']);
    expect(cleo.memories).toEqual(['I sometimes chat with Bem Stone about murals']);
    expect(cleo.relationships).toEqual([{ id: 'ben-stone', relation: 'I sometimes chat with Bem Stone about murals' }]);
    expect(ada.knownPlaces).toEqual(['Stone house:main room:bed', 'Stone house:main room:desk', 'Stone house:bathroom:shower', 'Hobbs Cafe:cafe:counter', 'Hobbs Cafe:cafe:cafe customer seating']);
    expect(ben.knownPlaces).toEqual(['Stone house:main room:bed', 'Johnson Park:park']);
    expect(result.notes.join('\n')).toMatch(/1 places of the personas' spatial memories are not on the map/);
  });

  it('checks known places against the map like every other place of a persona', () => {
    const file = JSON.parse(readFileSync(result.personasPath, 'utf8'));
    file.personas[1].knownPlaces = ['Stone house:main room:bed', 'Nowhere Inn:lobby'];
    const people = parsePersonas(file, 'ville.personas.json');
    expect(() => validatePersonaPlaces(people, map, 'ville.personas.json')).toThrow(/ville\.personas\.json: persona "ben-stone" → knownPlaces\[1\]: .*Nowhere Inn/);
    file.personas[1].knownPlaces = [''];
    expect(() => parsePersonas(file, 'ville.personas.json')).toThrow(/persona "ben-stone" → knownPlaces → 0/);
  });

  it('pins everyone to their start tile, moving one that stands on a blocked tile next to it', () => {
    const at = Object.fromEntries(map.spawns.map((s) => [s.persona, s.tile]));
    expect(at['ada-stone']).toEqual({ x: 2, y: 2 });
    expect(at['cleo-park']).toEqual({ x: 2, y: 10 });
    const ben = at['ben-stone'];
    expect(Math.abs(ben.x - 5) + Math.abs(ben.y - 1)).toBe(1);
    expect(map.blocked[ben.y * FIXTURE.width + ben.x]).toBe(0);
  });

  it('gives the generative mind the known places at the start', async () => {
    const town = await openGenerativeTown({ mapPath: result.mapPath, personasPath: result.personasPath });
    try {
      const known = new Set(town.mind.knownPlaces(asAgentId('ben-stone')));
      expect(known.has('Johnson Park:park')).toBe(true); // only in his spatial memory
      expect(new Set(town.mind.knownPlaces(asAgentId('ada-stone'))).has('Hobbs Cafe:cafe:counter')).toBe(true);
      expect(new Set(town.mind.knownPlaces(asAgentId('cleo-park'))).has('Hobbs Cafe:cafe:counter')).toBe(false);
    } finally {
      town.store.close();
    }
  });

  it('runs as a command: imports, then `hamlet run` simulates the imported town', () => {
    const cliOut = join(dir, 'cli-out');
    const imported = hamlet('import', 'smallville', clone, '--out', cliOut);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Imported 3 people');
    expect(imported.stdout).toContain('Approximated:');
    // On the reference's first day (its people's prose is dated from it), not Hamlet's default one.
    expect(imported.stdout).toContain(`Run it: hamlet start --map ${join(cliOut, 'the_ville.tmj')} --start 2021-03-02T06:00`);
    const run = hamlet('run', '--hours', '3', '--map', join(cliOut, 'the_ville.tmj'), '--db', join(dir, 'ville.db'), '--json', '--llm-backend', 'none');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ steps: 1080, agents: 3 });
  });

  it('says which file is missing when the path is not a clone, and needs the path', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const bad = hamlet('import', 'smallville', empty, '--out', join(dir, 'x'));
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('is not a clone of joonspk-research/generative_agents');
    expect(bad.stderr).toContain('the_ville_jan7.json is missing');
    expect(() => importSmallville(join(dir, 'nowhere'), join(dir, 'y'))).toThrow(/not a directory/);
    const noPath = hamlet('import', 'smallville');
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toMatch(/needs the path of a clone/);
    const help = hamlet('import', 'smallville', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('git clone https://github.com/joonspk-research/generative_agents');
  });
});
