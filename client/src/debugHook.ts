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
    fps: () => game.loop.actualFps,
    step: () => app.client.state?.status.step ?? null,
    zoom: () => scene.cameras.main.zoom,
  };
}
