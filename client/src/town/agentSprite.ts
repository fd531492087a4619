/**
 * One person on the map: an animated sprite that walks smoothly from tile to tile, their name,
 * the emoji of what they are doing, and a speech bubble while they talk.
 *
 * Where the body is drawn: the tile the server says, plus a small offset inside the tile when
 * others share it (set by the scene, eased so nobody jumps). Names and emoji keep a readable
 * on-screen size at any zoom; the scene lays them out so they do not overlap and tells each
 * sprite where its texts go (also eased).
 */
import Phaser from 'phaser';
import type { AgentView } from '../../../server/net/protocol';
import {
  BUBBLE_MIN_MS,
  BUBBLE_MS_PER_CHAR,
  DEPTH,
  EMOJI_FONT,
  EMOJI_SCREEN_SCALE,
  FAN_EASE_MS,
  LABEL_EASE_MS,
  LABEL_FONT,
  MAX_WALK_TILES,
  NAME_SCREEN_SCALE,
  screenScale,
  TEXTURES,
} from '../config';
import type { LabelRequest } from './labelLayout';

type Facing = AgentView['facing'];
const DIRECTIONS: Facing[] = ['down', 'left', 'right', 'up'];
const COLUMNS = 12;
const TEXT_RESOLUTION = 2;
/** Space between the emoji and the bubble above it (world px at zoom 1). */
const BUBBLE_LIFT_PX = 2;
/** Share of an emoji's box that must not overlap another's. */
const EMOJI_CORE = 0.7;
/** Asleep, the figure lies on its side: head to the left, like a person in bed seen from above. */
const SLEEP_ANGLE = -90;

/** Walking animation key for a sheet row and direction, created on first use. */
function walkAnimation(scene: Phaser.Scene, row: number, facing: Facing): string {
  const key = `walk-${row}-${facing}`;
  if (!scene.anims.exists(key)) {
    const first = row * COLUMNS + DIRECTIONS.indexOf(facing) * 3;
    scene.anims.create({
      key,
      frames: [0, 1, 2, 1].map((f) => ({ key: TEXTURES.characters, frame: first + f })),
      frameRate: 8,
      repeat: -1,
    });
  }
  return key;
}

/** Moves `value` towards `target` with time constant `tau` over `dt` ms (frame-rate independent). */
function ease(value: number, target: number, dt: number, tau: number): number {
  if (Math.abs(target - value) < 0.05) return target;
  return value + (target - value) * (1 - Math.exp(-dt / tau));
}

const EMOJI_STYLE: Phaser.Types.GameObjects.Text.TextStyle = { fontFamily: EMOJI_FONT, fontSize: '15px', padding: { x: 1, y: 1 } };

/**
 * The texture of an emoji drawn as an overlay text (twice its size, as names are), made once per
 * emoji and shared by everyone doing it. A text per person re-drawn its canvas and uploaded it at
 * every change of action: 25 of them took ≈ 12 ms of a replay seek and ≈ 10 ms of its first frame.
 */
function emojiTexture(scene: Phaser.Scene, emoji: string): string {
  const key = `emoji:${emoji}`;
  if (scene.textures.exists(key)) return key;
  const text = scene.make.text({ text: emoji, style: EMOJI_STYLE }, false).setResolution(TEXT_RESOLUTION);
  // A copy: the text's own canvas goes back to Phaser's pool with it.
  const canvas = document.createElement('canvas');
  canvas.width = text.canvas.width;
  canvas.height = text.canvas.height;
  canvas.getContext('2d')!.drawImage(text.canvas, 0, 0);
  text.destroy();
  scene.textures.addCanvas(key, canvas);
  return key;
}

/** A text over the map, rendered at twice its size and smoothed, so it stays sharp as it scales. */
function overlayText(scene: Phaser.Scene, text: string, style: Phaser.Types.GameObjects.Text.TextStyle): Phaser.GameObjects.Text {
  return scene.add.text(0, 0, text, style).setResolution(TEXT_RESOLUTION);
}

