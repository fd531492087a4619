/**
 * Progress of a long byte copy (export, import, static site): on a terminal a line redrawn in
 * place a few times a second; otherwise a plain line every 25%, so logs stay short.
 */
export function byteProgress(
  label: string,
  describe: (done: number, total: number) => string = (done, total) => `${(done / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB`,
  stream: NodeJS.WriteStream = process.stderr,
): { update(done: number, total: number): void; finish(): void } {
  const tty = Boolean(stream.isTTY);
  let lastDraw = 0;
  let lastQuarter = -1;
  let drew = false;
  return {
    update(done, total) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const text = `${label} ${(fraction * 100).toFixed(0).padStart(3)}% (${describe(done, total)})`;
      if (tty) {
        const now = performance.now();
        if (now - lastDraw < 200 && fraction < 1) return;
        lastDraw = now;
        drew = true;
        stream.write(`\r\x1b[2K${text}`);
      } else {
        const quarter = Math.floor(fraction * 4);
        if (quarter === lastQuarter) return;
        lastQuarter = quarter;
        stream.write(`${text}\n`);
      }
    },
    finish() {
      if (tty && drew) stream.write('\n');
    },
  };
}
