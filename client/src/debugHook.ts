/**
 * `window.__hamlet`: a read-only window into the running page for browser tests and curious
 * developers (where each person is drawn, frames per second), and one switch for tests: drawing
 * the bodies or not, to compare renders.
 */
import Phaser from 'phaser';
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
  /** Injected events drawn on the map: id, place centre and radius in map pixels, badge on the canvas. */
  eventsDrawn(): { id: string; x: number; y: number; radiusPx: number; screen: { x: number; y: number } }[];
  /** The map pixel in the middle of the view. */
  viewCentre(): { x: number; y: number };
  /** Kinds of the `interview` messages this page received, in order (queued, thinking, text, …, done). */
  interviewMessages(): string[];
  /** The centre of a place (`sector:arena:object` or a prefix) in map pixels, from the page's place index. */
  placeCentre(key: string): { x: number; y: number } | null;
  fps(): number;
  /** How the map's layers are drawn ('baked' into cached chunks, 'tiles' one by one, 'gpu') and how many baked chunks show. */
  mapLayers(): { mode: string; chunks: number };
  /**
   * Resolves after the next frame Phaser draws (with `step`: the next one showing that step):
   * `rendered` when the page has issued the frame (Phaser's post-render), `finished` when the GPU
   * has carried it out (a one-pixel read waits for that); `performance.now()` times. The seek
   * benchmark times the slider's change to both.
   */
  nextFrame(step?: number): Promise<{ rendered: number; finished: number }>;
  /** When the latest snapshot was adopted: every panel and the map have taken it (`performance.now()`). */
  snapshotAt(): number;
  /** Draws the next frames even if nothing changed (the page draws only while something may have). */
  redraw(): void;
  /** Frames drawn so far (frames with nothing new are skipped). */
  framesDrawn(): number;
  /** People the map has built so far (a seek or resync moves those already drawn instead). */
  peopleBuilt(): number;
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
  const interviewKinds: string[] = [];
  app.client.on('interview', (m) => interviewKinds.push(m.kind));
  // Registered after every panel's and the scene's own listener: runs once they all have.
  let snapshotAt = 0;
  app.client.on('snapshot', () => (snapshotAt = performance.now()));
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
    eventsDrawn: () => scene.eventsDrawn(),
    viewCentre: () => scene.viewCentre(),
    interviewMessages: () => [...interviewKinds],
    placeCentre: (key) => app.places?.centreOf(key) ?? null,
    fps: () => game.loop.actualFps,
    mapLayers: () => scene.mapLayers(),
    nextFrame: (step) =>
      new Promise((resolve) => {
        const drawn = () => {
          if (step !== undefined && app.client.state?.status.step !== step) return;
          game.events.off(Phaser.Core.Events.POST_RENDER, drawn);
          const rendered = performance.now();
          const gl = (game.renderer as Phaser.Renderer.WebGL.WebGLRenderer).gl as WebGLRenderingContext | undefined;
          gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
          resolve({ rendered, finished: performance.now() });
        };
        game.events.on(Phaser.Core.Events.POST_RENDER, drawn);
      }),
    snapshotAt: () => snapshotAt,
    redraw: () => scene.redraw(),
    framesDrawn: () => scene.framesDrawn,
    peopleBuilt: () => scene.peopleBuilt,
    step: () => app.client.state?.status.step ?? null,
    zoom: () => scene.cameras.main.zoom,
  };
}
