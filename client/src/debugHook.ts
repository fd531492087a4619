/**
 * `window.__hamlet`: a read-only window into the running page for browser tests and curious
 * developers (where each person is drawn, frames per second), and one switch for tests: drawing
 * the bodies or not, to compare renders.
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
  /** The body's box as drawn, in canvas pixels, and whether it lies down (asleep). */
  agentBody(id: string): { left: number; top: number; right: number; bottom: number; lyingDown: boolean } | null;
  /**
   * Draws people's bodies or not, without touching their visibility: tests compare the canvas
   * with and without them to see that each person is really drawn.
   */
  drawBodies(on: boolean): void;
  /** The world point (map pixels) under a canvas pixel. */
  worldAt(x: number, y: number): { x: number; y: number };
  /** The canvas size in pixels (the camera's view). */
  canvasSize(): { width: number; height: number };
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
    agentBody: (id) => scene.agentBody(id),
    drawBodies: (on) => scene.drawBodies(on),
    worldAt: (x, y) => scene.worldAt(x, y),
    canvasSize: () => ({ width: scene.cameras.main.width, height: scene.cameras.main.height }),
    nameBoxes: () => scene.nameBoxes(),
    markedObjects: () => scene.markedObjects(),
    markerOnScreen: (address) => scene.markerOnScreen(address),
    wholeTown: () => scene.showingWholeTown,
    fps: () => game.loop.actualFps,
    step: () => app.client.state?.status.step ?? null,
    zoom: () => scene.cameras.main.zoom,
  };
}
