/**
 * Draws the Tiled map: every tile layer in file order except `collision`; layers marked `above`
 * go over the characters. Layers the server did not describe are still drawn (below the people),
 * and a layer Phaser cannot build is skipped with a console warning instead of breaking the page.
 *
 * The map never changes while the page is open, so by default its layers are drawn once into
 * cached textures ("baked"): the layers under the people into one set, the `above` layers into
 * another, each cut into chunks no larger than the GPU allows. A frame then draws a handful of
 * big quads instead of every visible tile of every layer again: with software WebGL (headless
 * Chromium, 2 cores) the tile-by-tile drawing took ≈ 75 of a frame's ≈ 90 ms, and every seek in
 * a replay waited for such frames. `?layers=tiles` draws tile by tile as before (Phaser's
 * TilemapLayer), `?layers=gpu` uses Phaser's GPU tilemap layer (one tileset only): both for
 * comparisons and for the tests that check the baked map shows the same tiles.
 */
import Phaser from 'phaser';
import type { MapAssets } from '../../../server/net/protocol';
import { DEPTH, TEXTURES } from '../config';
import { tiledProperty } from './placeIndex';

/** How the map's layers are drawn; see the file comment. */
export type LayerMode = 'baked' | 'tiles' | 'gpu';

/** Largest side of one cached chunk: within every WebGL's MAX_TEXTURE_SIZE worth supporting. */
const CHUNK_PX = 2048;

export interface MapView {
  map: Phaser.Tilemaps.Tilemap;
  widthPx: number;
  heightPx: number;
  /** How the layers are drawn. */
  mode: LayerMode;
  /** The tile layers (hidden once baked: the chunks show them). */
  layers: (Phaser.Tilemaps.TilemapLayer | Phaser.Tilemaps.TilemapGPULayer)[];
  /** The baked chunks (none unless `mode` is 'baked'). */
  chunks: Phaser.GameObjects.Image[];
}

/** The layer mode a page address asks for (`?layers=tiles|cpu|gpu`); baked otherwise. */
export function layerModeOf(search: string): LayerMode {
  const wanted = new URLSearchParams(search).get('layers');
  if (wanted === 'gpu') return 'gpu';
  // "cpu" was the name of tile-by-tile drawing before the map was baked; old links keep working.
  if (wanted === 'tiles' || wanted === 'cpu') return 'tiles';
  return 'baked';
}

export function buildMapView(scene: Phaser.Scene, assets: MapAssets, requested: LayerMode = layerModeOf(window.location.search)): MapView {
  const map = scene.make.tilemap({ key: TEXTURES.map });
  const tilesets: Phaser.Tilemaps.Tileset[] = [];
  map.tilesets.forEach((ts, i) => {
    const added = scene.textures.exists(TEXTURES.tileset(i)) ? map.addTilesetImage(ts.name, TEXTURES.tileset(i)) : null;
    if (added) tilesets.push(added);
  });
  const described = assets.layers;
  const webgl = scene.game.renderer.type === Phaser.WEBGL;
  // The GPU layer draws a whole layer in one quad, but needs WebGL and a single tileset.
  const gpu = requested === 'gpu' && tilesets.length === 1 && webgl;
  const mode: LayerMode = gpu ? 'gpu' : requested === 'baked' && webgl ? 'baked' : 'tiles';
  const layers: MapView['layers'] = [];
  const above = new Set<MapView['layers'][number]>();
  map.layers.forEach((data, i) => {
    const shortName = data.name.split('/').pop() ?? data.name;
    if (shortName === 'collision') return;
    const known = described.find((l) => l.name === data.name) ?? described.find((l) => l.name === shortName);
    const isAbove = known?.above ?? tiledProperty(data.properties, 'above') === true;
    try {
      const layer = (gpu ? map.createLayer(i, tilesets[0], 0, 0, true) : map.createLayer(i, tilesets, 0, 0)) as MapView['layers'][number] | null;
      if (!layer) return;
      layer.setDepth((isAbove ? DEPTH.aboveLayer : DEPTH.layer) + i);
      layer.setVisible(known?.visible ?? data.visible);
      layers.push(layer);
      if (isAbove) above.add(layer);
    } catch (err) {
      console.warn(`hamlet: cannot draw map layer "${data.name}"`, err);
    }
  });
  const view: MapView = { map, widthPx: map.widthInPixels, heightPx: map.heightInPixels, mode, layers, chunks: [] };
  if (mode !== 'baked') return view;
  // Layers keep their order inside each group, and the groups keep their depths: the same picture.
  const shown = layers.filter((l) => l.visible) as Phaser.Tilemaps.TilemapLayer[];
  const below = shown.filter((l) => !above.has(l));
  view.chunks = bake(scene, 'below', below, view, DEPTH.layer);
  for (const layer of below) layer.setVisible(false);
  return view;
}

/** Draws `layers` once into chunk textures and returns the images that show them (empty chunks left out). */
function bake(scene: Phaser.Scene, group: string, layers: Phaser.Tilemaps.TilemapLayer[], view: MapView, depth: number): Phaser.GameObjects.Image[] {
  if (!layers.length) return [];
  const { map } = view;
  const maxTexture = (scene.game.renderer as Phaser.Renderer.WebGL.WebGLRenderer).getMaxTextureSize?.() ?? CHUNK_PX;
  // Whole tiles per chunk, so no tile is split between two textures.
  const tilesX = Math.max(1, Math.floor(Math.min(CHUNK_PX, maxTexture) / map.tileWidth));
  const tilesY = Math.max(1, Math.floor(Math.min(CHUNK_PX, maxTexture) / map.tileHeight));
  const images: Phaser.GameObjects.Image[] = [];
  for (let ty = 0; ty < map.height; ty += tilesY) {
    for (let tx = 0; tx < map.width; tx += tilesX) {
      const w = Math.min(tilesX, map.width - tx);
      const h = Math.min(tilesY, map.height - ty);
      if (!layers.some((l) => l.getTilesWithin(tx, ty, w, h, { isNotEmpty: true }).length)) continue;
      const key = `map-baked-${group}-${tx}-${ty}`;
      if (scene.textures.exists(key)) scene.textures.remove(key);
      const texture = scene.textures.addDynamicTexture(key, w * map.tileWidth, h * map.tileHeight, false);
      if (!texture) continue;
      // Crisp pixel art, as the tilesets. Before drawing: Phaser sets a filter by uploading the
      // texture's pixels again, which would wipe what was drawn into it.
      texture.setFilter(Phaser.Textures.FilterMode.NEAREST);
      // The texture's own camera looks at this chunk of the map; the layers draw as they would on screen.
      texture.camera.setScroll(tx * map.tileWidth, ty * map.tileHeight);
      for (const layer of layers) texture.draw(layer);
      texture.render();
      images.push(scene.add.image(tx * map.tileWidth, ty * map.tileHeight, key).setOrigin(0, 0).setDepth(depth));
    }
  }
  return images;
}
