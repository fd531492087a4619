/**
 * The town: the tilemap and its people, moved by the server's step messages. Walks are drawn
 * over one step's duration at the current speed, so people glide from tile to tile. People
 * sharing a tile stand side by side; names and emoji keep out of each other's way and keep a
 * readable size at any zoom; objects in use carry a small dot. The first view shows a useful
 * part of the town, and "Whole town" (F) shows all of it.
 */
import Phaser from 'phaser';
import type { StepMessage } from '../../../server/net/protocol';
import type { HamletApp } from '../app';
import { DECLUTTER_BELOW_ZOOM, MAX_WALK_MS, SCENES, TEXTURES } from '../config';
import type { TownState } from '../state/townState';
import { AgentSprite } from '../town/agentSprite';
import { installCameraControls, worldToScreen, ZOOM_STEP } from '../town/cameraControls';
import { fanOutByTile } from '../town/fanOut';
import { layoutLabels, type LabelRequest } from '../town/labelLayout';
import { EventMarkers } from '../town/eventMarkers';
import { FrameGate } from '../town/frameGate';
import { buildMapView, type MapView } from '../town/mapView';
import { ObjectMarkers } from '../town/objectMarkers';
import { PlaceIndex, roomAddress } from '../town/placeIndex';
import { TownCamera } from '../town/townCamera';
import { placeName } from '../ui/format';
import { mountMapControls, type MapControls } from '../ui/mapControls';
import { mountMapTooltip, type MapTooltip } from '../ui/mapTooltip';
import { exposeDebugHook } from '../debugHook';

const BUBBLE_GAP_PX = 2;
/** Room between names (and emoji) on screen. */
const LABEL_GAP_PX = 1;
/** Zooming out, a name or emoji may move this often to find room before it is hidden. */
const DECLUTTER_MOVES = 1;
/**
 * After a selection the camera keeps the person centred this long: the inspector opening
 * narrows the canvas, which Phaser notices up to half a second later.
 */
const CENTRE_WINDOW_MS = 1_500;

export class TownScene extends Phaser.Scene {
  readonly agents = new Map<string, AgentSprite>();
  private mapView!: MapView;
  private mapKey = '';
  private markers!: ObjectMarkers;
  private eventMarkers!: EventMarkers;
  private controls!: MapControls;
  private tooltip!: MapTooltip;
  private appliedZoom = 0;
  private lastFrame = 0;
  private hovered: string | null = null;
  private pointer: { wx: number; wy: number; sx: number; sy: number } | null = null;
  private view!: TownCamera;
  /** Until when a new selection is kept in the middle of the view (the canvas may still narrow). */
  private centreUntil = 0;
  /** The canvas size last frame: a change (the inspector opening or closing) refits the whole-town view. */
  private canvasSize = { width: 0, height: 0 };
  /** Frames are drawn only while the town may look different (see FrameGate). */
  private gate!: FrameGate;
  /** People built so far (a sprite and its texts each); a snapshot moves those already drawn. */
  peopleBuilt = 0;
  /** The camera as last drawn: a change means another frame. */
  private lastView = { x: 0, y: 0, zoom: 0 };

  constructor(private readonly app: HamletApp) {
    super(SCENES.town);
  }

