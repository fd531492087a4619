/** Where Hamlet lives: six houses on Birch Lane, Pell House, Linden Apartments, Lindqvist Cottage. */
import { TownBuilder } from './builder';
import { path, tree } from './decor';
import { buildHouse } from './house';

/** Birch Lane: two rows of three houses facing the lane (y 15..16). */
export function birchLane(t: TownBuilder): void {
  const xs = [3, 23, 43];
  const north = [
    { name: 'Delgado House', outer: 'timber', wallpaper: 'rose', livingFloor: 'floor_honey', bedroomFloor: 'carpet_red', bed: 'double', second: { name: "Mateo's room", kind: 'bedroom' }, piano: true },
    { name: 'Okafor House', outer: 'brick', wallpaper: 'sage', livingFloor: 'floor_walnut', bedroomFloor: 'carpet_blue', bed: 'double', second: { name: 'study', kind: 'study' } },
    { name: 'Park House', outer: 'plaster', wallpaper: 'navy', livingFloor: 'floor_wood', bedroomFloor: 'carpet_plum', bed: 'double', second: { name: 'studio', kind: 'studio' } },
  ] as const;
  const south = [
    { name: 'Brennan House', outer: 'stone', wallpaper: 'plaster', livingFloor: 'floor_cherry', bedroomFloor: 'carpet_green', bed: 'double', second: { name: 'study', kind: 'study' } },
    { name: 'Novak House', outer: 'timber', wallpaper: 'sage', livingFloor: 'floor_parquet', bedroomFloor: 'carpet_blue', bed: 'single', second: { name: "Petra's room", kind: 'bedroom' }, kitchenFloor: 'floor_checker' },
    { name: 'Whitcombe House', outer: 'brick', wallpaper: 'rose', livingFloor: 'floor_honey', bedroomFloor: 'carpet_plum', bed: 'double', second: { name: 'study', kind: 'study' }, piano: true },
  ] as const;
  north.forEach((h, i) => {
    buildHouse(t, { ...h, x: xs[i], y: 3, door: 'south' });
    path(t, xs[i] + 4, 14, xs[i] + 4, 14, 'dirt');
    t.set('furniture', xs[i] + 2, 14, 'mailbox');
    t.set('furniture', xs[i] + 7, 14, 'flowers_red');
    t.set('furniture', xs[i] + 12, 14, 'flowers_yellow');
  });
  south.forEach((h, i) => {
    buildHouse(t, { ...h, x: xs[i], y: 18, door: 'north' });
    path(t, xs[i] + 5, 17, xs[i] + 5, 17, 'dirt');
    t.set('furniture', xs[i] + 3, 17, 'mailbox');
    t.set('furniture', xs[i] + 9, 17, 'flowers_blue');
  });
  // Garden strips between the houses.
  // A solid green strip: trees with bushes between their trunks (no walkable pockets).
  for (const x of [21, 22, 41, 42]) {
    for (const y of [4, 6, 8, 10, 12]) tree(t, x, y, (x + y) % 3 ? 'tree' : 'pine');
    for (const y of [20, 22, 24, 26, 28]) tree(t, x, y, (x + y) % 3 ? 'pine' : 'tree');
    for (const y of [3, 5, 7, 9, 11, 19, 21, 23, 25, 27]) t.set('furniture', x, y, 'bush');
  }
}

/** Pell House, x 34..51, y 60..70 (door north onto Linden Lane). */
export function pellHouse(t: TownBuilder): void {
  buildHouse(t, {
    name: 'Pell House',
    x: 34,
    y: 60,
    door: 'north',
    outer: 'stone',
    wallpaper: 'navy',
    livingFloor: 'floor_walnut',
    bedroomFloor: 'carpet_red',
    bed: 'single',
    second: { name: 'study', kind: 'study' },
    piano: true,
  });
  path(t, 39, 58, 39, 59, 'dirt');
  t.set('furniture', 37, 59, 'mailbox');
  for (const [x, y] of [[54, 61], [56, 64], [53, 67], [57, 70], [54, 73], [45, 74], [40, 75], [50, 76]]) tree(t, x, y, (x + y) % 2 ? 'tree' : 'pine');
}

/**
 * Linden Apartments, x 3..30, y 59..74: a central hallway (x 16..17) with three apartments on
 * each side. Each apartment is one arena with a bathroom corner behind a partition.
 */
