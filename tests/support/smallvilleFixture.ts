/**
 * A tiny synthetic stand-in for a clone of the Generative Agents reference repository, laid out
 * like it (same paths and file forms) but written here from scratch: nothing of the reference is
 * copied. A 20×14 town with four sectors, three people, a tileset and 96×128 character sheets
 * generated with pngjs.
 *
 *   x: 0         1111111111
 *      0123456789 0123456789
 *   y1  Stone house (1–8 × 1–5)      Hobbs Cafe (11–18 × 1–5)
 *       main room: L-shape (1–8×1–3 + 1–3×4–5)  cafe: two pieces (11–13 and 16–18), 14–15 no arena
 *       bathroom: 4–8 × 4–5
 *   y6  wall along 1–8 with a door at x 4; street rows 6–7 and columns 9–10
 *   y8  Park house (1–8 × 8–12)      Johnson Park (11–18 × 8–12 minus 16–18 × 11–12: an L)
 *       Cleo Park's room 1–4, kitchen 5–8
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';

export const FIXTURE = { width: 20, height: 14 } as const;

/** The tall tileset: 2 columns, this many rows of 32 px (more than MAX_TILESET_IMAGE), first id. */
export const INTERIORS_ROWS = 140;
export const INTERIORS_GID = 9;
const BLOCKS_GID = INTERIORS_GID + INTERIORS_ROWS * 2;

/** The colour of tile (row, column) of the tall tileset: every row differs. */
export function interiorsColour(row: number, column: number): [number, number, number, number] {
  return [row % 256, 100 + column * 100, Math.floor(row / 2) % 256, 255];
}

const ASSETS = join('environment', 'frontend_server', 'static_dirs', 'assets');
const VILLE = join(ASSETS, 'the_ville');
const STORAGE = join('environment', 'frontend_server', 'storage', 'base_the_ville_n25');

type Rect = [x0: number, y0: number, x1: number, y1: number]; // inclusive

/** Colour ids as in the reference's block files. */
export const SECTORS: Record<string, Rect[]> = {
  'Stone house': [[1, 1, 8, 5]],
  'Hobbs Cafe': [[11, 1, 18, 5]],
  'Park house': [[1, 8, 8, 12]],
  'Johnson Park': [
    [11, 8, 18, 10],
    [11, 11, 15, 12],
  ],
};
export const ARENAS: Record<string, Record<string, Rect[]>> = {
  'Stone house': {
    'main room': [
      [1, 1, 8, 3],
      [1, 4, 3, 5],
    ],
    bathroom: [[4, 4, 8, 5]],
  },
  'Hobbs Cafe': {
    cafe: [
      [11, 1, 13, 5],
      [16, 1, 18, 5],
    ],
  },
  'Park house': { "Cleo Park's room": [[1, 8, 4, 12]], kitchen: [[5, 8, 8, 12]] },
  'Johnson Park': {
    park: [
      [11, 8, 18, 10],
      [11, 11, 15, 12],
    ],
  },
};
/** Objects by name, tiles anywhere: the arena comes from the arena matrix (as in the reference). */
export const OBJECTS: Record<string, Rect[]> = {
  bed: [
    [1, 1, 2, 1],
    [7, 1, 8, 1],
    [1, 8, 1, 8],
  ],
  desk: [[5, 1, 5, 1]],
  shower: [[8, 5, 8, 5]],
  counter: [[12, 2, 12, 2]],
  'cafe customer seating': [
    [17, 2, 17, 2],
    [17, 4, 17, 4],
  ],
  refrigerator: [[8, 8, 8, 8]],
  bench: [[12, 9, 12, 9]],
};
/** Blocked tiles besides the border: the house wall (door at x 4), the desk and the counter. */
export function blockedTiles(): Set<string> {
  const out = new Set<string>();
  for (let x = 0; x < FIXTURE.width; x++) {
    out.add(`${x},0`);
    out.add(`${x},${FIXTURE.height - 1}`);
  }
  for (let y = 0; y < FIXTURE.height; y++) {
    out.add(`0,${y}`);
    out.add(`${FIXTURE.width - 1},${y}`);
  }
  for (let x = 1; x <= 8; x++) if (x !== 4) out.add(`${x},6`);
  out.add('5,1');
  out.add('12,2');
  return out;
}