export class AgentSprite {
  readonly id: string;
  readonly name: string;
  private readonly sprite: Phaser.GameObjects.Sprite;
  private readonly label: Phaser.GameObjects.Text;
  /** What they are doing, as an emoji (a shared texture per emoji, drawn at twice its size). */
  private readonly emoji: Phaser.GameObjects.Image;
  private emojiShownText = '';
  private readonly bubble: Phaser.GameObjects.Text;
  private readonly ring: Phaser.GameObjects.Ellipse;
  /** The speech bubble's tail: a point under it, and a line to the speaker when it had to move up. */
  private readonly tail: Phaser.GameObjects.Graphics;
  private tailDrawn = false;
  private readonly row: number;
  /** The character sheet index the server gave (a different one needs a new sprite). */
  readonly sheetIndex: number;
  private facing: Facing;
  private sleeping: boolean;
  /** The walk between tile centres (world px). */
  private from = { x: 0, y: 0 };
  private to = { x: 0, y: 0 };
  private moveStart = 0;
  private moveMs = 0;
  /** Offset inside a shared tile: drawn now and wanted. */
  private fan = { x: 0, y: 0 };
  private fanTarget = { x: 0, y: 0 };
  /** Layout of the name and emoji: how far they moved to clear others, and whether shown. */
  private nameDy = 0;
  private nameDyTarget = 0;
  private nameShown = true;
  private emojiDy = 0;
  private emojiDyTarget = 0;
  private emojiShown = true;
  private bubbleUntil = 0;
  private lastUpdate = 0;
  /** After a reset: the next frame puts everything in its place at once instead of easing there. */
  private snap = false;
  /** The tile the server says they are on. */
  tileX: number;
  tileY: number;
  /** Whether the latest step moved them (walkers passing through do not push others aside). */
  movedLastStep = false;
  /** Where the body is drawn now (world pixels, feet-centre of the sprite frame). */
  x = 0;
  y = 0;
  /** Walking between tiles (the fan offset easing does not count). */
  moving = false;

  constructor(
    private readonly scene: Phaser.Scene,
    view: AgentView,
    private readonly tile: { width: number; height: number },
    sheetRows: number,
  ) {
    this.id = view.id;
    this.name = view.name;
    this.sheetIndex = view.sprite;
    this.row = ((view.sprite % sheetRows) + sheetRows) % sheetRows;
    this.facing = view.facing;
    this.sleeping = view.sleeping;
    this.tileX = view.x;
    this.tileY = view.y;
    this.x = this.to.x = this.from.x = (view.x + 0.5) * tile.width;
    this.y = this.to.y = this.from.y = (view.y + 0.5) * tile.height;
    this.ring = scene.add.ellipse(this.x, this.y, 28, 12, 0xffd54a, 0.85).setVisible(false);
    this.sprite = scene.add.sprite(this.x, this.y, TEXTURES.characters, this.standingFrame());
    this.label = overlayText(scene, view.name.split(' ')[0], { fontFamily: LABEL_FONT, fontSize: '11px', fontStyle: '600', color: '#ffffff', stroke: '#10131b', strokeThickness: 3 }).setOrigin(0.5, 0);
    this.emojiShownText = view.action.emoji;
    this.emoji = scene.add.image(0, 0, emojiTexture(scene, view.action.emoji)).setOrigin(0.5, 1);
    this.bubble = overlayText(scene, '', {
      fontFamily: LABEL_FONT,
      fontSize: '11px',
      color: '#1d2230',
      backgroundColor: '#fffdf5',
      padding: { x: 6, y: 4 },
      wordWrap: { width: 170, useAdvancedWrap: true },
    })
      .setOrigin(0.5, 1)
      .setVisible(false);
    this.tail = scene.add.graphics();
    this.setSleeping(view.sleeping);
    this.setZoom(1);
    this.placeBody();
    this.placeTexts();
  }

