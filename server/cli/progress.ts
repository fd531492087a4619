/**
 * A one-line progress bar for long runs: game time, steps/s and ETA. On a terminal it redraws
 * in place a few times a second; otherwise it prints a plain line every 10%.
 */
import { formatGameTime } from '../engine/clock';

export interface ProgressOptions {
  total: number;
  stream?: NodeJS.WriteStream;
  /** Label before the bar. */
  label?: string;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastDecile = -1;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
  }

  update(done: number, gameTimeMs: number, force = false): void {
    const now = performance.now();
    const fraction = this.options.total > 0 ? Math.min(1, done / this.options.total) : 1;
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (this.options.total - done) / rate : Infinity;
    const text = `${formatGameTime(gameTimeMs)} · ${done}/${this.options.total} steps · ${rate.toFixed(0)} steps/s · ETA ${formatDuration(eta)}`;
    if (this.tty) {
      if (!force && now - this.lastDraw < 200) return;
      this.lastDraw = now;
      const width = 24;
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const line = `${this.options.label ?? ''}${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${text}`;
      this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns || 120) - 1)}`);
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile === this.lastDecile && !force) return;
      this.lastDecile = decile;
      this.stream.write(`${(fraction * 100).toFixed(0).padStart(3)}% ${text}\n`);
    }
  }

  /** Prints a line of its own (a warning) above the bar; the bar is drawn again on the next update. */
  note(line: string): void {
    this.stream.write(this.tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
    this.lastDraw = 0;
  }

  finish(): void {
    if (this.tty) this.stream.write('\n');
  }
}
