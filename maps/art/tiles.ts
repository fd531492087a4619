/**
 * The tile catalogue of maps/tiles/hamlet-tiles.png: every tile's name, its index in the sheet
 * (left to right, top to bottom, 16 columns) and whether it blocks movement. The map generator
 * places tiles by name; the art generator draws them in this order. The Tiled gid of a tile is
 * index + 1 (the tileset is embedded with firstgid 1).
 *
 * Walkability rule (documented in maps/README.md): furniture that people sit, lie or stand on
 * (beds, chairs, sofas, stools, benches, toilets, showers, pews, lecterns) is walkable, like in
 * Smallville; everything else that is solid (walls, water, trunks, fences, counters, shelves,
 * stoves, tables...) blocks, and the generator keeps a walkable tile next to it.
 */

/** Where a tile is usually placed; informative for map makers and the generator. */
export type TileKind = 'ground' | 'water' | 'floor' | 'wall' | 'door' | 'nature' | 'outdoor' | 'furniture' | 'above' | 'marker';

interface TileSpec {
  name: string;
  kind: TileKind;
  solid: boolean;
}

const g = (name: string, kind: TileKind, solid = false): TileSpec => ({ name, kind, solid });
const block = (name: string, kind: TileKind): TileSpec => g(name, kind, true);

export const TILESET_COLUMNS = 16;
export const TILE_SIZE = 32;