  create(): void {
    const state = this.app.client.state!;
    this.keepPixelArtCrisp(state);
    this.mapView = buildMapView(this, state.map);
    this.mapKey = mapIdentity(state);
    const places = new PlaceIndex(this.cache.tilemap.get(TEXTURES.map)?.data as { layers?: unknown } | undefined);
    this.app.places = places;
    this.markers = new ObjectMarkers(this, places, { width: state.map.tileWidth, height: state.map.tileHeight });
    this.eventMarkers = new EventMarkers(this, places, { width: state.map.tileWidth, height: state.map.tileHeight });
    this.populate(state);

    const camera = this.cameras.main;
    camera.setRoundPixels(true);
    this.view = new TownCamera(camera, this.mapView, (on) => this.controls?.setWholeTown(on));
    this.view.open(this.people());

    installCameraControls(this, {
      onDragStart: () => {
        this.centreUntil = 0;
        this.view.userTookOver();
        this.app.follow(false);
      },
      onWheel: () => {
        this.centreUntil = 0;
        this.view.userTookOver();
      },
      onClick: (wx, wy) => {
        // The inject panel is waiting for a place: this click names one instead of selecting someone.
        const picker = this.app.placePicker;
        if (picker) return picker(places.placeAt(wx, wy));
        const id = this.agentAt(wx, wy);
        if (id) this.app.select(id);
      },
      onHover: (wx, wy, sx, sy) => {
        this.pointer = { wx, wy, sx, sy };
        this.refreshHover();
      },
      onLeave: () => {
        this.pointer = null;
        this.refreshHover();
      },
      minZoom: () => this.view.minZoom(),
    });
    this.tooltip = mountMapTooltip();
    this.controls = mountMapControls({
      zoomIn: () => this.view.zoomBy(ZOOM_STEP * ZOOM_STEP),
      zoomOut: () => this.view.zoomBy(1 / (ZOOM_STEP * ZOOM_STEP)),
      toggleWholeTown: () => {
        this.app.follow(false);
        this.view.toggleWholeTown();
      },
      deselect: () => this.app.select(null),
    });

    this.gate = new FrameGate(this.game, this.game.canvas.parentElement);
    const wake = () => this.gate.wake();
    const subscriptions = [
      // Anything the town says may change the map (status: paused or playing changes the dots' breathing).
      ...(['step', 'snapshot', 'status', 'role', 'connection'] as const).map((event) => this.app.client.on(event, wake)),
      this.app.onSelect(wake),
      this.app.onFollow(wake),
      this.app.onFocus(wake),
      this.app.client.on('step', (delta, s) => this.onStep(delta, s)),
      this.app.client.on('snapshot', (s) => {
        // Another map (the server restarted with a new town): start over with its art.
        if (mapIdentity(s) !== this.mapKey) return window.location.reload();
        this.populate(s);
      }),
      this.app.onSelect((id) => {
        for (const [agentId, sprite] of this.agents) sprite.setSelected(agentId === id);
        if (this.app.isFollowing) this.followSelected();
        // The inspector opens for them: glide so they stand in the middle of the (narrowed) map.
        this.centreUntil = id ? performance.now() + CENTRE_WINDOW_MS : 0;
      }),
      this.app.onFocus((focus) => {
        const at = 'agentId' in focus ? this.agents.get(focus.agentId) : places.centreOf(focus.place);
        if (!at) return;
        this.app.follow(false);
        this.view.userTookOver();
        this.view.centreOn(at.x, at.y);
      }),
      this.app.onFollow((on) => {
        if (on) this.view.userTookOver();
        this.followSelected();
      }),
    ];
    this.events.once('shutdown', () => {
      subscriptions.forEach((off) => off());
      this.gate.destroy();
      this.controls.destroy();
      this.tooltip.destroy();
      this.markers.destroy();
      this.eventMarkers.destroy();
    });
    exposeDebugHook(this, this.app);
  }

  override update(): void {
    const now = performance.now();
    const dt = this.lastFrame ? Math.min(100, now - this.lastFrame) : 0;
    this.lastFrame = now;
    const zoom = this.cameras.main.zoom;
    if (zoom !== this.appliedZoom) {
      this.appliedZoom = zoom;
      for (const sprite of this.agents.values()) sprite.setZoom(zoom);
      this.markers.setZoom(zoom);
      this.eventMarkers.setZoom(zoom);
    }
    this.fanOut();
    for (const sprite of this.agents.values()) sprite.update(now);
    this.arrangeTexts(dt);
    this.separateBubbles();
    for (const sprite of this.agents.values()) sprite.drawTail();
    this.refitOnResize();
    this.centreSelected(now);
    this.view.keepMapInView();
    this.reportToGate(now);
  }

  /**
   * Tells the frame gate whether the next frame would look different: people walking or easing,
   * the camera moving, a selection being centred, the dots of objects in use breathing (only
   * while the town plays: a paused town holds still, and draws nothing until something changes),
   * and when the next speech bubble goes.
   */
  private reportToGate(now: number): void {
    const c = this.cameras.main;
    const cameraMoved = c.scrollX !== this.lastView.x || c.scrollY !== this.lastView.y || c.zoom !== this.lastView.zoom;
    this.lastView = { x: c.scrollX, y: c.scrollY, zoom: c.zoom };
    const paused = this.app.client.state?.status.paused ?? true;
    let animating = cameraMoved || c.panEffect.isRunning || c.zoomEffect.isRunning || now <= this.centreUntil || (this.markers.showing && !paused);
    let nextAt = Infinity;
    for (const sprite of this.agents.values()) {
      animating ||= sprite.animating;
      nextAt = Math.min(nextAt, sprite.bubbleEndsAt);
    }
    this.gate.report(animating, nextAt);
  }