  /**
   * Shows the person as a fresh snapshot has them (a seek in a replay, a resync): placed on their
   * tile at once, with no walk, bubble or easing left over from before. Reusing the sprite keeps
   * its name and emoji textures: building 25 people anew took ≈ 50 ms of every seek.
   */
  reset(view: AgentView): void {
    this.tileX = view.x;
    this.tileY = view.y;
    this.x = this.to.x = this.from.x = (view.x + 0.5) * this.tile.width;
    this.y = this.to.y = this.from.y = (view.y + 0.5) * this.tile.height;
    this.moveMs = 0;
    this.moving = false;
    this.movedLastStep = false;
    this.fan = { x: 0, y: 0 };
    this.fanTarget = { x: 0, y: 0 };
    this.nameDy = this.nameDyTarget = this.emojiDy = this.emojiDyTarget = 0;
    this.nameShown = this.emojiShown = true;
    this.bubbleUntil = 0;
    this.bubble.setVisible(false);
    this.facing = view.facing;
    this.setEmoji(view.action.emoji);
    this.setSleeping(view.sleeping);
    this.sprite.stop();
    this.sprite.setFrame(this.standingFrame());
    this.placeBody();
    this.placeTexts();
    // After placeTexts, which uses the flag up: the next frame's layout is taken at once.
    this.snap = true;
  }

  /** The game object the camera follows. */
  get target(): Phaser.GameObjects.Sprite {
    return this.sprite;
  }

  /** The server moved the agent to (tx, ty): walk there over `walkMs` from wherever it is drawn now. */
  moveTo(tx: number, ty: number, now: number, walkMs: number): void {
    this.tileX = tx;
    this.tileY = ty;
    const x = (tx + 0.5) * this.tile.width;
    const y = (ty + 0.5) * this.tile.height;
    const here = this.pathPosition(now);
    const tiles = Math.abs(x - here.x) / this.tile.width + Math.abs(y - here.y) / this.tile.height;
    this.from = here;
    this.to = { x, y };
    this.moveStart = now;
    // A long jump only happens after a resync: place the agent rather than race across the map.
    this.moveMs = tiles > MAX_WALK_TILES ? 0 : walkMs;
  }

  /** Where to stand inside the tile (pixels from its centre); the sprite slides there. */
  setFanTarget(x: number, y: number): void {
    this.fanTarget = { x, y };
  }

  setFacing(facing: Facing): void {
    this.facing = facing;
  }

  setEmoji(emoji: string): void {
    if (emoji === this.emojiShownText) return;
    this.emojiShownText = emoji;
    this.emoji.setTexture(emojiTexture(this.scene, emoji));
  }

  /** Asleep, they lie down (the figure turned on its side, on their bed), a little faded. */
  setSleeping(sleeping: boolean): void {
    this.sleeping = sleeping;
    this.sprite.setAlpha(sleeping ? 0.75 : 1);
    this.sprite.setAngle(sleeping ? SLEEP_ANGLE : 0);
  }

  /**
   * Whether the main camera draws the body (for the browser tests' render without people). It
   * uses the camera's filter, not visibility, so a body that is not drawn stays not drawn.
   */
  drawBodyFor(camera: Phaser.Cameras.Scene2D.Camera, on: boolean): void {
    if (on) this.sprite.cameraFilter &= ~camera.id;
    else this.sprite.cameraFilter |= camera.id;
  }

  /** The body's box as drawn (world pixels). */
  bodyBox(): { left: number; right: number; top: number; bottom: number } {
    const b = this.sprite.getBounds();
    return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
  }

  /** Whether they are drawn lying down (asleep). */
  get lyingDown(): boolean {
    return this.sprite.angle !== 0;
  }

  say(text: string, now: number): void {
    this.bubble.setText(text).setVisible(true);
    this.bubbleUntil = now + Math.max(BUBBLE_MIN_MS, text.length * BUBBLE_MS_PER_CHAR);
  }

  setSelected(selected: boolean): void {
    this.ring.setVisible(selected);
  }

  /** Scales the texts for the camera's zoom, so they keep a readable size on screen. */
  setZoom(zoom: number): void {
    const name = screenScale(zoom, NAME_SCREEN_SCALE);
    this.label.setScale(name);
    this.bubble.setScale(name);
    // The texture is drawn at TEXT_RESOLUTION times its size, as the texts are.
    this.emoji.setScale(screenScale(zoom, EMOJI_SCREEN_SCALE) / TEXT_RESOLUTION);
  }