export function lindenApartments(t: TownBuilder): void {
  const s = t.building('Linden Apartments', 'apartments', { x: 3, y: 59, w: 28, h: 16 }, 'brick', 'floor_wood');
  t.room({ x: 16, y: 60, w: 2, h: 14 }, 'floor_lino', 'plaster');
  t.wallV(15, 59, 74, 'plaster');
  t.wallV(18, 59, 74, 'plaster');
  for (const y of [64, 69]) {
    t.wallH(4, 14, y, 'plaster');
    t.wallH(19, 29, y, 'plaster');
  }
  t.door(16, 59);
  t.door(17, 74);
  s.arena('hallway', { x: 16, y: 60, w: 2, h: 14 }).put('mailboxes', 17, 60, 'mailbox').put('laundry', 16, 73, 'washer');
  const floors = ['floor_honey', 'floor_cherry', 'floor_wood', 'floor_walnut', 'floor_parquet', 'floor_honey'] as const;
  const papers = ['rose', 'sage', 'navy', 'plaster', 'sage', 'rose'] as const;
  const beds = ['bed', 'bed_red', 'bed_green'];
  let n = 0;
  for (const west of [true, false]) {
    for (const y0 of [60, 65, 70]) {
      n++;
      const x0 = west ? 4 : 19;
      t.room({ x: x0, y: y0, w: 11, h: 4 }, floors[n - 1], papers[n - 1]);
      // Bathroom corner (3 wide) at the outer end, behind a partition with a door.
      const bx = west ? x0 : x0 + 8;
      const px = west ? x0 + 3 : x0 + 7;
      t.room({ x: bx, y: y0, w: 3, h: 4 }, 'floor_tile_blue', 'navy');
      t.wallV(px, y0, y0 + 3, 'plaster');
      t.door(px, y0 + 2);
      t.door(west ? 15 : 18, y0 + 2);
      t.window(west ? 3 : 30, y0 + 1);
      const a = s.arena(`apartment ${n}`, { x: x0, y: y0, w: 11, h: 4 });
      // Mirror the layout for the east side so the entrance is always by the hallway.
      const X = (dx: number): number => (west ? x0 + dx : x0 + 10 - dx);
      a.put('shower', X(0), y0, 'shower').put('sink', X(1), y0, 'basin').put('toilet', X(2), y0 + 3, 'toilet');
      a.put('bed', X(4), y0, [[`${beds[n % 3]}_top`], [`${beds[n % 3]}_bottom`]])
        .put('wardrobe', X(5), y0, 'wardrobe')
        .put('stove', X(7), y0, 'stove')
        .put('fridge', X(8), y0, 'fridge')
        .put('counter', X(9), y0, 'counter_sink')
        .put('table', X(7), y0 + 2, 'dining_table')
        .put('chair', X(7), y0 + 3, 'chair')
        .put('sofa', Math.min(X(4), X(5)), y0 + 3, [['sofa_l', 'sofa_r']]);
      t.set('furniture', X(9), y0 + 3, 'plant_pot');
    }
  }
  for (const x of [6, 11, 22, 27]) t.window(x, 74);
  for (const x of [5, 10, 12, 21, 23, 28]) t.window(x, 59);
  path(t, 16, 57, 16, 58, 'dirt');
  path(t, 17, 75, 17, 76, 'dirt');
}

/** Lindqvist Cottage and its garden, sector x 107..117, y 59..77. */
export function lindqvistCottage(t: TownBuilder): void {
  t.shell({ x: 108, y: 60, w: 10, h: 9 }, 'plaster', 'floor_honey');
  t.room({ x: 109, y: 61, w: 3, h: 3 }, 'floor_tile_blue', 'navy');
  t.room({ x: 109, y: 65, w: 3, h: 3 }, 'floor_checker', 'sage');
  t.room({ x: 113, y: 61, w: 4, h: 3 }, 'carpet_plum', 'rose');
  t.room({ x: 113, y: 65, w: 4, h: 3 }, 'floor_honey', 'rose');
  t.wallV(112, 60, 68, 'plaster');
  t.wallH(109, 111, 64, 'plaster');
  t.wallH(113, 116, 64, 'plaster');
  t.door(114, 64);
  t.door(112, 62);
  t.door(112, 66);
  t.door(114, 68);
  t.window(110, 68);
  t.window(116, 68);
  t.window(115, 60);
  t.window(108, 66);
  const s = t.sector('Lindqvist Cottage', 'home', { x: 107, y: 59, w: 11, h: 19 });
  s.arena('bathroom', { x: 109, y: 61, w: 3, h: 3 }).put('shower', 109, 61, 'shower').put('sink', 110, 61, 'basin').put('toilet', 111, 63, 'toilet');
  s.arena('kitchen', { x: 109, y: 65, w: 3, h: 3 })
    .put('stove', 109, 65, 'stove')
    .put('fridge', 110, 65, 'fridge')
    .put('kitchen table', 110, 67, 'dining_table');
  t.set('furniture', 111, 65, 'kitchen_shelf');
  s.arena('bedroom', { x: 113, y: 61, w: 4, h: 3 })
    .put('bed', 116, 61, [['bed_green_top'], ['bed_green_bottom']])
    .put('nightstand', 115, 61, 'nightstand')
    .put('wardrobe', 113, 61, 'wardrobe');
  s.arena('living room', { x: 113, y: 65, w: 4, h: 3 })
    .put('armchair', 116, 65, 'armchair')
    .put('bookshelf', 113, 65, 'bookshelf')
    .put('radio', 115, 65, 'radio')
    .put('fireplace', 116, 67, 'fireplace');
  const garden = s.arena('garden', { x: 107, y: 70, w: 11, h: 7 });
  t.fill('ground', { x: 109, y: 71, w: 5, h: 2 }, 'soil');
  t.fill('ground', { x: 109, y: 74, w: 5, h: 2 }, 'soil');
  path(t, 114, 69, 114, 76, 'dirt');
  path(t, 107, 73, 114, 73, 'dirt');
  garden
    .mark('vegetable patch', { x: 109, y: 71, w: 5, h: 2 })
    .mark('herb bed', { x: 109, y: 74, w: 5, h: 2 })
    .put('well', 116, 71, 'well')
    .put('flower bed', 116, 74, [['flowerbed'], ['flowerbed']])
    .put('bench', 115, 76, 'park_bench');
  t.set('furniture', 117, 73, 'barrel');
  for (let x = 107; x <= 117; x++) if (x !== 114) t.set('furniture', x, 69, x === 107 || x === 117 ? 'fence_post' : 'fence_h');
}