  /** Draws the next frames (after a change the gate cannot see, such as the debug hook's). */
  redraw(): void {
    this.gate.wake();
  }

  /** Frames drawn so far (frames with nothing new are skipped). */
  get framesDrawn(): number {
    return this.gate.framesDrawn;
  }

  /** The canvas changed size (the inspector opened or closed, the window resized): the whole-town view fits it again. */
  private refitOnResize(): void {
    const { width, height } = this.cameras.main;
    if (width === this.canvasSize.width && height === this.canvasSize.height) return;
    const first = this.canvasSize.width === 0;
    this.canvasSize = { width, height };
    if (!first) this.view.resized();
  }

  /**
   * Shortly after a selection, keeps the person in the middle of the view: once at once, and
   * again when the canvas narrows for the inspector. In the whole-town view everyone is in
   * sight already, and following centres them anyway.
   */
  private centreSelected(now: number): void {
    if (now > this.centreUntil) return;
    const sprite = this.app.selection ? this.agents.get(this.app.selection) : undefined;
    if (!sprite || this.app.isFollowing || this.view.showingWholeTown) return;
    this.view.centreOn(sprite.x, sprite.y);
  }

  /** People settled on the same tile stand side by side (in id order). */
  private fanOut(): void {
    const { tileWidth } = this.app.client.state!.map;
    const people = [...this.agents.values()].map((s) => ({ id: s.id, tileX: s.tileX, tileY: s.tileY, settled: !s.moving && !s.movedLastStep }));
    const offsets = fanOutByTile(people, tileWidth);
    for (const sprite of this.agents.values()) {
      const o = offsets.get(sprite.id);
      sprite.setFanTarget(o?.x ?? 0, o?.y ?? 0);
    }
  }

  /**
   * Lays out emoji (moving up) and then names (moving down, clear of the emoji) so none overlap.
   * The selected person and the one under the mouse go first; zoomed out, texts that find no
   * room nearby are hidden rather than piled up.
   */
  private arrangeTexts(dt: number): void {
    const zoom = this.cameras.main.zoom;
    const gap = LABEL_GAP_PX / zoom;
    const moves = zoom < DECLUTTER_BELOW_ZOOM ? DECLUTTER_MOVES : Infinity;
    const first = (id: string) => (id === this.app.selection ? 0 : id === this.hovered ? 1 : 2);
    const order = (a: LabelRequest, b: LabelRequest, by: (r: LabelRequest) => number) => first(a.id) - first(b.id) || by(a) - by(b) || a.id.localeCompare(b.id);
    const sprites = [...this.agents.values()];
    const keep = (r: LabelRequest): LabelRequest => (first(r.id) < 2 ? { ...r, keep: true } : r);
    // Emoji of people lower on the map stay put; those above them move up.
    const emojiRequests = sprites.map((s) => keep(s.emojiRequest())).sort((a, b) => order(a, b, (r) => -r.top));
    const emoji = layoutLabels(emojiRequests, -1, gap, moves);
    const nameRequests = sprites.map((s) => keep(s.nameRequest())).sort((a, b) => order(a, b, (r) => r.top));
    const names = layoutLabels(nameRequests, 1, gap, moves, emoji.boxes);
    for (const sprite of sprites) {
      sprite.arrangeTexts(names.placements.get(sprite.id)!, emoji.placements.get(sprite.id)!);
      sprite.placeTexts(dt);
    }
  }