  /** Whether a world point falls on this person (their body, name or emoji); smaller is nearer. */
  hit(wx: number, wy: number): number | null {
    const dx = Math.abs(wx - this.x);
    const dy = wy - this.y;
    const onBody = dx <= this.tile.width * 0.4 && dy >= -this.tile.height * 0.6 && dy <= this.tile.height * 0.5;
    if (onBody) return dx * dx + dy * dy;
    for (const text of [this.label, this.emoji]) {
      if (!text.visible || text.alpha < 0.5) continue;
      const b = text.getBounds();
      if (wx >= b.left && wx <= b.right && wy >= b.top && wy <= b.bottom) return (this.tile.width * 0.5) ** 2 + dx * dx + dy * dy;
    }
    return null;
  }

  /** Moves the body for this frame: the walk, then the offset inside a shared tile. */
  update(now: number): void {
    const dt = this.lastUpdate ? Math.min(100, now - this.lastUpdate) : 0;
    this.lastUpdate = now;
    const path = this.pathPosition(now);
    this.moving = now - this.moveStart < this.moveMs;
    this.fan.x = this.snap ? this.fanTarget.x : ease(this.fan.x, this.fanTarget.x, dt, FAN_EASE_MS);
    this.fan.y = this.snap ? this.fanTarget.y : ease(this.fan.y, this.fanTarget.y, dt, FAN_EASE_MS);
    this.x = path.x + this.fan.x;
    this.y = path.y + this.fan.y;
    if (this.moving && !this.sleeping) this.sprite.play(walkAnimation(this.scene, this.row, this.facing), true);
    else if (this.sprite.anims.isPlaying || String(this.sprite.frame.name) !== String(this.standingFrame())) {
      this.sprite.stop();
      this.sprite.setFrame(this.standingFrame());
    }
    if (this.bubble.visible && now > this.bubbleUntil) this.bubble.setVisible(false);
    this.placeBody();
  }

  /** Whether the next frame draws them differently: walking, sliding aside, texts easing or fading. */
  get animating(): boolean {
    return (
      this.moving ||
      this.sprite.anims.isPlaying ||
      this.fan.x !== this.fanTarget.x ||
      this.fan.y !== this.fanTarget.y ||
      this.nameDy !== this.nameDyTarget ||
      this.emojiDy !== this.emojiDyTarget ||
      this.label.alpha !== (this.nameShown ? 1 : 0) ||
      this.emoji.alpha !== (this.emojiShown ? 1 : 0)
    );
  }

  /** When the speech bubble goes (performance.now() time; Infinity when none shows). */
  get bubbleEndsAt(): number {
    return this.bubble.visible ? this.bubbleUntil : Infinity;
  }

  /** Where the name would like to be this frame (under the feet). */
  nameRequest(): LabelRequest {
    return { id: this.id, x: this.x, top: this.y + this.tile.height * 0.45, width: this.label.displayWidth, height: this.label.displayHeight };
  }

  /**
   * Where the emoji would like to be this frame (over the head). Its box is its core only: emoji
   * of people side by side may touch, which reads better than one pushed up above the other.
   */
  emojiRequest(): LabelRequest {
    const h = this.emoji.displayHeight;
    const core = { width: this.emoji.displayWidth * EMOJI_CORE, height: h * EMOJI_CORE };
    return { id: this.id, x: this.x, top: this.y - this.tile.height * 0.45 - h + (h - core.height) / 2, ...core };
  }

  /** The layout's answer for this frame; texts glide to it and fade in or out. */
  arrangeTexts(name: { dy: number; visible: boolean }, emoji: { dy: number; visible: boolean }): void {
    // A text coming back into view starts where it belongs instead of sliding in from afar.
    if (name.visible && !this.nameShown && this.label.alpha < 0.05) this.nameDy = name.dy;
    if (emoji.visible && !this.emojiShown && this.emoji.alpha < 0.05) this.emojiDy = emoji.dy;
    this.nameDyTarget = name.dy;
    this.nameShown = name.visible;
    this.emojiDyTarget = emoji.dy;
    this.emojiShown = emoji.visible;
  }

