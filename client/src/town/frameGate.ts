/**
 * Draws the town only while something on it may change. Phaser steps and redraws the whole
 * canvas on every animation frame; with software WebGL (a browser without a GPU, headless
 * Chromium) one frame of the town costs 30–45 ms of the page's main thread, so a page showing a
 * still town (a paused replay, say) kept that thread busy all the time, and a seek's answer
 * waited behind one to three such frames before it could even be taken in.
 *
 * The gate wraps Phaser's per-frame callback. A frame is drawn when:
 * - something woke the gate (a message from the town, a click, the mouse, a key, the wheel, the
 *   canvas resized, a selection…): the next few frames are drawn;
 * - the scene said after its last frame that it is still animating (people walking, names
 *   easing into place, the camera gliding);
 * - a time the scene asked for has come (a speech bubble's end).
 * Otherwise the browser keeps its last frame on screen, and the page is idle.
 */
import type Phaser from 'phaser';

/** Frames drawn after a wake-up, before the scene's own word counts: the change shows and settles. */
const FRAMES_AFTER_WAKE = 2;

export class FrameGate {
  private framesLeft = FRAMES_AFTER_WAKE;
  private animating = true;
  private dueAt = Infinity;
  private drawn = 0;
  private readonly stop: () => void;

  constructor(game: Phaser.Game, parent: HTMLElement | null) {
    const loop = game.loop;
    const step = loop.callback;
    loop.callback = (time: number, delta: number) => {
      if (!this.wanted()) return;
      if (this.framesLeft > 0) this.framesLeft--;
      this.dueAt = Infinity;
      this.drawn++;
      step(time, delta);
    };
    // Input the scene handles in its next step: wake for it. (Capture: seen before anyone stops it.)
    const wake = () => this.wake();
    const events = ['pointerdown', 'pointermove', 'pointerup', 'wheel', 'keydown', 'keyup', 'resize'] as const;
    for (const name of events) window.addEventListener(name, wake, { capture: true, passive: true });
    // The canvas's parent changes size without a window resize when a side panel opens or
    // closes. Phaser looks at the parent's size only every half second of drawn frames: have it
    // look at the next one.
    const resized =
      typeof ResizeObserver === 'undefined' || !parent
        ? null
        : new ResizeObserver(() => {
            game.scale.dirty = true;
            this.wake();
          });
    resized?.observe(parent!);
    this.stop = () => {
      loop.callback = step;
      for (const name of events) window.removeEventListener(name, wake, { capture: true });
      resized?.disconnect();
    };
  }

  /** Something changed: draw the next few frames. */
  wake(): void {
    this.framesLeft = FRAMES_AFTER_WAKE;
  }

  /**
   * The scene's word after a frame: whether it is still animating, and when (performance.now()
   * time) it next needs a frame if not (Infinity: not until woken).
   */
  report(animating: boolean, nextAt = Infinity): void {
    this.animating = animating;
    this.dueAt = nextAt;
  }

  /** Frames drawn so far (the rest were skipped). */
  get framesDrawn(): number {
    return this.drawn;
  }

  destroy(): void {
    this.stop();
  }

  private wanted(): boolean {
    return this.framesLeft > 0 || this.animating || performance.now() >= this.dueAt;
  }
}