export const PEOPLE = [
  {
    name: 'Ada Stone',
    age: 34,
    innate: 'friendly, outgoing',
    learned: 'Ada Stone is a cafe owner of Hobbs Cafe who loves to make people feel welcome. Ada Stone is married to Ben Stone.',
    currently: "Ada Stone is planning a Valentine's Day party at Hobbs Cafe.",
    lifestyle: 'Ada Stone goes to bed around 11pm, awakes up around 6am.',
    living_area: 'the Ville:Stone house:main room',
    daily_plan_req: 'Ada Stone opens Hobbs Cafe at 8am everyday, and works at the counter until 8pm, at which point she closes the cafe.',
    spatial: {
      'the Ville': {
        'Stone house': { 'main room': ['bed', 'desk'], bathroom: ['shower'] },
        'Hobbs Cafe': { cafe: ['counter', 'cafe customer seating'] },
        'Nowhere Inn': { lobby: ['desk'] },
      },
    },
    start: { x: 2, y: 2 },
    sprite: true,
  },
  {
    name: 'Ben Stone',
    age: 36,
    innate: 'quiet, creative',
    learned: 'Ben Stone is a painter who lives with his wife Ada.',
    currently: 'Ben Stone is painting a mural for the town.',
    lifestyle: 'Ben Stone goes to bed around 1am, wakes up around 9:30am.',
    living_area: 'the Ville:Stone house:main room',
    daily_plan_req: '', // empty, as for 13 of the reference's 25 people
    spatial: { 'the Ville': { 'Stone house': { 'main room': ['bed'] }, 'Johnson Park': { park: [] } } },
    start: { x: 5, y: 1 }, // the desk: blocked, so the importer moves him next to it
    sprite: true,
  },
  {
    name: 'Cleo Park',
    age: 20,
    innate: 'curious, shy',
    learned: 'Cleo Park is a student at Oak Hill College.',
    currently: 'Cleo Park is studying for her exams.',
    lifestyle: 'Cleo Park goes to bed around 10pm, wakes up around 7am.',
    living_area: "the Ville:Park house:Cleo Park's room",
    daily_plan_req: 'Cleo Park goes to Johnson Park at 10am, reads there in the afternoon and stays until 4pm.', // "afternoon" is not noon
    spatial: { 'the Ville': { 'Park house': { "Cleo Park's room": ['bed'], kitchen: ['refrigerator'] } } },
    start: { x: 2, y: 10 },
    sprite: false, // no sheet: Hamlet's own character stands in
  },
] as const;

/** The colour the fixture paints frame (direction row, step column) of person `p` with. */
export function spriteColour(p: number, dir: number, step: number): [number, number, number, number] {
  return [40 + p * 60, 30 + dir * 50, 60 + step * 70, 255];
}

function writePng(path: string, width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): void {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const [r, g, b, a] = pixel(x, y);
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, PNG.sync.write(png));
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

function fill(matrix: string[], rects: readonly Rect[], value: string): void {
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) matrix[y * FIXTURE.width + x] = value;
}

