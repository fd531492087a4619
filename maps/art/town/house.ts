/**
 * The Hamlet house (18×11 tiles): kitchen, bathroom, bedroom along the north; living room and a
 * small second room along the south. Every room opens onto the living room (the kitchen through
 * an archway), so a family can share it. Furniture that blocks always keeps a free tile in front.
 *
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7
 * 0 W W W W W W W W W W W W W W W W W W     front door: south wall (4,10) or north wall (5,0)
 * 1 W k k k k k W t t t W b b b b b b W     k kitchen, t bathroom, b bedroom
 * 2 W k k k k k W t t t W b b b b b b W
 * 3 W k k k k k W t t t W b b b b b b W
 * 4 W k k k k k W t t t W b b b b b b W
 * 5 W W . . W W W W D W W W D W W W W W     . archway, D door
 * 6 W l l l l l l l l l l l l W s s s W     l living room, s second room
 * 7 W l l l l l l l l l l l l W s s s W
 * 8 W l l l l l l l l l l l l D s s s W
 * 9 W l l l l l l l l l l l l W s s s W
 * 0 W W W W D W W W W W W W W W W W W W
 */
import { TileName } from '../tiles';
import { SectorBuilder, TownBuilder, WallStyle } from './builder';

export interface HouseOptions {
  name: string;
  x: number;
  y: number;
  door: 'south' | 'north';
  outer: WallStyle;
  wallpaper: WallStyle;
  livingFloor: TileName;
  bedroomFloor: TileName;
  kitchenFloor?: TileName;
  /** Main bedroom: one double bed ("bed", "bed 2") or a single bed ("bed"). */
  bed: 'double' | 'single';
  /** The small south-east room. */
  second: { name: string; kind: 'bedroom' | 'study' | 'studio' };
  piano?: boolean;
}

export const HOUSE_W = 18;
export const HOUSE_H = 11;

/** Builds a house and returns its sector (kind "home"). */
export function buildHouse(t: TownBuilder, o: HouseOptions): SectorBuilder {
  const X = (dx: number): number => o.x + dx;
  const Y = (dy: number): number => o.y + dy;
  const s = t.building(o.name, 'home', { x: o.x, y: o.y, w: HOUSE_W, h: HOUSE_H }, o.outer, o.livingFloor);
  t.room({ x: X(1), y: Y(1), w: 5, h: 4 }, o.kitchenFloor ?? 'floor_tile_white', 'sage');
  t.room({ x: X(7), y: Y(1), w: 3, h: 4 }, 'floor_tile_blue', 'navy');
  t.room({ x: X(11), y: Y(1), w: 6, h: 4 }, o.bedroomFloor, o.wallpaper);
  t.room({ x: X(1), y: Y(6), w: 12, h: 4 }, o.livingFloor, o.wallpaper);
  t.room({ x: X(14), y: Y(6), w: 3, h: 4 }, o.second.kind === 'studio' ? 'floor_concrete' : o.bedroomFloor, 'rose');
  t.wallH(X(1), X(16), Y(5), 'plaster');
  t.wallV(X(6), Y(1), Y(4), 'plaster');
  t.wallV(X(10), Y(1), Y(4), 'plaster');
  t.wallV(X(13), Y(6), Y(9), 'plaster');
  t.opening(X(2), Y(5));
  t.opening(X(3), Y(5));
  t.door(X(8), Y(5));
  t.door(X(12), Y(5));
  t.door(X(13), Y(8));
  if (o.door === 'south') t.door(X(4), Y(10));
  else t.door(X(5), Y(0));
  for (const dx of [2, 8, 15]) t.window(X(dx), Y(10));
  for (const dx of [2, 13, 15]) t.window(X(dx), Y(0));
  t.window(X(0), Y(7));
  t.window(X(17), Y(2));
  t.window(X(17), Y(7));

  s.arena('kitchen', { x: X(1), y: Y(1), w: 5, h: 4 })
    .put('fridge', X(1), Y(1), 'fridge')
    .put('stove', X(2), Y(1), 'stove', 'idle')
    .put('counter', X(3), Y(1), 'counter')
    .put('sink', X(4), Y(1), 'counter_sink')
    .put('kitchen table', X(3), Y(3), 'dining_table')
    .put('chair', X(3), Y(4), 'chair')
    .put('chair 2', X(3), Y(2), 'chair_down');
  s.arena('bathroom', { x: X(7), y: Y(1), w: 3, h: 4 })
    .put('shower', X(7), Y(1), 'shower')
    .put('sink', X(8), Y(1), 'basin')
    .put('toilet', X(9), Y(1), 'toilet');
  const bedroom = s.arena('bedroom', { x: X(11), y: Y(1), w: 6, h: 4 });
  if (o.bed === 'double') {
    t.set('furniture', X(13), Y(1), 'dbed_tl');
    t.set('furniture', X(14), Y(1), 'dbed_tr');
    t.set('furniture', X(13), Y(2), 'dbed_bl');
    t.set('furniture', X(14), Y(2), 'dbed_br');
    bedroom.mark('bed', { x: X(13), y: Y(1), w: 1, h: 2 }).mark('bed 2', { x: X(14), y: Y(1), w: 1, h: 2 });
  } else {
    bedroom.put('bed', X(14), Y(1), [['bed_top'], ['bed_bottom']]);
  }
  bedroom.put('nightstand', X(15), Y(1), 'nightstand').put('wardrobe', X(11), Y(1), 'wardrobe').put('dresser', X(16), Y(3), 'dresser');
  t.set('furniture', X(16), Y(1), 'plant_pot');

  const living = s.arena('living room', { x: X(1), y: Y(6), w: 12, h: 4 });
  living
    .put('sofa', X(5), Y(6), [['sofa_l', 'sofa_r']])
    .put('coffee table', X(5), Y(7), 'coffee_table')
    .put('tv', X(6), Y(9), 'tv')
    .put('armchair', X(8), Y(7), 'armchair')
    .put('bookshelf', X(11), Y(6), 'bookshelf');
  if (o.piano) living.put('piano', X(9), Y(6), [['piano_l', 'piano_r']]);
  else t.set('furniture', X(10), Y(6), 'plant_tall');
  t.set('furniture', X(1), Y(6), 'plant_tall');
  t.set('furniture', X(1), Y(9), 'lamp_floor');
  t.set('furniture', X(11), Y(8), 'rug');

  const second = s.arena(o.second.name, { x: X(14), y: Y(6), w: 3, h: 4 });
  if (o.second.kind === 'bedroom') {
    second.put('bed', X(16), Y(6), [['bed_green_top'], ['bed_green_bottom']]).put('desk', X(14), Y(6), 'desk').put('chair', X(14), Y(7), 'chair');
    t.set('furniture', X(16), Y(9), 'plant_pot');
  } else if (o.second.kind === 'study') {
    second.put('desk', X(14), Y(6), 'desk_computer').put('chair', X(14), Y(7), 'chair').put('bookshelf', X(15), Y(6), 'bookshelf_2').put('armchair', X(16), Y(8), 'armchair');
  } else {
    second.put('easel', X(15), Y(7), 'easel').put('desk', X(14), Y(6), 'desk').put('chair', X(14), Y(7), 'chair');
    t.set('furniture', X(16), Y(9), 'plant_tall');
  }
  return s;
}
