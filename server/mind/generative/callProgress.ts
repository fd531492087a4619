/**
 * Counts the generative mind's model calls as they go, so the page can say "7 model calls in
 * flight" while a slow step waits for them. Only counts: nothing the mind decides reads it.
 */
import type { MindProgress } from '../../engine/ports';

export class CallProgress {
  private pending = 0;
  private done = 0;

  /** A call was made (it may still wait for the concurrency limit). */
  started(): void {
    this.pending++;
  }

  /** A call was answered (or ended in its fail-safe). */
  finished(): void {
    this.pending--;
    this.done++;
  }

  /** A new step begins: answered calls are counted afresh; calls still pending stay pending. */
  newStep(): void {
    this.done = 0;
  }

  read(): MindProgress {
    return { pendingCalls: this.pending, doneCalls: this.done };
  }
}
