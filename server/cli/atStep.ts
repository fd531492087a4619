/**
 * `--at <step | YYYY-MM-DDTHH:MM>`: the one grammar of commands that name a step of a stored run
 * (`hamlet interview --at`, `hamlet fork --at`). A step number, or a game time of the run (its
 * first step at or after that time), checked against the steps the run holds. The caller brings
 * its own wording: the error type it reports with and what it adds to an out-of-range message.
 */
import { formatGameTime, parseGameTime } from '../engine/clock';

/** The steps a stored run holds and its clock. */
export interface RunSteps {
  firstStep: number;
  lastStep: number;
  clock: { stepAt(ms: number): number; timeAt(step: number): number };
}

export interface AtWording {
  /** The run's file, named in the out-of-range message. */
  file: string;
  /** Appended to the out-of-range message, e.g. "; fork at one of them". */
  outOfRangeHint?: string;
  /** Makes the error to throw (default: a plain Error). */
  error?: (message: string) => Error;
}

/** The step `at` names in the run; throws (with the caller's wording) on garbage or a step outside it. */
export function stepOfAt(at: number | string, run: RunSteps, wording: AtWording): number {
  const fail = (message: string) => (wording.error ?? ((m: string) => new Error(m)))(message);
  let step: number;
  if (typeof at === 'number') step = at;
  else if (/^\d+$/.test(at.trim())) step = Number(at.trim());
  else {
    let ms: number;
    try {
      ms = parseGameTime(at);
    } catch {
      throw fail(`--at "${at}": give a step number or a game time YYYY-MM-DDTHH:MM`);
    }
    step = run.clock.stepAt(ms);
  }
  // A step number too long to be exact, or a fraction handed in as a number, is out of range too.
  if (!Number.isSafeInteger(step) || step < run.firstStep || step > run.lastStep) {
    const first = formatGameTime(run.clock.timeAt(run.firstStep));
    const last = formatGameTime(run.clock.timeAt(run.lastStep));
    throw fail(`--at ${at}: ${wording.file} holds steps ${run.firstStep}–${run.lastStep} (${first} to ${last})${wording.outOfRangeHint ?? ''}`);
  }
  return step;
}
