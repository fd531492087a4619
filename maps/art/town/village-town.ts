/**
 * Village: the small example town (40×30): two houses and a cafe on one lane, with a green and a
 * pond. It uses the same tileset and convention as Hamlet and proves that a new town needs no
 * code: maps/village.tmj + maps/village.personas.json.
 */
import { TownBuilder } from './builder';
import { forestBorder, lawn, path, scatter, tree } from './decor';
import { buildHouse } from './house';
import { pond } from './pond';

function cornerCafe(t: TownBuilder): void {
  const s = t.building('Corner Cafe', 'cafe', { x: 4, y: 18, w: 16, h: 9 }, 'brick', 'floor_checker');
  t.room({ x: 5, y: 19, w: 10, h: 7 }, 'floor_checker', 'rose');
  t.room({ x: 16, y: 19, w: 3, h: 7 }, 'floor_tile_white', 'sage');
  t.wallV(15, 18, 26, 'plaster');
  t.door(15, 20);
  t.door(8, 18, 'shop');
  for (const x of [6, 11, 13]) t.window(x, 18);
  for (const x of [6, 10, 13, 17]) t.window(x, 26);
  s.arena('cafe', { x: 5, y: 19, w: 10, h: 7 })
    .put('pastry case', 10, 21, 'pastry_case')
    .put('counter', 11, 21, 'cash_register')
    .put('coffee machine', 12, 21, 'coffee_machine')
    .put('table', 6, 22, 'cafe_table')
    .put('table 2', 9, 24, 'cafe_table')
    .put('table 3', 13, 24, 'cafe_table')
    .put('sofa', 5, 19, [['sofa_l', 'sofa_r']])
    .put('bookshelf', 7, 19, 'bookshelf_2');
  t.set('furniture', 6, 23, 'chair');
  t.set('furniture', 9, 25, 'chair');
  t.set('furniture', 13, 25, 'chair');
  t.set('furniture', 9, 23, 'chair_down');
  t.set('furniture', 14, 19, 'plant_tall');
  s.arena('kitchen', { x: 16, y: 19, w: 3, h: 7 })
    .put('stove', 16, 19, 'stove')
    .put('fridge', 17, 19, 'fridge')
    .put('sink', 18, 19, 'counter_sink')
    .put('prep table', 17, 22, 'counter')
    .put('toilet', 18, 25, 'toilet');
  t.set('above', 6, 26, 'awning_red');
  t.set('above', 13, 26, 'awning_red');
}

export function buildVillage(): TownBuilder {
  const t = new TownBuilder('Village', 40, 30);
  lawn(t, { x: 0, y: 0, w: 40, h: 30 }, 'village-lawn');
  t.fill('ground', { x: 0, y: 15, w: 39, h: 2 }, 'cobble');
  buildHouse(t, {
    name: 'Rose Cottage', x: 2, y: 3, door: 'south', outer: 'timber', wallpaper: 'rose',
    livingFloor: 'floor_honey', bedroomFloor: 'carpet_red', bed: 'double', second: { name: 'study', kind: 'study' },
  });
  buildHouse(t, {
    name: 'Ivy House', x: 21, y: 3, door: 'south', outer: 'stone', wallpaper: 'sage',
    livingFloor: 'floor_walnut', bedroomFloor: 'carpet_green', bed: 'single', second: { name: "Kit's room", kind: 'bedroom' }, piano: true,
  });
  path(t, 6, 14, 6, 14, 'dirt');
  path(t, 25, 14, 25, 14, 'dirt');
  path(t, 8, 17, 8, 17, 'dirt');
  t.set('furniture', 4, 14, 'mailbox');
  t.set('furniture', 23, 14, 'mailbox');
  cornerCafe(t);
  t.set('furniture', 10, 17, 'sign_cafe');
  // The green: a pond, benches and trees east of the cafe.
  pond(t, { x: 27, y: 20, w: 8, h: 5 }, 'village-pond');
  path(t, 24, 17, 24, 26, 'dirt');
  path(t, 24, 26, 36, 26, 'dirt');
  t.set('furniture', 28, 19, 'park_bench');
  t.set('furniture', 32, 19, 'park_bench');
  t.set('furniture', 26, 21, 'reeds');
  for (const [x, y] of [[22, 20], [36, 19], [22, 27], [30, 27], [35, 24]]) tree(t, x, y, (x + y) % 2 ? 'tree' : 'blossom');
  t.set('furniture', 20, 17, 'street_lamp');
  forestBorder(t, [], [[15, 16]], 'village-forest');
  scatter(t, { x: 1, y: 2, w: 38, h: 26 }, 'village-flowers', 0.03, ['flowers_red', 'flowers_yellow', 'flowers_blue', 'grass_tall']);
  t.spawn(10, 16);
  return t;
}