/** One row of the sheet per array (missing cells are left transparent and unnamed). */
const ROWS: TileSpec[][] = [
  [
    g('grass', 'ground'), g('grass_2', 'ground'), g('grass_3', 'ground'), g('grass_flowers', 'ground'),
    g('grass_tall', 'ground'), g('dirt', 'ground'), g('dirt_pebbles', 'ground'), g('cobble', 'ground'),
    g('pavers', 'ground'), g('plaza', 'ground'), g('road', 'ground'), g('road_line_h', 'ground'),
    g('road_line_v', 'ground'), g('crosswalk', 'ground'), g('sand', 'ground'), g('gravel', 'ground'),
  ],
  [
    block('water', 'water'), block('water_n', 'water'), block('water_s', 'water'), block('water_w', 'water'),
    block('water_e', 'water'), block('water_nw', 'water'), block('water_ne', 'water'), block('water_sw', 'water'),
    block('water_se', 'water'), block('water_in_nw', 'water'), block('water_in_ne', 'water'), block('water_in_sw', 'water'),
    block('water_in_se', 'water'), block('water_lily', 'water'), g('soil', 'ground'), g('bridge', 'ground'),
  ],
  [
    g('floor_wood', 'floor'), g('floor_honey', 'floor'), g('floor_walnut', 'floor'), g('floor_cherry', 'floor'),
    g('floor_checker', 'floor'), g('floor_tile_white', 'floor'), g('floor_tile_blue', 'floor'), g('floor_tile_green', 'floor'),
    g('floor_stone', 'floor'), g('floor_lino', 'floor'), g('carpet_red', 'floor'), g('carpet_blue', 'floor'),
    g('carpet_green', 'floor'), g('carpet_plum', 'floor'), g('floor_parquet', 'floor'), g('floor_concrete', 'floor'),
  ],
  [
    block('wall_cap_plaster', 'wall'), block('wall_plaster', 'wall'), block('wall_plaster_window', 'wall'),
    block('wall_cap_brick', 'wall'), block('wall_brick', 'wall'), block('wall_brick_window', 'wall'),
    block('wall_cap_timber', 'wall'), block('wall_timber', 'wall'), block('wall_timber_window', 'wall'),
    block('wall_cap_stone', 'wall'), block('wall_stone', 'wall'), block('wall_stone_window', 'wall'),
    block('wall_cap_sage', 'wall'), block('wall_sage', 'wall'), block('wall_sage_window', 'wall'),
    block('wall_window_v', 'wall'),
  ],
  [
    block('wall_cap_rose', 'wall'), block('wall_rose', 'wall'), block('wall_rose_window', 'wall'),
    block('wall_cap_navy', 'wall'), block('wall_navy', 'wall'), block('wall_navy_window', 'wall'),
    g('door_h', 'door'), g('door_v', 'door'), g('door_shop', 'door'), g('gate', 'door'),
    block('fence_h', 'nature'), block('fence_v', 'nature'), block('fence_post', 'nature'), block('hedge', 'nature'),
    g('awning_red', 'above'), g('awning_green', 'above'),
  ],
  [
    g('tree_top', 'above'), block('tree_trunk', 'nature'), g('pine_top', 'above'), block('pine_trunk', 'nature'),
    g('blossom_top', 'above'), block('blossom_trunk', 'nature'), block('bush', 'nature'), block('bush_berries', 'nature'),
    g('flowers_red', 'nature'), g('flowers_yellow', 'nature'), g('flowers_blue', 'nature'), block('flowerbed', 'nature'),
    block('rock', 'nature'), block('stump', 'nature'), block('reeds', 'nature'), g('mushrooms', 'nature'),
  ],
  [
    g('park_bench', 'outdoor'), block('street_lamp', 'outdoor'), block('fountain_tl', 'outdoor'), block('fountain_tr', 'outdoor'),
    block('fountain_bl', 'outdoor'), block('fountain_br', 'outdoor'), block('mailbox', 'outdoor'), block('trash_bin', 'outdoor'),
    block('notice_board', 'outdoor'), block('well', 'outdoor'), block('picnic_table', 'outdoor'), g('swing', 'outdoor'),
    block('slide', 'outdoor'), block('bike_rack', 'outdoor'), block('planter', 'outdoor'), block('statue', 'outdoor'),
  ],
  [
    block('sign_cafe', 'outdoor'), block('sign_bar', 'outdoor'), block('sign_bakery', 'outdoor'), block('sign_barber', 'outdoor'),
    block('sign_pharmacy', 'outdoor'), block('sign_books', 'outdoor'), block('sign_grocery', 'outdoor'), block('sign_tools', 'outdoor'),
    block('sign_hall', 'outdoor'), block('sign_college', 'outdoor'), block('sign_home', 'outdoor'), block('sign_church', 'outdoor'),
    block('flagpole', 'outdoor'), block('market_stall', 'outdoor'), block('crate', 'furniture'), block('barrel', 'furniture'),
  ],
  [
    g('bed_top', 'furniture'), g('bed_bottom', 'furniture'), g('bed_red_top', 'furniture'), g('bed_red_bottom', 'furniture'),
    g('bed_green_top', 'furniture'), g('bed_green_bottom', 'furniture'), g('dbed_tl', 'furniture'), g('dbed_tr', 'furniture'),
    g('dbed_bl', 'furniture'), g('dbed_br', 'furniture'), block('nightstand', 'furniture'), block('wardrobe', 'furniture'),
    block('dresser', 'furniture'), block('desk', 'furniture'), block('desk_computer', 'furniture'), g('chair', 'furniture'),
  ],
  [
    g('chair_down', 'furniture'), g('armchair', 'furniture'), g('sofa_l', 'furniture'), g('sofa_r', 'furniture'),
    block('tv', 'furniture'), block('coffee_table', 'furniture'), block('bookshelf', 'furniture'), block('bookshelf_2', 'furniture'),
    block('plant_pot', 'furniture'), block('plant_tall', 'furniture'), block('lamp_floor', 'furniture'), block('piano_l', 'furniture'),
    block('piano_r', 'furniture'), block('fireplace', 'furniture'), block('easel', 'furniture'), g('rug', 'furniture'),
  ],
  [
    block('stove', 'furniture'), block('fridge', 'furniture'), block('counter', 'furniture'), block('counter_sink', 'furniture'),
    block('dining_table', 'furniture'), block('cafe_table', 'furniture'), g('toilet', 'furniture'), g('bath_l', 'furniture'),
    g('bath_r', 'furniture'), g('shower', 'furniture'), block('basin', 'furniture'), block('washer', 'furniture'),
    block('kitchen_shelf', 'furniture'), block('microwave', 'furniture'), block('clock', 'furniture'), block('radio', 'furniture'),
  ],
  [
    block('bar_counter', 'furniture'), block('bar_taps', 'furniture'), g('bar_stool', 'furniture'), block('bottle_shelf', 'furniture'),
    block('coffee_machine', 'furniture'), block('pastry_case', 'furniture'), block('cash_register', 'furniture'), block('shelf_cans', 'furniture'),
    block('shelf_boxes', 'furniture'), block('produce_crate', 'furniture'), block('drinks_cooler', 'furniture'), block('medicine_shelf', 'furniture'),
    g('barber_chair', 'furniture'), block('mirror_station', 'furniture'), block('bread_oven', 'furniture'), block('flour_sacks', 'furniture'),
  ],
  [
    block('blackboard_l', 'furniture'), block('blackboard_r', 'furniture'), g('lectern', 'furniture'), g('school_desk', 'furniture'),
    block('lab_bench', 'furniture'), block('lab_flasks', 'furniture'), block('microscope', 'furniture'), block('filing_cabinet', 'furniture'),
    g('pew', 'furniture'), block('altar', 'furniture'), block('workbench', 'furniture'), block('tool_rack', 'furniture'),
    block('lumber', 'furniture'), block('globe', 'furniture'), block('dartboard', 'furniture'), block('pool_table', 'furniture'),
  ],
  [block('collision', 'marker')],
];

/** Every named tile, in sheet order, with its index. */
export const TILES: ReadonlyArray<TileSpec & { index: number }> = ROWS.flatMap((row, r) => {
  if (row.length > TILESET_COLUMNS) throw new Error(`tile row ${r} has ${row.length} tiles`);
  return row.map((spec, c) => ({ ...spec, index: r * TILESET_COLUMNS + c }));
});

export const TILE_ROWS = ROWS.length;
export const TILE_COUNT = TILE_ROWS * TILESET_COLUMNS;

const byName = new Map(TILES.map((t) => [t.name, t]));
if (byName.size !== TILES.length) throw new Error('duplicate tile name in the catalogue');

/** A tile name from the catalogue. */
export type TileName = string;

/** Sheet index of a tile (throws on an unknown name, so typos fail loudly). */
export function tileIndex(name: TileName): number {
  const t = byName.get(name);
  if (!t) throw new Error(`unknown tile "${name}"`);
  return t.index;
}

/** Tiled gid (index + 1, firstgid 1) of a tile. */
export function gid(name: TileName): number {
  return tileIndex(name) + 1;
}

/** Whether the tile blocks movement when placed on any layer. */
export function isSolid(name: TileName): boolean {
  const t = byName.get(name);
  if (!t) throw new Error(`unknown tile "${name}"`);
  return t.solid;
}
