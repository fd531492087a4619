/**
 * A small glowing dot on each object in use (a stove cooking, a shower running, a table where
 * someone eats), so the town shows what is happening even where nobody is labelled. Hovering an
 * object shows its state (the scene asks `objectAt`).
 */
import Phaser from 'phaser';
import { DEPTH, NAME_SCREEN_SCALE, screenScale } from '../config';
import type { PlaceIndex, PlacedObject } from './placeIndex';

const RADIUS_PX = 3.5;
const COLOUR = 0xffd54a;
const OUTLINE = 0x10131b;
/** How far around a marked object the pointer may be and still hit it (world px). */
const HIT_SLACK_PX = 4;

export interface BusyObject {
  address: string;
  name: string;
  state: string;
  box: PlacedObject['box'];
}

export class ObjectMarkers {
  private readonly markers = new Map<string, { dot: Phaser.GameObjects.Arc; busy: BusyObject }>();
  private readonly pulse: Phaser.Tweens.Tween;
  private scale = 1;

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly places: PlaceIndex,
    private readonly tile: { width: number; height: number },
  ) {
    // One shared breathing rhythm for every dot: alive, not flashing.
    const beat = { t: 0 };
    this.pulse = scene.tweens.add({
      targets: beat,
      t: 1,
      duration: 1_400,
      yoyo: true,
      repeat: -1,
      ease: 'Sine.easeInOut',
      onUpdate: () => {
        for (const { dot } of this.markers.values()) dot.setScale(this.scale * (0.85 + 0.3 * beat.t));
      },
    });
  }

  /** Shows a dot on every object whose state is not its idle one. */
  sync(states: Readonly<Record<string, string>>): void {
    const busy = new Set<string>();
    for (const [address, state] of Object.entries(states)) {
      const obj = this.places.object(address);
      if (!obj || state === obj.idleState) continue;
      busy.add(address);
      const existing = this.markers.get(address);
      if (existing) {
        existing.busy.state = state;
        continue;
      }
      const at = this.dotPosition(obj.box);
      const dot = this.scene.add.circle(at.x, at.y, RADIUS_PX, COLOUR, 1).setStrokeStyle(1.5, OUTLINE).setDepth(DEPTH.objectMarkers).setScale(this.scale);
      this.markers.set(address, { dot, busy: { address, name: obj.name, state, box: obj.box } });
    }
    for (const [address, marker] of this.markers) {
      if (busy.has(address)) continue;
      marker.dot.destroy();
      this.markers.delete(address);
    }
  }

  /** Keeps the dots the same size on screen as the camera zooms. */
  setZoom(zoom: number): void {
    this.scale = screenScale(zoom, NAME_SCREEN_SCALE);
    for (const { dot } of this.markers.values()) dot.setScale(this.scale);
  }

  /** The object whose dot is under a world point (the dot wins over a person standing there). */
  dotAt(wx: number, wy: number): BusyObject | null {
    for (const { dot, busy } of this.markers.values()) if (this.onDot(dot, wx, wy)) return busy;
    return null;
  }

  /** The object in use under a world point (its box or its dot), if any. */
  objectAt(wx: number, wy: number): BusyObject | null {
    const slack = HIT_SLACK_PX * Math.max(1, this.scale);
    let best: { busy: BusyObject; area: number } | null = null;
    for (const { dot, busy } of this.markers.values()) {
      const b = this.tileBox(busy.box);
      const onBox = wx >= b.x - slack && wx <= b.x + b.width + slack && wy >= b.y - slack && wy <= b.y + b.height + slack;
      // The smallest object wins (a stove on a kitchen counter's box, say).
      if ((onBox || this.onDot(dot, wx, wy)) && (!best || b.width * b.height < best.area)) best = { busy, area: b.width * b.height };
    }
    return best?.busy ?? null;
  }

  /** Whether any dot shows (they breathe: an animation). */
  get showing(): boolean {
    return this.markers.size > 0;
  }

  /** Addresses of the objects marked now. */
  addresses(): string[] {
    return [...this.markers.keys()];
  }

  /** Where an object's marker is (world pixels), or null when it is not marked. */
  markerAt(address: string): { x: number; y: number } | null {
    const dot = this.markers.get(address)?.dot;
    return dot ? { x: dot.x, y: dot.y } : null;
  }

  destroy(): void {
    this.pulse.remove();
    for (const { dot } of this.markers.values()) dot.destroy();
    this.markers.clear();
  }

  private onDot(dot: Phaser.GameObjects.Arc, wx: number, wy: number): boolean {
    return Math.hypot(wx - dot.x, wy - dot.y) <= (RADIUS_PX + HIT_SLACK_PX) * this.scale;
  }

  /** A point object covers the tile it falls in. */
  private tileBox(box: PlacedObject['box']): PlacedObject['box'] {
    if (box.width > 0 && box.height > 0) return box;
    const { width: tw, height: th } = this.tile;
    return { x: Math.floor(box.x / tw) * tw, y: Math.floor(box.y / th) * th, width: tw, height: th };
  }

  /** Top-right corner of the object, a little inside it. */
  private dotPosition(box: PlacedObject['box']): { x: number; y: number } {
    const b = this.tileBox(box);
    const inset = Math.min(6, b.width / 4, b.height / 4);
    return { x: b.x + b.width - inset, y: b.y + inset };
  }
}
