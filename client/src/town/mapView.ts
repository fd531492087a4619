/**
 * Draws the Tiled map: every tile layer in file order except `collision`; layers marked `above`
 * go over the characters. Layers the server did not describe are still drawn (below the people),
 * and a layer Phaser cannot build is skipped with a console warning instead of breaking the page.
 */
import Phaser from 'phaser';
import type { MapAssets } from '../../../server/net/protocol';
import { DEPTH, TEXTURES } from '../config';
import { tiledProperty } from './placeIndex';

const GPU_LAYERS_BY_DEFAULT = false;

export interface MapView {
  map: Phaser.Tilemaps.Tilemap;
  widthPx: number;
  heightPx: number;
  layers: (Phaser.Tilemaps.TilemapLayer | Phaser.Tilemaps.TilemapGPULayer)[];
}

export function buildMapView(scene: Phaser.Scene, assets: MapAssets): MapView {
  const map = scene.make.tilemap({ key: TEXTURES.map });
  const tilesets: Phaser.Tilemaps.Tileset[] = [];
  map.tilesets.forEach((ts, i) => {
    const added = scene.textures.exists(TEXTURES.tileset(i)) ? map.addTilesetImage(ts.name, TEXTURES.tileset(i)) : null;
    if (added) tilesets.push(added);
  });
  const described = assets.layers;
  // The GPU layer draws a whole layer in one quad, but needs WebGL and a single tileset.
  const wanted = new URLSearchParams(window.location.search).get('layers');
  const gpu = wanted !== 'cpu' && tilesets.length === 1 && scene.game.renderer.type === Phaser.WEBGL && (wanted === 'gpu' || GPU_LAYERS_BY_DEFAULT);
  const layers: MapView['layers'] = [];
  map.layers.forEach((data, i) => {
    const shortName = data.name.split('/').pop() ?? data.name;
    if (shortName === 'collision') return;
    const known = described.find((l) => l.name === data.name) ?? described.find((l) => l.name === shortName);
    const above = known?.above ?? tiledProperty(data.properties, 'above') === true;
    try {
      const layer = (gpu ? map.createLayer(i, tilesets[0], 0, 0, true) : map.createLayer(i, tilesets, 0, 0)) as MapView['layers'][number] | null;
      if (!layer) return;
      layer.setDepth((above ? DEPTH.aboveLayer : DEPTH.layer) + i);
      layer.setVisible(known?.visible ?? data.visible);
      layers.push(layer);
    } catch (err) {
      console.warn(`hamlet: cannot draw map layer "${data.name}"`, err);
    }
  });
  return { map, widthPx: map.widthInPixels, heightPx: map.heightInPixels, layers };
}
