/**
 * A tiny town for tests, built in code: 24×14 tiles, two houses and a cafe, four personas.
 * Written as real Tiled JSON + persona JSON so tests go through the real loaders.
 *
 *   0         1         2
 *   012345678901234567890123
 * 0 ########################
 * 1 #.....#.....#..........#     house A (x1-5), house B (x7-11), cafe (x13-22)
 * 2 #.....#.....#..........#
 * 3 #.....#.....#..........#
 * 4 ###.#####.#####.########     doors at x=3, x=9, x=15
 * 5 #......................#     street (y5-12)
 * ...
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const W = 24;
const H = 14;
const T = 32;

function rect(id: number, name: string, x: number, y: number, w: number, h: number, properties?: { name: string; type: string; value: string }[]) {
  return { id, name, type: '', x: x * T, y: y * T, width: w * T, height: h * T, rotation: 0, visible: true, ...(properties ? { properties } : {}) };
}

function point(id: number, name: string, x: number, y: number, properties?: { name: string; type: string; value: string }[]) {
  return { id, name, type: '', x: x * T + T / 2, y: y * T + T / 2, width: 0, height: 0, rotation: 0, visible: true, point: true, ...(properties ? { properties } : {}) };
}

export function miniTownMapJson(): Record<string, unknown> {
  const collision: number[] = new Array(W * H).fill(0);
  const wall = (x: number, y: number) => (collision[y * W + x] = 1);
  for (let x = 0; x < W; x++) {
    wall(x, 0);
    wall(x, H - 1);
    if (![3, 9, 15].includes(x)) wall(x, 4);
  }
  for (let y = 0; y < H; y++) {
    wall(0, y);
    wall(W - 1, y);
    if (y < 4) {
      wall(6, y);
      wall(12, y);
    }
  }
  const ground = new Array(W * H).fill(1);
  let id = 1;
  const sectors = [
    rect(id++, 'Ash House', 1, 1, 5, 3, [{ name: 'kind', type: 'string', value: 'home' }]),
    rect(id++, 'Birch House', 7, 1, 5, 3, [{ name: 'kind', type: 'string', value: 'home' }]),
    rect(id++, 'Corner Cafe', 13, 1, 10, 3, [{ name: 'kind', type: 'string', value: 'cafe' }]),
    rect(id++, 'Main Street', 1, 5, 22, 8, [{ name: 'kind', type: 'string', value: 'street' }]),
  ];
  const arenas = [
    rect(id++, 'bedroom', 1, 1, 5, 3),
    rect(id++, 'bedroom', 7, 1, 5, 3),
    rect(id++, 'cafe floor', 13, 1, 10, 3),
    rect(id++, 'pavement', 1, 5, 22, 8),
  ];
  const objects = [
    point(id++, 'bed', 1, 1),
    point(id++, 'bed 2', 5, 1),
    point(id++, 'desk', 3, 3),
    point(id++, 'bed', 7, 1),
    point(id++, 'bed 2', 11, 1),
    point(id++, 'counter', 14, 1, [{ name: 'state', type: 'string', value: 'clean' }]),
    point(id++, 'coffee machine', 16, 1),
    point(id++, 'table', 20, 2),
    point(id++, 'bench', 12, 9),
  ];
  const spawns = [point(id++, 'spawn', 10, 8)];
  return {
    type: 'map',
    version: '1.10',
    tiledversion: '1.10.2',
    orientation: 'orthogonal',
    renderorder: 'right-down',
    infinite: false,
    width: W,
    height: H,
    tilewidth: T,
    tileheight: T,
    nextlayerid: 7,
    nextobjectid: id,
    properties: [{ name: 'world', type: 'string', value: 'Minitown' }],
    tilesets: [{ firstgid: 1, name: 'tiles', image: 'tiles.png', imagewidth: 64, imageheight: 32, tilewidth: T, tileheight: T, tilecount: 2, columns: 2, margin: 0, spacing: 0 }],
    layers: [
      { id: 1, name: 'ground', type: 'tilelayer', width: W, height: H, x: 0, y: 0, opacity: 1, visible: true, data: ground },
      { id: 2, name: 'collision', type: 'tilelayer', width: W, height: H, x: 0, y: 0, opacity: 1, visible: false, data: collision.map((c) => (c ? 2 : 0)) },
      { id: 3, name: 'sectors', type: 'objectgroup', x: 0, y: 0, opacity: 1, visible: true, draworder: 'topdown', objects: sectors },
      { id: 4, name: 'arenas', type: 'objectgroup', x: 0, y: 0, opacity: 1, visible: true, draworder: 'topdown', objects: arenas },
      { id: 5, name: 'objects', type: 'objectgroup', x: 0, y: 0, opacity: 1, visible: true, draworder: 'topdown', objects },
      { id: 6, name: 'spawns', type: 'objectgroup', x: 0, y: 0, opacity: 1, visible: true, draworder: 'topdown', objects: spawns },
    ],
  };
}

type Item = { at: string; activity: string; place: string; emoji: string; sleep?: boolean };

function persona(id: string, name: string, home: string, bed: string, sprite: number, routine: Item[], relationships: { id: string; relation: string }[]) {
  return {
    id,
    name,
    age: 30 + sprite,
    traits: 'kind, curious',
    occupation: 'townsperson',
    background: `${name} has lived in Minitown all their life.`,
    currently: `${name} is enjoying a quiet week.`,
    lifestyle: 'wakes at seven, sleeps at eleven',
    home,
    bed,
    sprite,
    relationships,
    routine,
    memories: [`${name} likes the coffee at Corner Cafe.`],
  };
}

export function miniTownPersonasJson(): Record<string, unknown> {
  const day = (home: string, bed: string, cafeAt: string): Item[] => [
    { at: '07:00', activity: 'getting ready for the day', place: `${home}:bedroom`, emoji: '🪥' },
    { at: cafeAt, activity: 'having coffee', place: 'Corner Cafe:cafe floor:table', emoji: '☕' },
    { at: '10:00', activity: 'taking a walk', place: 'Main Street:pavement:bench', emoji: '🚶' },
    { at: '12:00', activity: 'working at home', place: `${home}:bedroom`, emoji: '💻' },
    { at: '23:00', activity: 'sleeping', place: bed, emoji: '😴', sleep: true },
  ];
  return {
    map: 'minitown.tmj',
    personas: [
      persona('ada-ash', 'Ada Ash', 'Ash House', 'Ash House:bedroom:bed', 0, day('Ash House', 'Ash House:bedroom:bed', '08:00'), [{ id: 'ben-ash', relation: 'brother' }]),
      persona('ben-ash', 'Ben Ash', 'Ash House', 'Ash House:bedroom:bed 2', 1, day('Ash House', 'Ash House:bedroom:bed 2', '08:10'), [{ id: 'cleo-birch', relation: 'friend' }]),
      persona('cleo-birch', 'Cleo Birch', 'Birch House', 'Birch House:bedroom:bed', 2, day('Birch House', 'Birch House:bedroom:bed', '08:05'), []),
      {
        ...persona('dev-birch', 'Dev Birch', 'Birch House', 'Birch House:bedroom:bed 2', 3, day('Birch House', 'Birch House:bedroom:bed 2', '09:00'), [{ id: 'cleo-birch', relation: 'sister' }]),
        currently: 'Dev Birch is barista at Corner Cafe.',
      },
    ],
  };
}

/** Writes the mini town to a fresh temp folder; returns the file paths. */
export function writeMiniTown(dir = join(tmpdir(), `hamlet-minitown-${process.pid}-${Math.floor(Math.random() * 1e9)}`)): {
  dir: string;
  mapPath: string;
  personasPath: string;
} {
  mkdirSync(dir, { recursive: true });
  const mapPath = join(dir, 'minitown.tmj');
  const personasPath = join(dir, 'minitown.personas.json');
  writeFileSync(mapPath, JSON.stringify(miniTownMapJson()));
  writeFileSync(personasPath, JSON.stringify(miniTownPersonasJson()));
  return { dir, mapPath, personasPath };
}
