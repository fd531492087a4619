/**
 * The town: the tilemap and its people, moved by the server's step messages. Walks are drawn
 * over one step's duration at the current speed, so people glide from tile to tile.
 */
import Phaser from 'phaser';
import type { StepMessage } from '../../../server/net/protocol';
import type { HamletApp } from '../app';
import { MAX_WALK_MS, SCENES, TEXTURES } from '../config';
import type { TownState } from '../state/townState';
import { AgentSprite } from '../town/agentSprite';
import { installCameraControls, MAX_ZOOM, worldToScreen } from '../town/cameraControls';
import { buildMapView, type MapView } from '../town/mapView';
import { exposeDebugHook } from '../debugHook';

const BUBBLE_GAP_PX = 2;

export class TownScene extends Phaser.Scene {
  readonly agents = new Map<string, AgentSprite>();
  private mapView!: MapView;
  private mapKey = '';

  constructor(private readonly app: HamletApp) {
    super(SCENES.town);
  }

  create(): void {
    const state = this.app.client.state!;
    this.mapView = buildMapView(this, state.map);
    this.mapKey = mapIdentity(state);
    this.populate(state);

    const camera = this.cameras.main;
    camera.setRoundPixels(true);
    this.fitCamera();

    installCameraControls(this, {
      onDragStart: () => this.app.follow(false),
      onClick: (wx, wy) => {
        const id = this.agentAt(wx, wy);
        if (id) this.app.select(id);
      },
    });

    const subscriptions = [
      this.app.client.on('step', (delta, s) => this.onStep(delta, s)),
      this.app.client.on('snapshot', (s) => {
        // Another map (the server restarted with a new town): start over with its art.
        if (mapIdentity(s) !== this.mapKey) return window.location.reload();
        this.populate(s);
      }),
      this.app.onSelect((id) => {
        for (const [agentId, sprite] of this.agents) sprite.setSelected(agentId === id);
        if (this.app.isFollowing) this.followSelected();
      }),
      this.app.onFollow(() => this.followSelected()),
    ];
    this.events.once('shutdown', () => subscriptions.forEach((off) => off()));
    exposeDebugHook(this, this.app);
  }

  override update(): void {
    const now = performance.now();
    for (const sprite of this.agents.values()) sprite.update(now);
    this.separateBubbles();
    this.keepMapInView();
  }

  /** People talking side by side: stack their bubbles instead of drawing one over the other. */
  private separateBubbles(): void {
    const boxes = [...this.agents.values()]
      .map((sprite) => ({ sprite, box: sprite.bubbleBox() }))
      .filter((b): b is { sprite: AgentSprite; box: NonNullable<ReturnType<AgentSprite['bubbleBox']>> } => b.box !== null)
      .sort((a, b) => b.box.bottom - a.box.bottom);
    const placed: { left: number; right: number; top: number; bottom: number }[] = [];
    for (const { sprite, box } of boxes) {
      let bottom = box.bottom;
      for (let moved = true, guard = 0; moved && guard < boxes.length; guard++) {
        moved = false;
        for (const p of placed) {
          const overlaps = box.left < p.right && box.right > p.left && bottom - box.height < p.bottom && bottom > p.top;
          if (overlaps) {
            bottom = p.top - BUBBLE_GAP_PX;
            moved = true;
          }
        }
      }
      if (bottom !== box.bottom) sprite.raiseBubble(bottom);
      placed.push({ left: box.left, right: box.right, top: bottom - box.height, bottom });
    }
  }

  /** Panning may go past the edge, but the middle of the view always stays over the map. */
  private keepMapInView(): void {
    const camera = this.cameras.main;
    const halfW = camera.width / 2;
    const halfH = camera.height / 2;
    camera.scrollX = Phaser.Math.Clamp(camera.scrollX, -halfW, this.mapView.widthPx - halfW);
    camera.scrollY = Phaser.Math.Clamp(camera.scrollY, -halfH, this.mapView.heightPx - halfH);
  }

  /** The agent drawn under a world point, nearest first. */
  agentAt(wx: number, wy: number): string | null {
    let best: { id: string; d: number } | null = null;
    for (const sprite of this.agents.values()) {
      const d = sprite.hit(wx, wy);
      if (d !== null && (!best || d < best.d)) best = { id: sprite.id, d };
    }
    return best?.id ?? null;
  }

  /** Where an agent is drawn, in canvas pixels. */
  agentOnScreen(id: string): { x: number; y: number } | null {
    const sprite = this.agents.get(id);
    return sprite ? worldToScreen(this.cameras.main, sprite.x, sprite.y) : null;
  }

