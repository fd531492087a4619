/**
 * What to tell people when a live step fails. The runner pauses the town; the page shows the
 * reason near the clock (RunStatus.pausedReason) and the log gets one line. Storage failures a
 * person can fix (a full disk, a read-only or vanished file) are expected: one plain line says
 * what to do, without a stack trace. Anything else is a bug, so the log keeps its stack.
 */

export interface StepFailure {
  /** One line for the page and the log. */
  reason: string;
  /** A condition outside Hamlet (disk full…), not a bug: log it without a stack trace. */
  expected: boolean;
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Describes the failure of step `step`; `file` is the simulation file being written, when known. */
export function describeStepFailure(err: unknown, step: number, file?: string): StepFailure {
  const code = codeOf(err);
  const where = file && file !== ':memory:' ? ` to ${file}` : '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return { reason: `disk full while saving step ${step}${where}: free space and press Resume`, expected: true };
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    return { reason: `cannot write step ${step}${where}: the file is read-only; make it writable and press Resume`, expected: true };
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return { reason: `disk error while saving step ${step}${where} (${code}): check the disk and press Resume`, expected: true };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { reason: `step ${step} failed: ${message.split('\n')[0]}`, expected: false };
}