  /** Eases the texts towards their layout and positions them (after `update`, every frame). */
  placeTexts(dt = 0): void {
    const zoom = this.scene.cameras.main.zoom;
    if (this.snap) {
      this.snap = false;
      this.nameDy = this.nameDyTarget;
      this.emojiDy = this.emojiDyTarget;
      dt = 0;
    }
    this.nameDy = ease(this.nameDy, this.nameDyTarget, dt, LABEL_EASE_MS);
    this.emojiDy = ease(this.emojiDy, this.emojiDyTarget, dt, LABEL_EASE_MS);
    this.label.setAlpha(ease(this.label.alpha, this.nameShown ? 1 : 0, dt, LABEL_EASE_MS));
    this.emoji.setAlpha(ease(this.emoji.alpha, this.emojiShown ? 1 : 0, dt, LABEL_EASE_MS));
    if (dt === 0) {
      this.label.setAlpha(this.nameShown ? 1 : 0);
      this.emoji.setAlpha(this.emojiShown ? 1 : 0);
    }
    const h = this.tile.height;
    const nameTop = this.y + h * 0.45 + this.nameDy;
    const emojiBottom = this.y - h * 0.45 + this.emojiDy;
    this.label.setPosition(this.x, nameTop).setDepth(DEPTH.labels + this.y);
    this.emoji.setPosition(this.x, emojiBottom).setDepth(DEPTH.labels + this.y + 0.5);
    const emojiTop = this.emoji.alpha > 0.5 ? emojiBottom - this.emoji.displayHeight : this.y - h * 0.45;
    this.bubble.setPosition(this.x, emojiTop - BUBBLE_LIFT_PX / zoom).setDepth(DEPTH.bubbles + this.y);
  }

  /** The name's box as drawn (world pixels), or null while hidden. */
  nameBox(): { left: number; right: number; top: number; bottom: number } | null {
    if (!this.label.visible || this.label.alpha < 0.5) return null;
    const b = this.label.getBounds();
    return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
  }

  /** The speech bubble's box when shown (world pixels; `bottom` is where its tail points). */
  bubbleBox(): { left: number; right: number; bottom: number; height: number } | null {
    if (!this.bubble.visible) return null;
    const w = this.bubble.displayWidth;
    return { left: this.bubble.x - w / 2, right: this.bubble.x + w / 2, bottom: this.bubble.y, height: this.bubble.displayHeight };
  }

  /** Moves the bubble up (to clear a neighbour's). */
  raiseBubble(bottom: number): void {
    this.bubble.setY(bottom);
  }

  /** Draws the bubble's tail once the bubbles are in place (every frame while one shows). */
  drawTail(): void {
    if (!this.bubble.visible) {
      if (this.tailDrawn) this.tail.clear();
      this.tailDrawn = false;
      return;
    }
    const k = this.bubble.scaleX; // world pixels per text pixel
    const bx = this.bubble.x;
    const by = this.bubble.y;
    const anchorY = this.emoji.alpha > 0.5 ? this.emoji.y - this.emoji.displayHeight : this.y - this.tile.height * 0.45;
    const tip = Math.min(anchorY, by + 7 * k);
    this.tail.clear().setDepth(DEPTH.bubbles + this.y - 0.5);
    if (anchorY - by > 10 * k) {
      // The bubble had to make room for a neighbour's: a line shows whose it is.
      this.tail.lineStyle(1.5 * k, 0xfffdf5, 0.9).lineBetween(bx, by, this.x, anchorY);
    }
    this.tail.fillStyle(0xfffdf5, 1).fillTriangle(bx - 5 * k, by - 0.5 * k, bx + 5 * k, by - 0.5 * k, bx + (this.x - bx) * 0.2, tip);
    this.tailDrawn = true;
  }

  destroy(): void {
    for (const o of [this.sprite, this.label, this.emoji, this.bubble, this.ring, this.tail]) o.destroy();
  }

  /** Where the walk has got to at `now` (tile-centre pixels, without the fan offset). */
  private pathPosition(now: number): { x: number; y: number } {
    const t = this.moveMs > 0 ? Math.min(1, Math.max(0, (now - this.moveStart) / this.moveMs)) : 1;
    return { x: this.from.x + (this.to.x - this.from.x) * t, y: this.from.y + (this.to.y - this.from.y) * t };
  }

  private standingFrame(): number {
    return this.row * COLUMNS + DIRECTIONS.indexOf(this.facing) * 3 + 1;
  }

  private placeBody(): void {
    const { x, y } = this;
    this.sprite.setPosition(x, y).setDepth(DEPTH.agents + y);
    this.ring.setPosition(x, y + this.tile.height * 0.38).setDepth(DEPTH.agents + y - 0.5);
  }
}
