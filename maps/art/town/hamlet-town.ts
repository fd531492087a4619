/**
 * Hamlet, the default town (120×80 tiles). Layout, west to east and north to south:
 *   Birch Lane houses (NW) · Hamlet College and Oak Hall (NE) · shops along Main Street ·
 *   library and town hall · grocery, bar, supply store · town square and community hall ·
 *   Linden Apartments and Pell House (SW) · Town Park and Lindqvist Cottage (SE).
 * Mill Road runs north-south through the middle (x 62..64), Main Street east-west (y 40..42).
 */
import { TownBuilder } from './builder';
import { forestBorder, lawn, path, scatter, tree } from './decor';
import { college, oakHall } from './hamlet-campus';
import { communityHall, publicLibrary, townHall, townSquare } from './hamlet-civic';
import { birchLane, lindenApartments, lindqvistCottage, pellHouse } from './hamlet-homes';
import { townPark } from './hamlet-park';
import { brennanSupply, clipAndComb, grocery, lamplight, pharmacy, sunriseBakery, willowCafe } from './hamlet-shops';

export const HAMLET_WIDTH = 120;
export const HAMLET_HEIGHT = 80;

function streets(t: TownBuilder): void {
  const W = t.width;
  const H = t.height;
  // Main Street (east-west) with pavements.
  t.fill('ground', { x: 0, y: 39, w: W, h: 1 }, 'pavers');
  t.fill('ground', { x: 0, y: 43, w: W, h: 1 }, 'pavers');
  t.fill('ground', { x: 0, y: 40, w: W, h: 3 }, (x, y) => (y === 41 && (x < 61 || x > 65) && x % 2 === 0 ? 'road_line_h' : 'road'));
  // Mill Road (north-south).
  t.fill('ground', { x: 61, y: 0, w: 1, h: H }, (x, y) => (y >= 40 && y <= 42 ? 'road' : 'pavers'));
  t.fill('ground', { x: 65, y: 0, w: 1, h: H }, (x, y) => (y >= 40 && y <= 42 ? 'road' : 'pavers'));
  t.fill('ground', { x: 62, y: 0, w: 3, h: H }, (x, y) => (x === 63 && (y < 38 || y > 44) && y % 2 === 0 ? 'road_line_v' : 'road'));
  t.fill('ground', { x: 62, y: 37, w: 3, h: 1 }, 'crosswalk');
  t.fill('ground', { x: 62, y: 45, w: 3, h: 1 }, 'crosswalk');
  // Lanes: Birch Lane (houses), College Walk, Linden Lane and Park Lane.
  t.fill('ground', { x: 2, y: 15, w: 59, h: 2 }, 'cobble');
  t.fill('ground', { x: 66, y: 26, w: 52, h: 1 }, 'cobble');
  t.fill('ground', { x: 2, y: 56, w: 59, h: 2 }, 'cobble');
  t.fill('ground', { x: 66, y: 56, w: 52, h: 2 }, 'cobble');
}

/** Front paths and street furniture that tie the buildings to the streets. */
function connections(t: TownBuilder): void {
  // Doors on Main Street open straight onto the pavement; side doors get paths.
  path(t, 89, 50, 91, 50, 'plaza');
  path(t, 66, 27, 66, 38, 'cobble');
  path(t, 86, 27, 86, 38, 'cobble');
  path(t, 113, 27, 113, 38, 'cobble');
  // Lamps and trees along the streets, on grass or at pavement corners.
  for (const x of [21, 34, 45]) t.set('furniture', x, 38, 'street_lamp');
  for (const x of [21, 40]) t.set('furniture', x, 44, 'street_lamp');
  for (const x of [58, 60]) tree(t, x, 37, 'tree');
  t.set('furniture', 59, 38, 'park_bench');
  for (const y of [14, 17, 29, 51, 63, 71]) t.set('furniture', 60, y, 'street_lamp');
  for (const y of [8, 30, 50]) t.set('furniture', 66, y, 'street_lamp');
  t.set('furniture', 59, 35, 'trash_bin');
  t.set('furniture', 90, 43, 'mailbox');
  t.set('furniture', 58, 44, 'bike_rack');
  // Signs by the doors.
  const signs: Array<[number, number, string]> = [
    [10, 39, 'sign_cafe'], [26, 39, 'sign_bakery'], [39, 39, 'sign_barber'], [52, 39, 'sign_pharmacy'],
    [74, 39, 'sign_books'], [96, 39, 'sign_hall'], [9, 43, 'sign_grocery'], [24, 43, 'sign_bar'],
    [47, 43, 'sign_tools'], [97, 43, 'sign_church'], [65, 11, 'sign_college'], [15, 58, 'sign_home'],
  ];
  for (const [x, y, sign] of signs) t.set('furniture', x, y, sign);
}

/** Builds the whole town. */
export function buildHamlet(): TownBuilder {
  const t = new TownBuilder('Hamlet', HAMLET_WIDTH, HAMLET_HEIGHT);
  lawn(t, { x: 0, y: 0, w: t.width, h: t.height }, 'hamlet-lawn');
  streets(t);
  birchLane(t);
  willowCafe(t);
  sunriseBakery(t);
  clipAndComb(t);
  pharmacy(t);
  college(t);
  oakHall(t);
  publicLibrary(t);
  townHall(t);
  grocery(t);
  lamplight(t);
  brennanSupply(t);
  townSquare(t);
  communityHall(t);
  lindenApartments(t);
  pellHouse(t);
  townPark(t);
  lindqvistCottage(t);
  connections(t);
  forestBorder(t, [[58, 66]], [[37, 45]], 'hamlet-forest');
  scatter(t, { x: 2, y: 2, w: 116, h: 76 }, 'hamlet-flowers', 0.025, ['flowers_red', 'flowers_yellow', 'flowers_blue', 'grass_tall', 'mushrooms']);
  t.spawn(70, 50);
  t.spawn(63, 30);
  return t;
}
