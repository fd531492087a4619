/** Loads the map, its tileset images and the character sheet with a progress bar; draws stand-ins for missing images. */
import Phaser from 'phaser';
import type { HamletApp } from '../app';
import { LABEL_FONT, SCENES, TEXTURES } from '../config';
import { addFallbackCharacters, addFallbackTileset, type TilesetShape } from '../town/fallbackArt';

const BAR_WIDTH = 320;
const FALLBACK_CHARACTER_ROWS = 32;

export class PreloaderScene extends Phaser.Scene {
  private failed = new Set<string>();

  constructor(private readonly app: HamletApp) {
    super(SCENES.preloader);
  }

  preload(): void {
    const state = this.app.client.state!;
    const { width, height } = this.scale;
    const cx = width / 2;
    const cy = height / 2;
    this.add.text(cx, cy - 34, `Loading ${state.sim.world}…`, { fontFamily: LABEL_FONT, fontSize: '18px', color: '#e8ebf2' }).setOrigin(0.5);
    this.add.rectangle(cx, cy, BAR_WIDTH + 4, 18).setStrokeStyle(1, 0xe8ebf2);
    const bar = this.add.rectangle(cx - BAR_WIDTH / 2, cy, 2, 14, 0xffd54a).setOrigin(0, 0.5);
    const percent = this.add.text(cx, cy + 26, '0%', { fontFamily: LABEL_FONT, fontSize: '13px', color: '#9aa3b8' }).setOrigin(0.5);
    this.load.on('progress', (value: number) => {
      bar.width = Math.max(2, BAR_WIDTH * value);
      percent.setText(`${Math.round(value * 100)}%`);
    });
    this.load.on('loaderror', (file: Phaser.Loader.File) => {
      this.failed.add(file.key);
      console.warn(`hamlet: could not load ${file.src}; drawing a stand-in`);
    });

    const { map } = state;
    this.load.tilemapTiledJSON(TEXTURES.map, map.url);
    map.tilesets.forEach((ts, i) => {
      if (ts.url) this.load.image(TEXTURES.tileset(i), ts.url);
    });
    if (map.characters.url) {
      this.load.spritesheet(TEXTURES.characters, map.characters.url, { frameWidth: map.characters.frameWidth, frameHeight: map.characters.frameHeight });
    }
  }

  create(): void {
    const state = this.app.client.state!;
    const tiled = this.cache.tilemap.get(TEXTURES.map)?.data as { tilesets?: TilesetShape[] } | undefined;
    if (!tiled) {
      this.add
        .text(this.scale.width / 2, this.scale.height / 2 + 60, 'Could not load the map from the server.', { fontFamily: LABEL_FONT, fontSize: '15px', color: '#eb5757' })
        .setOrigin(0.5);
      return;
    }
    (tiled.tilesets ?? []).forEach((shape, i) => {
      if (!this.textures.exists(TEXTURES.tileset(i))) addFallbackTileset(this, TEXTURES.tileset(i), shape);
    });
    if (!this.textures.exists(TEXTURES.characters)) {
      const rows = Math.max(FALLBACK_CHARACTER_ROWS, ...[...state.agents.values()].map((a) => a.sprite + 1));
      addFallbackCharacters(this, TEXTURES.characters, rows, state.map.characters.frameWidth);
    }
    this.scene.start(SCENES.town);
  }
}
