/**
 * The views the camera takes: the first view (the whole town if it fits at a comfortable zoom,
 * else where most people are), "Whole town" and back (fitted again when the canvas changes size),
 * + / − zoom, centring on someone picked, and keeping the middle of the view over the map.
 */
import Phaser from 'phaser';
import { CAMERA_FLIGHT_MS, OPENING_MIN_ZOOM } from '../config';
import { MAX_ZOOM, MIN_ZOOM, zoomAbout } from './cameraControls';

/** The whole-town view leaves this much of the canvas as a margin. */
const WHOLE_TOWN_MARGIN = 0.96;
/** Someone this far from the middle of the view (screen pixels) counts as centred. */
const CENTRED_PX = 3;

export interface Person {
  x: number;
  y: number;
  /** Awake people count double when looking for the busiest spot. */
  awake: boolean;
}

/**
 * The centre of the view-sized window holding the most people (awake ones count double),
 * as the middle of those people; null when there is nobody.
 */
export function busiestSpot(people: readonly Person[], viewW: number, viewH: number): { x: number; y: number } | null {
  const weight = (p: Person) => (p.awake ? 2 : 1);
  let best: { x: number; y: number; score: number } | null = null;
  for (const centre of people) {
    // The people in a window a little smaller than the view, so they are not at its very edge.
    const inside = people.filter((o) => Math.abs(o.x - centre.x) < viewW * 0.4 && Math.abs(o.y - centre.y) < viewH * 0.4);
    const score = inside.reduce((sum, o) => sum + weight(o), 0);
    if (best && score <= best.score) continue;
    best = {
      x: inside.reduce((sum, o) => sum + o.x * weight(o), 0) / score,
      y: inside.reduce((sum, o) => sum + o.y * weight(o), 0) / score,
      score,
    };
  }
  return best;
}

export class TownCamera {
  /** The view before "Whole town", to go back to; null when not in the whole-town view. */
  private before: { x: number; y: number; zoom: number } | null = null;

  /**
   * `onWholeTown` hears when the whole-town view starts or ends (the button's label follows it).
   */
  constructor(
    private readonly camera: Phaser.Cameras.Scene2D.Camera,
    private readonly map: { widthPx: number; heightPx: number },
    private readonly onWholeTown: (on: boolean) => void,
  ) {}

  get showingWholeTown(): boolean {
    return this.before !== null;
  }

  /** The zoom at which the whole map fits the canvas (with a small margin). */
  wholeTownZoom(): number {
    return Math.min(this.camera.width / this.map.widthPx, this.camera.height / this.map.heightPx) * WHOLE_TOWN_MARGIN;
  }

  /** One may always zoom out far enough to see the whole town. */
  minZoom(): number {
    return Math.min(MIN_ZOOM, this.wholeTownZoom());
  }

  /**
   * The first view: the whole town when it fits at a comfortable zoom (in quarter steps, up to
   * MAX_ZOOM); otherwise that comfortable zoom, centred where most people are.
   */
  open(people: readonly Person[]): void {
    const fit = this.wholeTownZoom() / WHOLE_TOWN_MARGIN;
    const zoom = Phaser.Math.Clamp(Math.floor(fit * 4) / 4, OPENING_MIN_ZOOM, MAX_ZOOM);
    this.camera.setZoom(zoom);
    const viewW = this.camera.width / zoom;
    const viewH = this.camera.height / zoom;
    const fits = viewW >= this.map.widthPx && viewH >= this.map.heightPx;
    const spot = fits ? null : busiestSpot(people, viewW, viewH);
    const centre = this.centreInsideMap(spot?.x ?? this.map.widthPx / 2, spot?.y ?? this.map.heightPx / 2, zoom);
    this.camera.centerOn(centre.x, centre.y);
  }

  /** "Whole town" flies out to show all of it; pressed again ("Back"), flies back to where you were. */
  toggleWholeTown(): void {
    if (this.before) {
      const back = this.before;
      this.userTookOver();
      this.flyTo(back.x, back.y, back.zoom);
      return;
    }
    this.before = { x: this.camera.midPoint.x, y: this.camera.midPoint.y, zoom: this.camera.zoom };
    this.onWholeTown(true);
    this.flyTo(this.map.widthPx / 2, this.map.heightPx / 2, this.wholeTownZoom());
  }

  /** + / −: zoom about the middle of the view. */
  zoomBy(factor: number): void {
    this.userTookOver();
    const c = this.camera;
    zoomAbout(c, Phaser.Math.Clamp(c.zoom * factor, this.minZoom(), MAX_ZOOM), c.x + c.width / 2, c.y + c.height / 2);
  }

  /** The user moved the view (drag, wheel, zoom buttons): any flight stops, whole town ends. */
  userTookOver(): void {
    this.camera.panEffect.reset();
    this.camera.zoomEffect.reset();
    if (!this.before) return;
    this.before = null;
    this.onWholeTown(false);
  }

  /**
   * Glides so that (x, y) is in the middle of the view, unless it is there already or a glide
   * is under way (a glide ends centred on the current canvas, even if it narrowed meanwhile).
   */
  centreOn(x: number, y: number): void {
    const c = this.camera;
    if (c.panEffect.isRunning) return;
    const midX = c.scrollX + c.width / 2;
    const midY = c.scrollY + c.height / 2;
    if (Math.hypot(midX - x, midY - y) * c.zoom <= CENTRED_PX) return;
    c.pan(x, y, CAMERA_FLIGHT_MS, 'Sine.easeInOut', true);
  }

  /**
   * The canvas changed size. In the whole-town view the map is fitted to it again (opening the
   * inspector narrows the canvas: without this the map was cut off while the button said Back).
   */
  resized(): void {
    if (!this.before) return;
    this.camera.panEffect.reset();
    this.camera.zoomEffect.reset();
    this.camera.setZoom(this.wholeTownZoom());
    this.camera.centerOn(this.map.widthPx / 2, this.map.heightPx / 2);
  }

  /** Panning may go past the edge, but the middle of the view always stays over the map. */
  keepMapInView(): void {
    const c = this.camera;
    c.scrollX = Phaser.Math.Clamp(c.scrollX, -c.width / 2, this.map.widthPx - c.width / 2);
    c.scrollY = Phaser.Math.Clamp(c.scrollY, -c.height / 2, this.map.heightPx - c.height / 2);
  }

  private flyTo(x: number, y: number, zoom: number): void {
    this.camera.stopFollow();
    this.camera.pan(x, y, CAMERA_FLIGHT_MS, 'Sine.easeInOut', true);
    this.camera.zoomTo(zoom, CAMERA_FLIGHT_MS, 'Sine.easeInOut', true);
  }

  /** A view centre near (x, y) that keeps the view inside the map where the map is big enough (centred where it is not). */
  private centreInsideMap(x: number, y: number, zoom: number): { x: number; y: number } {
    const viewW = this.camera.width / zoom;
    const viewH = this.camera.height / zoom;
    const inside = (c: number, view: number, size: number) => (view >= size ? size / 2 : Phaser.Math.Clamp(c, view / 2, size - view / 2));
    return { x: inside(x, viewW, this.map.widthPx), y: inside(y, viewH, this.map.heightPx) };
  }
}
