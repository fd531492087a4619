/**
 * `window.__hamlet`: a read-only window into the running page for browser tests and curious
 * developers (where each person is drawn, frames per second).
 */
import type Phaser from 'phaser';
import type { HamletApp } from './app';
import type { TownScene } from './scenes/Town';

export interface HamletDebugHook {
  ready: boolean;
  /** Canvas-pixel position where an agent is drawn. */
  agentOnScreen(id: string): { x: number; y: number } | null;
  /** Tile where an agent is drawn (fractional while walking). */
  agentTile(id: string): { x: number; y: number; moving: boolean } | null;
  agentIds(): string[];
  /** Names shown on the map with their boxes in canvas pixels (hidden ones left out). */
  nameBoxes(): { id: string; left: number; top: number; right: number; bottom: number }[];
  /** Addresses of the objects marked as in use. */
  markedObjects(): string[];
  /** Canvas-pixel position of an object's in-use marker. */
  markerOnScreen(address: string): { x: number; y: number } | null;
  /** Whether the whole-town view is on. */
  wholeTown(): boolean;
  fps(): number;
  step(): number | null;
  zoom(): number;
}

declare global {
  interface Window {
    __hamlet?: HamletDebugHook;
  }
}

export function exposeDebugHook(scene: TownScene, app: HamletApp): void {
  const game: Phaser.Game = scene.game;
  window.__hamlet = {
    ready: true,
    agentOnScreen: (id) => scene.agentOnScreen(id),
    agentTile: (id) => scene.agentTile(id),
    agentIds: () => [...scene.agents.keys()],
    nameBoxes: () => scene.nameBoxes(),
    markedObjects: () => scene.markedObjects(),
    markerOnScreen: (address) => scene.markerOnScreen(address),
    wholeTown: () => scene.showingWholeTown,
    fps: () => game.loop.actualFps,
    step: () => app.client.state?.status.step ?? null,
    zoom: () => scene.cameras.main.zoom,
  };
}
