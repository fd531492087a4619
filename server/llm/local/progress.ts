/**
 * Download progress of local models: transformers.js progress callbacks mapped to a small event
 * type, and a printer that draws a progress bar per file on a terminal (file, bytes, percent)
 * or writes plain lines at 25% steps when output is a log file or pipe.
 */

export type ModelLoadEvent =
  /** Bytes of one file arrived (first use downloads into the cache). */
  | { kind: 'download'; model: string; file: string; loaded: number; total: number }
  /** A file is complete (downloaded or found locally). */
  | { kind: 'file-done'; model: string; file: string }
  /** The model is loaded and ready. */
  | { kind: 'ready'; model: string };

export type ProgressListener = (event: ModelLoadEvent) => void;

/** Maps a transformers.js ProgressInfo to our event (undefined for the ones we ignore). */
export function fromTransformersProgress(model: string, info: unknown): ModelLoadEvent | undefined {
  const i = info as { status?: string; file?: string; loaded?: number; total?: number };
  switch (i?.status) {
    case 'progress':
      return { kind: 'download', model, file: i.file ?? '?', loaded: Number(i.loaded) || 0, total: Number(i.total) || 0 };
    case 'done':
      return { kind: 'file-done', model, file: i.file ?? '?' };
    case 'ready':
      return { kind: 'ready', model };
    default:
      return undefined;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

export function renderBar(fraction: number, width = 24): string {
  const f = Math.max(0, Math.min(1, fraction));
  const full = Math.round(f * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

/** One progress line: "model file [bar] 52%  409.1 MB / 786.0 MB". */
export function progressLine(e: Extract<ModelLoadEvent, { kind: 'download' }>, width = 24): string {
  const fraction = e.total > 0 ? e.loaded / e.total : 0;
  const size = e.total > 0 ? `${formatBytes(e.loaded)} / ${formatBytes(e.total)}` : formatBytes(e.loaded);
  return `⇣ ${e.model} ${e.file} [${renderBar(fraction, width)}] ${Math.floor(fraction * 100)
    .toString()
    .padStart(3)}%  ${size}`;
}

export interface ProgressPrinterOptions {
  write?: (text: string) => void;
  /** Draw bars in place (terminal) or print plain lines (default: stderr is a TTY). */
  tty?: boolean;
  /** Minimum ms between redraws on a terminal. */
  redrawMs?: number;
  now?: () => number;
}

/**
 * A listener that prints downloads. Files that are complete at their first event were already
 * on disk and are not shown.
 */
export function createProgressPrinter(options: ProgressPrinterOptions = {}): ProgressListener {
  const write = options.write ?? ((t: string) => process.stderr.write(t));
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const now = options.now ?? Date.now;
  const redrawMs = options.redrawMs ?? 100;
  const files = new Map<string, { lastDraw: number; lastStep: number; last?: Extract<ModelLoadEvent, { kind: 'download' }> }>();
  const skipped = new Set<string>();

  return (event) => {
    if (event.kind === 'ready') return;
    const key = `${event.model}\u0000${event.file}`;
    if (skipped.has(key)) return;
    if (event.kind === 'download') {
      let state = files.get(key);
      if (!state) {
        if (event.total > 0 && event.loaded >= event.total) {
          skipped.add(key);
          return;
        }
        state = { lastDraw: -Infinity, lastStep: -1 };
        files.set(key, state);
      }
      state.last = event;
      const percent = event.total > 0 ? (event.loaded / event.total) * 100 : 0;
      if (tty) {
        if (now() - state.lastDraw >= redrawMs) {
          state.lastDraw = now();
          write(`\r\x1b[2K${progressLine(event)}`);
        }
      } else {
        const step = Math.floor(percent / 25);
        if (step > state.lastStep && step < 4) {
          state.lastStep = step;
          write(`${progressLine(event).replace(/ \[[█░]+\]/, '')}\n`);
        }
      }
      return;
    }
    // file-done
    const state = files.get(key);
    if (!state) return;
    files.delete(key);
    const last = state.last;
    const total = last?.total || last?.loaded || 0;
    const done = { kind: 'download' as const, model: event.model, file: event.file, loaded: total, total };
    write(tty ? `\r\x1b[2K${progressLine(done)}\n` : `${progressLine(done).replace(/ \[[█░]+\]/, '')} done\n`);
  };
}