  /** The tile an agent is drawn on (fractional while walking). */
  agentTile(id: string): { x: number; y: number; moving: boolean } | null {
    const sprite = this.agents.get(id);
    if (!sprite) return null;
    const { tileWidth, tileHeight } = this.app.client.state!.map;
    return { x: sprite.x / tileWidth - 0.5, y: sprite.y / tileHeight - 0.5, moving: sprite.moving };
  }

  private populate(state: TownState): void {
    for (const sprite of this.agents.values()) sprite.destroy();
    this.agents.clear();
    const texture = this.textures.get(TEXTURES.characters);
    const frameHeight = state.map.characters.frameHeight;
    const rows = Math.max(1, Math.floor(texture.source[0].height / frameHeight));
    const tile = { width: state.map.tileWidth, height: state.map.tileHeight };
    for (const view of state.agents.values()) {
      const sprite = new AgentSprite(this, view, tile, rows);
      sprite.setSelected(view.id === this.app.selection);
      this.agents.set(view.id, sprite);
    }
    // Lines said in conversations under way show again after a reconnect.
    const now = performance.now();
    for (const c of state.conversations.values()) {
      const last = c.lines[c.lines.length - 1];
      if (last) this.agents.get(last.speaker)?.say(last.text, now);
    }
    if (this.app.isFollowing) this.followSelected();
  }

  private onStep(delta: StepMessage, state: TownState): void {
    const now = performance.now();
    const walkMs = Math.min(MAX_WALK_MS, 1000 / Math.max(0.01, state.status.speed));
    for (const d of delta.agents ?? []) {
      const sprite = this.agents.get(d.id);
      const view = state.agents.get(d.id);
      if (!sprite || !view) continue;
      if (d.facing !== undefined) sprite.setFacing(d.facing);
      if (d.x !== undefined || d.y !== undefined) sprite.moveTo(view.x, view.y, now, walkMs);
      if (d.action !== undefined) sprite.setEmoji(d.action.emoji);
      if (d.sleeping !== undefined) sprite.setSleeping(d.sleeping);
    }
    for (const chat of delta.chats ?? []) this.agents.get(chat.speaker)?.say(chat.text, now);
  }

  private followSelected(): void {
    const camera = this.cameras.main;
    const sprite = this.app.selection ? this.agents.get(this.app.selection) : undefined;
    if (this.app.isFollowing && sprite) camera.startFollow(sprite.target, true, 0.12, 0.12);
    else camera.stopFollow();
  }

  /** Starts zoomed so the whole map fits, but never below 1:1 (names stay readable on big maps). */
  private fitCamera(): void {
    const camera = this.cameras.main;
    const fit = Math.min(camera.width / this.mapView.widthPx, camera.height / this.mapView.heightPx);
    const zoom = Phaser.Math.Clamp(Math.floor(fit * 4) / 4, 1, MAX_ZOOM);
    camera.setZoom(zoom);
    const viewW = camera.width / zoom;
    const viewH = camera.height / zoom;
    const { widthPx, heightPx } = this.mapView;
    const busiest = this.busiestSpot(viewW, viewH);
    // Keep the opening view inside the map where the map is big enough.
    const inside = (c: number, view: number, size: number) => (view >= size ? size / 2 : Phaser.Math.Clamp(c, view / 2, size - view / 2));
    camera.centerOn(inside(busiest?.x ?? widthPx / 2, viewW, widthPx), inside(busiest?.y ?? heightPx / 2, viewH, heightPx));
  }

  /** On a map bigger than the view, open where the most people are in sight (awake ones first). */
  private busiestSpot(viewW: number, viewH: number): { x: number; y: number } | null {
    if (viewW >= this.mapView.widthPx && viewH >= this.mapView.heightPx) return null;
    const sprites = [...this.agents.values()];
    const awake = new Set([...this.app.client.state!.agents.values()].filter((a) => !a.sleeping).map((a) => a.id));
    let best: { x: number; y: number; score: number } | null = null;
    for (const centre of sprites) {
      let score = 0;
      for (const other of sprites) {
        if (Math.abs(other.x - centre.x) < viewW * 0.4 && Math.abs(other.y - centre.y) < viewH * 0.4) score += awake.has(other.id) ? 2 : 1;
      }
      if (!best || score > best.score) best = { x: centre.x, y: centre.y, score };
    }
    return best;
  }
}

function mapIdentity(state: TownState): string {
  return `${state.sim.world}|${state.map.width}x${state.map.height}|${state.map.url}`;
}
