/**
 * One person on the map: an animated sprite that walks smoothly from tile to tile, their name,
 * the emoji of what they are doing, and a speech bubble while they talk.
 */
import Phaser from 'phaser';
import type { AgentView } from '../../../server/net/protocol';
import { BUBBLE_MIN_MS, BUBBLE_MS_PER_CHAR, DEPTH, EMOJI_FONT, LABEL_FONT, MAX_WALK_TILES, TEXTURES } from '../config';

type Facing = AgentView['facing'];
const DIRECTIONS: Facing[] = ['down', 'left', 'right', 'up'];
const COLUMNS = 12;
const TEXT_RESOLUTION = 2;

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

export class AgentSprite {
  readonly id: string;
  readonly name: string;
  private readonly sprite: Phaser.GameObjects.Sprite;
  private readonly label: Phaser.GameObjects.Text;
  private readonly emoji: Phaser.GameObjects.Text;
  private readonly bubble: Phaser.GameObjects.Text;
  private readonly ring: Phaser.GameObjects.Ellipse;
  private readonly row: number;
  private facing: Facing;
  private sleeping: boolean;
  private from = { x: 0, y: 0 };
  private to = { x: 0, y: 0 };
  private moveStart = 0;
  private moveMs = 0;
  private bubbleUntil = 0;
  /** Where the sprite is drawn now (world pixels, tile centre). */
  x = 0;
  y = 0;
  moving = false;

  constructor(
    private readonly scene: Phaser.Scene,
    view: AgentView,
    private readonly tile: { width: number; height: number },
    sheetRows: number,
  ) {
    this.id = view.id;
    this.name = view.name;
    this.row = ((view.sprite % sheetRows) + sheetRows) % sheetRows;
    this.facing = view.facing;
    this.sleeping = view.sleeping;
    this.x = this.to.x = this.from.x = (view.x + 0.5) * tile.width;
    this.y = this.to.y = this.from.y = (view.y + 0.5) * tile.height;
    this.ring = scene.add.ellipse(this.x, this.y, 28, 12, 0xffd54a, 0.85).setVisible(false);
    this.sprite = scene.add.sprite(this.x, this.y, TEXTURES.characters, this.standingFrame());
    this.label = scene.add
      .text(this.x, this.y, view.name.split(' ')[0], { fontFamily: LABEL_FONT, fontSize: '10px', color: '#ffffff', stroke: '#000000', strokeThickness: 3 })
      .setOrigin(0.5, 0)
      .setResolution(TEXT_RESOLUTION);
    this.emoji = scene.add.text(this.x, this.y, view.action.emoji, { fontFamily: EMOJI_FONT, fontSize: '15px' }).setOrigin(0.5, 1).setResolution(TEXT_RESOLUTION);
    this.bubble = scene.add
      .text(this.x, this.y, '', {
        fontFamily: LABEL_FONT,
        fontSize: '11px',
        color: '#1d2230',
        backgroundColor: '#fffdf5',
        padding: { x: 6, y: 4 },
        wordWrap: { width: 170, useAdvancedWrap: true },
      })
      .setOrigin(0.5, 1)
      .setResolution(TEXT_RESOLUTION)
      .setVisible(false);
    this.setSleeping(view.sleeping);
    this.place();
  }

  /** The game object the camera follows. */
  get target(): Phaser.GameObjects.Sprite {
    return this.sprite;
  }

  /** The server moved the agent to (tx, ty): walk there over `walkMs` from wherever it is drawn now. */
  moveTo(tx: number, ty: number, now: number, walkMs: number): void {
    const x = (tx + 0.5) * this.tile.width;
    const y = (ty + 0.5) * this.tile.height;
    const tiles = Math.abs(x - this.x) / this.tile.width + Math.abs(y - this.y) / this.tile.height;
    this.from = { x: this.x, y: this.y };
    this.to = { x, y };
    this.moveStart = now;
    // A long jump only happens after a resync: place the agent rather than race across the map.
    this.moveMs = tiles > MAX_WALK_TILES ? 0 : walkMs;
  }

  setFacing(facing: Facing): void {
    this.facing = facing;
  }

  setEmoji(emoji: string): void {
    this.emoji.setText(emoji);
  }

  setSleeping(sleeping: boolean): void {
    this.sleeping = sleeping;
    this.sprite.setAlpha(sleeping ? 0.75 : 1);
  }

  say(text: string, now: number): void {
    this.bubble.setText(text).setVisible(true);
    this.bubbleUntil = now + Math.max(BUBBLE_MIN_MS, text.length * BUBBLE_MS_PER_CHAR);
  }

  setSelected(selected: boolean): void {
    this.ring.setVisible(selected);
  }

  /** Whether a world point falls on this person (their body, name or emoji). */
  hit(wx: number, wy: number): number | null {
    const dx = Math.abs(wx - this.x);
    const dy = wy - this.y;
    if (dx > this.tile.width * 0.55 || dy < -this.tile.height * 0.9 || dy > this.tile.height * 0.75) return null;
    return dx * dx + dy * dy;
  }

  update(now: number): void {
    const t = this.moveMs > 0 ? Math.min(1, Math.max(0, (now - this.moveStart) / this.moveMs)) : 1;
    this.x = this.from.x + (this.to.x - this.from.x) * t;
    this.y = this.from.y + (this.to.y - this.from.y) * t;
    this.moving = t < 1;
    if (this.moving && !this.sleeping) this.sprite.play(walkAnimation(this.scene, this.row, this.facing), true);
    else if (this.sprite.anims.isPlaying || String(this.sprite.frame.name) !== String(this.standingFrame())) {
      this.sprite.stop();
      this.sprite.setFrame(this.standingFrame());
    }
    if (this.bubble.visible && now > this.bubbleUntil) this.bubble.setVisible(false);
    this.place();
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

  destroy(): void {
    for (const o of [this.sprite, this.label, this.emoji, this.bubble, this.ring]) o.destroy();
  }

  private standingFrame(): number {
    return this.row * COLUMNS + DIRECTIONS.indexOf(this.facing) * 3 + 1;
  }

  private place(): void {
    const { x, y } = this;
    const h = this.tile.height;
    this.sprite.setPosition(x, y).setDepth(DEPTH.agents + y);
    this.ring.setPosition(x, y + h * 0.38).setDepth(DEPTH.agents + y - 0.5);
    this.label.setPosition(x, y + h * 0.45).setDepth(DEPTH.labels + y);
    this.emoji.setPosition(x, y - h * 0.45).setDepth(DEPTH.labels + y);
    this.bubble.setPosition(x, y - h * 0.45 - 16).setDepth(DEPTH.bubbles + y);
  }
}
