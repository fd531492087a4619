/**
 * The navigator a static site's page plans walks with (walks.ts): the engine's own
 * (engine/navigator.ts) over the run's map, parsed from the map JSON the site carries
 * (run/town/map.json, the run's validated Tiled JSON) by the same parser the server uses.
 * Free of Node; the page loads it apart from its main bundle (it brings the map validator) when
 * the inspector first needs it.
 */
import { createNavigator } from '../engine/navigator';
import { parseTownMap } from '../world/parseMap';
import type { WalkNavigator } from './walks';

/**
 * The navigator over a map given as Tiled JSON. `world`: the run's world name, which names the
 * places as the run did when the map has no `world` property (the parser then takes the file name).
 */
export function navigatorForMapJson(json: unknown, world: string): WalkNavigator {
  return createNavigator(parseTownMap(json, `${world}.tmj`));
}
