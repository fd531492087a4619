/** Drag to pan, wheel to zoom about the pointer, click to pick, hover to ask what is there. */
import Phaser from 'phaser';

const DRAG_THRESHOLD_PX = 5;
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 4;
/** One wheel notch (or one press of + / −) zooms by this factor. */
export const ZOOM_STEP = 1.15;

export interface CameraControlOptions {
  /** A click that was not a drag, in world coordinates. */
  onClick(worldX: number, worldY: number): void;
  /** The user started dragging the view (stops following). */
  onDragStart(): void;
  /** The user zoomed with the wheel (the view is theirs again). */
  onWheel?(): void;
  /** The pointer rests over the map (not dragging): world and canvas coordinates. */
  onHover?(worldX: number, worldY: number, canvasX: number, canvasY: number): void;
  /** The pointer left the map or started a drag. */
  onLeave?(): void;
  /** The smallest zoom allowed now (the whole map must fit); MIN_ZOOM when absent. */
  minZoom?(): number;
}

export function installCameraControls(scene: Phaser.Scene, options: CameraControlOptions): void {
  const camera = scene.cameras.main;
  let down: { x: number; y: number } | null = null;
  // Our own last position: several move events can arrive within one frame.
  let last = { x: 0, y: 0 };
  let dragging = false;

  scene.input.on('pointerdown', (pointer: Phaser.Input.Pointer) => {
    down = { x: pointer.x, y: pointer.y };
    last = { ...down };
    dragging = false;
  });
  scene.input.on('pointermove', (pointer: Phaser.Input.Pointer) => {
    if (!down || !pointer.isDown) {
      const world = camera.getWorldPoint(pointer.x, pointer.y);
      options.onHover?.(world.x, world.y, pointer.x, pointer.y);
      return;
    }
    if (!dragging && Math.hypot(pointer.x - down.x, pointer.y - down.y) > DRAG_THRESHOLD_PX) {
      dragging = true;
      options.onLeave?.();
      options.onDragStart();
    }
    if (dragging) {
      camera.scrollX -= (pointer.x - last.x) / camera.zoom;
      camera.scrollY -= (pointer.y - last.y) / camera.zoom;
    }
    last = { x: pointer.x, y: pointer.y };
  });
  scene.input.on('pointerup', (pointer: Phaser.Input.Pointer) => {
    if (down && !dragging) {
      const world = camera.getWorldPoint(pointer.x, pointer.y);
      options.onClick(world.x, world.y);
    }
    down = null;
    dragging = false;
  });
  scene.input.on('gameout', () => options.onLeave?.());
  scene.input.on('wheel', (pointer: Phaser.Input.Pointer, _objects: unknown, _dx: number, dy: number) => {
    options.onWheel?.();
    const zoom = Phaser.Math.Clamp(camera.zoom * (dy > 0 ? 1 / ZOOM_STEP : ZOOM_STEP), options.minZoom?.() ?? MIN_ZOOM, MAX_ZOOM);
    zoomAbout(camera, zoom, pointer.x, pointer.y);
  });
}

/** Sets the zoom keeping the world point under (sx, sy) where it is on screen. */
export function zoomAbout(camera: Phaser.Cameras.Scene2D.Camera, zoom: number, sx: number, sy: number): void {
  const w = camera.width * camera.originX;
  const h = camera.height * camera.originY;
  const wx = camera.scrollX + w + (sx - camera.x - w) / camera.zoom;
  const wy = camera.scrollY + h + (sy - camera.y - h) / camera.zoom;
  camera.setZoom(zoom);
  camera.scrollX = wx - w - (sx - camera.x - w) / zoom;
  camera.scrollY = wy - h - (sy - camera.y - h) / zoom;
}

/** Where a world point is drawn, in canvas pixels. */
export function worldToScreen(camera: Phaser.Cameras.Scene2D.Camera, wx: number, wy: number): { x: number; y: number } {
  const w = camera.width * camera.originX;
  const h = camera.height * camera.originY;
  return { x: camera.x + w + (wx - camera.scrollX - w) * camera.zoom, y: camera.y + h + (wy - camera.scrollY - h) * camera.zoom };
}