/** Writes the fixture clone under `root`. */
export function writeSmallvilleFixture(root: string): void {
  const { width, height } = FIXTURE;
  const size = width * height;
  const blocked = blockedTiles();
  const collision = Array.from({ length: size }, (_, i) => (blocked.has(`${i % width},${Math.floor(i / width)}`) ? '32125' : '0'));
  const sector = new Array<string>(size).fill('0');
  const arena = new Array<string>(size).fill('0');
  const object = new Array<string>(size).fill('0');
  const sectorLines: string[] = [];
  const arenaLines: string[] = [];
  const objectLines: string[] = [];
  let colour = 32135;
  for (const [name, rects] of Object.entries(SECTORS)) {
    const id = String(colour++);
    sectorLines.push(`${id}, the Ville, ${name}`);
    fill(sector, rects, id);
    for (const [a, arects] of Object.entries(ARENAS[name] ?? {})) {
      const aid = String(colour++);
      arenaLines.push(`${aid}, the Ville, ${name}, ${a}`);
      fill(arena, arects, aid);
    }
  }
  for (const [name, rects] of Object.entries(OBJECTS)) {
    const id = String(colour++);
    objectLines.push(`${id}, the Ville, <all>, ${name}`);
    fill(object, rects, id);
  }
  const matrix = join(VILLE, 'matrix');
  write(root, join(matrix, 'maze_meta_info.json'), JSON.stringify({ world_name: 'the ville', maze_width: width, maze_height: height, sq_tile_size: 32, special_constraint: '' }));
  write(root, join(matrix, 'maze', 'collision_maze.csv'), collision.join(', '));
  write(root, join(matrix, 'maze', 'sector_maze.csv'), sector.join(', '));
  write(root, join(matrix, 'maze', 'arena_maze.csv'), arena.join(', '));
  write(root, join(matrix, 'maze', 'game_object_maze.csv'), object.join(', '));
  write(root, join(matrix, 'maze', 'spawning_location_maze.csv'), new Array(size).fill('0').join(', '));
  write(root, join(matrix, 'special_blocks', 'world_blocks.csv'), '32134, the Ville\n');
  write(root, join(matrix, 'special_blocks', 'sector_blocks.csv'), `${sectorLines.join('\n')}\n`);
  write(root, join(matrix, 'special_blocks', 'arena_blocks.csv'), `${arenaLines.join('\n')}\n`);
  write(root, join(matrix, 'special_blocks', 'game_object_blocks.csv'), `${objectLines.join('\n')}\n`);

  // Tilesets: four plain colours each; the first recorded at a path from another machine.
  const visuals = join(VILLE, 'visuals');
  const tints: [number, number, number, number][] = [
    [96, 168, 72, 255],
    [200, 184, 140, 255],
    [120, 80, 60, 255],
    [40, 110, 40, 255],
  ];
  writePng(join(root, visuals, 'map_assets', 'cute_rpg', 'tilesets', 'CuteRPG_Field_B.png'), 64, 64, (x, y) => tints[Math.floor(y / 32) * 2 + Math.floor(x / 32)]);
  writePng(join(root, visuals, 'map_assets', 'v1', 'Room_Builder_32x32.png'), 64, 64, (x, y) => [150 + Math.floor(x / 32) * 40, 90, 90 + Math.floor(y / 32) * 60, 255]);
  // Like the reference's interiors_pt*.png (512×10016): taller than a browser can load whole.
  writePng(join(root, visuals, 'map_assets', 'v1', 'interiors_pt1.png'), 64, INTERIORS_ROWS * 32, (x, y) => interiorsColour(Math.floor(y / 32), Math.floor(x / 32)));
  // The reference's "blocks" colours: drawn only in its data layers (Collisions, Sector Blocks, ...).
  writePng(join(root, visuals, 'map_assets', 'blocks', 'blocks_1.png'), 64, 64, (x) => [255, x < 32 ? 0 : 255, 255, 255]);
  const tileset = (firstgid: number, name: string, image: string, rows = 2) => ({
    columns: 2,
    firstgid,
    image,
    imageheight: rows * 32,
    imagewidth: 64,
    margin: 0,
    name,
    spacing: 0,
    tilecount: rows * 2,
    tileheight: 32,
    tilewidth: 32,
    transparentcolor: '#ff00ff',
  });
  const layer = (id: number, name: string, data: number[]) => ({ id, name, type: 'tilelayer', width, height, x: 0, y: 0, opacity: 1, visible: true, data });
  const ground = Array.from({ length: size }, (_, i) => {
    const x = i % width;
    const y = Math.floor(i / width);
    return sector[i] !== '0' ? 2 : (x === 9 || x === 10 || y === 6 || y === 7) && !blocked.has(`${x},${y}`) ? 2 : 1;
  });
  const walls = collision.map((c) => (c !== '0' ? 7 : 0));
  const foreground = Array.from({ length: size }, (_, i) => (i % width === 14 && Math.floor(i / width) === 10 ? 4 : 0));
  // Furniture from the tall tileset, from its first rows and from its last ones.
  const furniture = new Array<number>(size).fill(0);
  furniture[2 * width + 7] = INTERIORS_GID;
  furniture[3 * width + 16] = INTERIORS_GID + (INTERIORS_ROWS - 2) * 2 + 1;
  const tiled = {
    compressionlevel: -1,
    width,
    height,
    tilewidth: 32,
    tileheight: 32,
    infinite: false,
    orientation: 'orthogonal',
    renderorder: 'right-down',
    type: 'map',
    version: '1.10',
    tiledversion: '1.10.2',
    nextlayerid: 8,
    nextobjectid: 1,
    tilesets: [
      tileset(1, 'CuteRPG_Field_B', '../../../../../../Desktop/assets/CuteRPG_Field_B.png'),
      tileset(5, 'Room_Builder_32x32', 'map_assets/v1/Room_Builder_32x32.png'),
      tileset(INTERIORS_GID, 'interiors_pt1', 'map_assets/v1/interiors_pt1.png', INTERIORS_ROWS),
      tileset(BLOCKS_GID, 'blocks', 'map_assets/blocks/blocks_1.png'),
    ],
    // The reference's layer names, the trailing space of one included.
    layers: [
      layer(1, 'Bottom Ground', ground),
      layer(2, 'Wall', walls),
      layer(3, 'Interior Furniture L2 ', furniture),
      layer(4, 'Foreground L1', foreground),
      { ...layer(5, 'Collisions', collision.map((c) => (c !== '0' ? BLOCKS_GID : 0))), visible: false },
      { ...layer(6, 'Sector Blocks', sector.map((s) => (s !== '0' ? BLOCKS_GID + 1 : 0))), visible: false },
      { ...layer(7, 'Special Blocks Registry', new Array(size).fill(0)), visible: false },
    ],
  };
  write(root, join(visuals, 'the_ville_jan7.json'), JSON.stringify(tiled));

  // People. The whispers are written to the person, in the second person; a cell is quoted only
  // when it holds a comma or a quote (doubled), as in the reference.
  const history = [
    'Name,Whisper',
    'Ada Stone,"You know Cleo Park, a student who comes by the cafe; You and Ben Stone have been married for ten years; Cleo Park says ""hello"" to you every morning"',
    'Ben Stone,"You want to finish your mural this week; For planning, you frequent Hobbs Cafe in the evening"',
    'Cleo Park,You sometimes chat with Bem Stone about murals', // a name misspelt, as in the reference
  ];
  write(root, join(VILLE, 'agent_history_init_n25.csv'), `${history.join('\n')}\n`);
  const start: Record<string, unknown> = {};
  PEOPLE.forEach((p, index) => {
    const [first, last] = p.name.split(' ');
    const base = join(STORAGE, 'personas', p.name, 'bootstrap_memory');
    write(
      root,
      join(base, 'scratch.json'),
      JSON.stringify({
        vision_r: 8,
        att_bandwidth: 8,
        retention: 8,
        curr_time: null,
        curr_tile: null,
        daily_plan_req: p.daily_plan_req,
        name: p.name,
        first_name: first,
        last_name: last,
        age: p.age,
        innate: p.innate,
        learned: p.learned,
        currently: p.currently,
        lifestyle: p.lifestyle,
        living_area: p.living_area,
      }),
    );
    write(root, join(base, 'spatial_memory.json'), JSON.stringify(p.spatial));
    start[p.name] = { maze: 'the_ville', x: p.start.x, y: p.start.y };
    if (p.sprite) {
      writePng(join(root, ASSETS, 'characters', `${p.name.replace(' ', '_')}.png`), 96, 128, (x, y) => spriteColour(index, Math.floor(y / 32), Math.floor(x / 32)));
    }
  });
  write(root, join(STORAGE, 'environment', '0.json'), JSON.stringify(start));
  // The simulation's first day, written as the reference writes it.
  write(root, join(STORAGE, 'reverie', 'meta.json'), JSON.stringify({ fork_sim_code: 'base_the_ville_n25', start_date: 'March 2, 2021', curr_time: 'March 2, 2021, 00:00:00', sec_per_step: 10, maze_name: 'the_ville', persona_names: PEOPLE.map((p) => p.name), step: 0 }, null, 2));
}

/** The expected (sector, arena) names of a tile from the fixture's rectangles. */
export function expectedPlaceAt(x: number, y: number): { sector: string; arena: string } {
  const inside = (rects: readonly Rect[]) => rects.some(([x0, y0, x1, y1]) => x >= x0 && x <= x1 && y >= y0 && y <= y1);
  for (const [sector, rects] of Object.entries(SECTORS)) {
    if (!inside(rects)) continue;
    for (const [arena, arects] of Object.entries(ARENAS[sector] ?? {})) if (inside(arects)) return { sector, arena };
    return { sector, arena: '' };
  }
  return { sector: '', arena: '' };
}

/** The tiles of an object name inside a given arena rectangle set. */
export function expectedObjectTiles(name: string, sector: string, arena: string): number[] {
  const out: number[] = [];
  for (const [x0, y0, x1, y1] of OBJECTS[name]) {
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const at = expectedPlaceAt(x, y);
        if (at.sector === sector && at.arena === arena) out.push(y * FIXTURE.width + x);
      }
    }
  }
  return out.sort((a, b) => a - b);
}