  /** People talking side by side: stack their bubbles instead of drawing one over the other. */
  private separateBubbles(): void {
    const gap = BUBBLE_GAP_PX / this.cameras.main.zoom;
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
            bottom = p.top - gap;
            moved = true;
          }
        }
      }
      if (bottom !== box.bottom) sprite.raiseBubble(bottom);
      placed.push({ left: box.left, right: box.right, top: bottom - box.height, bottom });
    }
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

  /** The tile position an agent is drawn at (fractional while walking or standing aside on a shared tile). */
  agentTile(id: string): { x: number; y: number; moving: boolean } | null {
    const sprite = this.agents.get(id);
    if (!sprite) return null;
    const { tileWidth, tileHeight } = this.app.client.state!.map;
    return { x: sprite.x / tileWidth - 0.5, y: sprite.y / tileHeight - 0.5, moving: sprite.moving };
  }

  /** The names shown on the map and their boxes, in canvas pixels. */
  nameBoxes(): { id: string; left: number; top: number; right: number; bottom: number }[] {
    const camera = this.cameras.main;
    return [...this.agents.values()].flatMap((sprite) => {
      const box = sprite.nameBox();
      if (!box) return [];
      const a = worldToScreen(camera, box.left, box.top);
      const b = worldToScreen(camera, box.right, box.bottom);
      return [{ id: sprite.id, left: a.x, top: a.y, right: b.x, bottom: b.y }];
    });
  }

  /** The body's box as drawn, in canvas pixels, and whether it lies down (asleep). */
  agentBody(id: string): { left: number; top: number; right: number; bottom: number; lyingDown: boolean } | null {
    const sprite = this.agents.get(id);
    if (!sprite) return null;
    const box = sprite.bodyBox();
    const a = worldToScreen(this.cameras.main, box.left, box.top);
    const b = worldToScreen(this.cameras.main, box.right, box.bottom);
    return { left: a.x, top: a.y, right: b.x, bottom: b.y, lyingDown: sprite.lyingDown };
  }

  /** Draws people's bodies or not (browser tests compare the two renders). */
  drawBodies(on: boolean): void {
    for (const sprite of this.agents.values()) sprite.drawBodyFor(this.cameras.main, on);
    this.gate.wake();
  }

  /** The world point under a canvas pixel. */
  worldAt(sx: number, sy: number): { x: number; y: number } {
    const p = this.cameras.main.getWorldPoint(sx, sy);
    return { x: p.x, y: p.y };
  }

  /** Addresses of the objects marked as in use. */
  markedObjects(): string[] {
    return this.markers.addresses();
  }

  /** Where an object's in-use marker is drawn, in canvas pixels (null when not marked). */
  markerOnScreen(address: string): { x: number; y: number } | null {
    const at = this.markers.markerAt(address);
    return at ? worldToScreen(this.cameras.main, at.x, at.y) : null;
  }

  /** Injected events drawn on the map (map pixels) and where their badge is on the canvas. */
  eventsDrawn(): { id: string; x: number; y: number; radiusPx: number; screen: { x: number; y: number } }[] {
    return this.eventMarkers.drawn().map((e) => ({ ...e, screen: worldToScreen(this.cameras.main, e.x, e.y) }));
  }

  /** How the map's layers are drawn, and how many baked chunks show them. */
  mapLayers(): { mode: string; chunks: number } {
    return { mode: this.mapView.mode, chunks: this.mapView.chunks.length };
  }

  /** The map pixel in the middle of the view. */
  viewCentre(): { x: number; y: number } {
    const c = this.cameras.main;
    return { x: c.scrollX + c.width / 2, y: c.scrollY + c.height / 2 };
  }

  /** Whether the whole-town view is on (the button offers "Back"). */
  get showingWholeTown(): boolean {
    return this.view.showingWholeTown;
  }

  /** Everyone, for the opening view (awake people count double there). */
  private people(): { x: number; y: number; awake: boolean }[] {
    const state = this.app.client.state!;
    return [...this.agents.values()].map((s) => ({ x: s.x, y: s.y, awake: !state.agents.get(s.id)?.sleeping }));
  }

  /**
   * Shows the town as a snapshot has it (the first one, a seek in a replay, a resync). People
   * already drawn are moved there rather than built anew: each has a sprite and three texts whose
   * textures take time to make, ≈ 50 ms for 25 people with software WebGL, on every seek.
   */
  private populate(state: TownState): void {
    for (const [id, sprite] of this.agents) {
      const view = state.agents.get(id);
      if (view && view.name === sprite.name && view.sprite === sprite.sheetIndex) continue;
      sprite.destroy();
      this.agents.delete(id);
    }
    const texture = this.textures.get(TEXTURES.characters);
    const frameHeight = state.map.characters.frameHeight;
    const rows = Math.max(1, Math.floor(texture.source[0].height / frameHeight));
    const tile = { width: state.map.tileWidth, height: state.map.tileHeight };
    for (const view of state.agents.values()) {
      const kept = this.agents.get(view.id);
      if (kept) {
        kept.reset(view);
        continue;
      }
      const sprite = new AgentSprite(this, view, tile, rows);
      this.peopleBuilt++;
      sprite.setSelected(view.id === this.app.selection);
      sprite.setZoom(this.cameras.main.zoom);
      this.agents.set(view.id, sprite);
    }
    // Lines said in conversations under way show again after a reconnect.
    const now = performance.now();
    for (const c of state.conversations.values()) {
      const last = c.lines[c.lines.length - 1];
      if (last) this.agents.get(last.speaker)?.say(last.text, now);
    }
    this.markers.sync(state.objects);
    this.eventMarkers.sync(state.events, state.step);
    if (this.app.isFollowing) this.followSelected();
  }

  private onStep(delta: StepMessage, state: TownState): void {
    const now = performance.now();
    const walkMs = Math.min(MAX_WALK_MS, 1000 / Math.max(0.01, state.status.speed));
    const moved = new Set<string>();
    for (const d of delta.agents ?? []) {
      const sprite = this.agents.get(d.id);
      const view = state.agents.get(d.id);
      if (!sprite || !view) continue;
      if (d.facing !== undefined) sprite.setFacing(d.facing);
      if (d.x !== undefined || d.y !== undefined) {
        sprite.moveTo(view.x, view.y, now, walkMs);
        moved.add(d.id);
      }
      if (d.action !== undefined) sprite.setEmoji(d.action.emoji);
      if (d.sleeping !== undefined) sprite.setSleeping(d.sleeping);
    }
    for (const sprite of this.agents.values()) sprite.movedLastStep = moved.has(sprite.id);
    for (const chat of delta.chats ?? []) this.agents.get(chat.speaker)?.say(chat.text, now);
    if (delta.objects?.length) this.markers.sync(state.objects);
    this.eventMarkers.sync(state.events, state.step);
    this.refreshHover();
  }

  /** The tooltip and highlight for what is under the mouse: an object's dot, a person, else an object in use. */
  private refreshHover(): void {
    if (this.pointer) {
      // The camera may have moved under a still mouse (following someone, a flight).
      const world = this.cameras.main.getWorldPoint(this.pointer.sx, this.pointer.sy);
      this.pointer = { ...this.pointer, wx: world.x, wy: world.y };
    }
    const p = this.pointer;
    const dot = p ? this.markers.dotAt(p.wx, p.wy) : null;
    const id = p && !dot ? this.agentAt(p.wx, p.wy) : null;
    this.hovered = id;
    this.game.canvas.style.cursor = id ? 'pointer' : '';
    if (!p) return this.tooltip.hide();
    const state = this.app.client.state;
    const agent = id ? state?.agents.get(id) : undefined;
    if (agent) {
      const doing = agent.sleeping ? '😴 asleep' : `${agent.action.emoji} ${agent.action.description}`;
      return this.tooltip.show(p.sx, p.sy, [agent.name, doing, ...(agent.conversationId ? ['💬 in a conversation'] : [])]);
    }
    const busy = dot ?? this.markers.objectAt(p.wx, p.wy);
    if (busy) return this.tooltip.show(p.sx, p.sy, [`${busy.name}: ${busy.state}`, placeName(roomAddress(busy.address))]);
    this.tooltip.hide();
  }

  private followSelected(): void {
    const camera = this.cameras.main;
    const sprite = this.app.selection ? this.agents.get(this.app.selection) : undefined;
    if (this.app.isFollowing && sprite) camera.startFollow(sprite.target, true, 0.12, 0.12);
    else camera.stopFollow();
  }

  /**
   * The game runs with smooth (linear) filtering so text stays readable at any size; the pixel
   * art (tilesets, characters) is switched back to crisp nearest-neighbour sampling.
   */
  private keepPixelArtCrisp(state: TownState): void {
    const keys = [TEXTURES.characters, ...state.map.tilesets.map((_, i) => TEXTURES.tileset(i))];
    for (const key of keys) if (this.textures.exists(key)) this.textures.get(key).setFilter(Phaser.Textures.FilterMode.NEAREST);
  }
}

function mapIdentity(state: TownState): string {
  return `${state.sim.world}|${state.map.width}x${state.map.height}|${state.map.url}`;
}
