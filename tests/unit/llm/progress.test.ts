import { describe, expect, it } from 'vitest';
import { createProgressPrinter, formatBytes, fromTransformersProgress, progressLine, renderBar } from '../../../server/llm/local/progress';

const MODEL = 'onnx-community/Qwen2.5-0.5B-Instruct';
const FILE = 'onnx/model_q4.onnx';
const MB = 1024 * 1024;

describe('progress formatting', () => {
  it('formats bytes and bars', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(786 * MB)).toBe('786.0 MB');
    expect(formatBytes(1.5 * 1024 * MB)).toBe('1.50 GB');
    expect(renderBar(0.5, 10)).toBe('█████░░░░░');
    expect(renderBar(2, 4)).toBe('████');
  });

  it('names file, bytes and percent', () => {
    expect(progressLine({ kind: 'download', model: MODEL, file: FILE, loaded: 393 * MB, total: 786 * MB }, 10)).toBe(
      `⇣ ${MODEL} ${FILE} [█████░░░░░]  50%  393.0 MB / 786.0 MB`,
    );
  });

  it('maps transformers.js progress info', () => {
    expect(fromTransformersProgress(MODEL, { status: 'progress', file: FILE, loaded: 5, total: 10, progress: 50 })).toEqual({
      kind: 'download',
      model: MODEL,
      file: FILE,
      loaded: 5,
      total: 10,
    });
    expect(fromTransformersProgress(MODEL, { status: 'done', file: FILE })).toEqual({ kind: 'file-done', model: MODEL, file: FILE });
    expect(fromTransformersProgress(MODEL, { status: 'initiate', file: FILE })).toBeUndefined();
  });
});

describe('progress printer', () => {
  const events = (total: number) => [
    ...[0.1, 0.3, 0.6, 0.9, 1].map((f) => ({ kind: 'download' as const, model: MODEL, file: FILE, loaded: Math.round(f * total), total })),
    { kind: 'file-done' as const, model: MODEL, file: FILE },
    { kind: 'ready' as const, model: MODEL },
  ];

  it('prints a plain line on entering each quarter when not on a terminal', () => {
    const out: string[] = [];
    const print = createProgressPrinter({ tty: false, write: (t) => out.push(t) });
    for (const e of events(100 * MB)) print(e);
    expect(out).toEqual([
      `⇣ ${MODEL} ${FILE}  10%  10.0 MB / 100.0 MB\n`,
      `⇣ ${MODEL} ${FILE}  30%  30.0 MB / 100.0 MB\n`,
      `⇣ ${MODEL} ${FILE}  60%  60.0 MB / 100.0 MB\n`,
      `⇣ ${MODEL} ${FILE}  90%  90.0 MB / 100.0 MB\n`,
      `⇣ ${MODEL} ${FILE} 100%  100.0 MB / 100.0 MB done\n`,
    ]);
  });

  it('redraws one line in place on a terminal and ends it with a newline', () => {
    const out: string[] = [];
    let t = 0;
    const print = createProgressPrinter({ tty: true, write: (s) => out.push(s), now: () => (t += 50), redrawMs: 100 });
    for (const e of events(10 * MB)) print(e);
    expect(out.every((s) => s.startsWith('\r\x1b[2K'))).toBe(true);
    expect(out.at(-1)).toMatch(/100%  10.0 MB \/ 10.0 MB\n$/);
    expect(out.length).toBeLessThan(6); // throttled
  });

  it('shows nothing for files already on disk', () => {
    const out: string[] = [];
    const print = createProgressPrinter({ tty: false, write: (t) => out.push(t) });
    print({ kind: 'download', model: MODEL, file: 'config.json', loaded: 700, total: 700 });
    print({ kind: 'file-done', model: MODEL, file: 'config.json' });
    expect(out).toEqual([]);
  });
});
