/**
 * Injected events on the map: a ❗ badge at the event's place and, while it lasts, the circle of
 * its radius (the tiles within which people perceive it); an object's new state gets a 🔧 badge.
 * Town-wide announcements have no place and are not drawn (the feed lists them). Scheduled
 * events are drawn only once they start, so the map shows what people can perceive now (the
 * inject panel lists those waiting).
 */
import Phaser from 'phaser';
import type { Snapshot } from '../../../server/net/protocol';
import { DEPTH, screenScale, NAME_SCREEN_SCALE } from '../config';
import type { PlaceIndex } from './placeIndex';

type WorldEventView = Snapshot['events'][number];

const COLOUR = 0xff6b4a;

interface Marker {
  event: WorldEventView;
  ring: Phaser.GameObjects.Arc | null;
  badge: Phaser.GameObjects.Text;
  at: { x: number; y: number };
}

export class EventMarkers {
  private readonly markers = new Map<string, Marker>();
  private zoom = 1;

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly places: PlaceIndex,
    private readonly tile: { width: number; height: number },
  ) {}

  /** Draws the events under way at `step` (the next step to run) and removes the others. */
  sync(events: readonly WorldEventView[], step: number): void {
    const active = events.filter((e) => !e.townWide && e.step < step && e.expiresStep >= step - 1);
    const ids = new Set(active.map((e) => e.id));
    for (const [id, m] of this.markers) {
      if (ids.has(id)) continue;
      m.ring?.destroy();
      m.badge.destroy();
      this.markers.delete(id);
    }
    for (const event of active) {
      if (this.markers.has(event.id)) continue;
      const at = this.places.centreOf(event.address);
      if (!at) continue;
      const radius = event.radiusTiles ? (event.radiusTiles + 0.5) * this.tile.width : 0;
      const ring = radius ? this.scene.add.circle(at.x, at.y, radius, COLOUR, 0.12).setStrokeStyle(2, COLOUR, 0.8).setDepth(DEPTH.objectMarkers - 1) : null;
      const badge = this.scene.add
        .text(at.x, at.y, event.objectState ? '🔧' : '❗', { fontSize: '18px', backgroundColor: '#2b1410', padding: { x: 2, y: 1 } })
        .setOrigin(0.5, 0.5)
        .setDepth(DEPTH.objectMarkers + 1);
      this.markers.set(event.id, { event, ring, badge, at });
    }
    this.setZoom(this.zoom);
  }

  /** Keeps the badges a readable size on screen at any zoom. */
  setZoom(zoom: number): void {
    this.zoom = zoom;
    const s = screenScale(zoom, NAME_SCREEN_SCALE);
    for (const m of this.markers.values()) m.badge.setScale(s);
  }

  /** Ids of the events drawn, and where (map pixels). */
  drawn(): { id: string; x: number; y: number; radiusPx: number }[] {
    return [...this.markers.values()].map((m) => ({ id: m.event.id, x: m.at.x, y: m.at.y, radiusPx: m.ring?.radius ?? 0 }));
  }

  destroy(): void {
    for (const m of this.markers.values()) {
      m.ring?.destroy();
      m.badge.destroy();
    }
    this.markers.clear();
  }
}
