/**
 * The "⏳ thinking… 12 s · 7 model calls in flight" note next to the clock. The server announces
 * a step that has been computing for over a second (status.thinking) every few seconds; between
 * announcements the seconds count on here. The note goes as soon as the step lands.
 * Beside it, when a failing step paused the town, the reason the server gave (status.pausedReason).
 */
import type { StepThinking } from '../../../server/net/protocol';
import type { HamletApp } from '../app';
import { byId } from './dom';
import { elapsedLabel, thinkingLabel } from './format';

const TICK_MS = 1_000;

export function mountThinking(app: HamletApp): void {
  const { client } = app;
  const note = byId('thinking');
  // Why a failing step paused the town (status.pausedReason), e.g. a full disk; gone on Resume.
  const reason = byId('paused-reason');
  const showPausedReason = (text: string | undefined) => {
    reason.hidden = !text;
    reason.textContent = text ? `⚠️ paused: ${text}` : '';
    reason.title = text ?? '';
  };
  let shown: { thinking: StepThinking; receivedAt: number } | null = null;
  let ticker: ReturnType<typeof setInterval> | null = null;

  const render = () => {
    if (!shown) return;
    const { thinking, receivedAt } = shown;
    const forMs = thinking.forMs + (performance.now() - receivedAt);
    note.textContent = thinkingLabel(forMs, thinking.pendingCalls);
    const calls =
      thinking.pendingCalls === undefined
        ? ''
        : ` ${thinking.doneCalls ?? 0} model call${thinking.doneCalls === 1 ? '' : 's'} answered so far this step, ${thinking.pendingCalls} in flight.`;
    note.title = `The town is not stuck: this step has been computing for ${elapsedLabel(forMs)}, waiting for its minds.${calls} People move again when it is done.`;
  };

  const show = (thinking: StepThinking | undefined) => {
    if (!thinking) return hide();
    shown = { thinking, receivedAt: performance.now() };
    note.hidden = false;
    render();
    ticker ??= setInterval(render, TICK_MS);
  };

  const hide = () => {
    shown = null;
    note.hidden = true;
    note.textContent = '';
    note.title = '';
    if (ticker !== null) clearInterval(ticker);
    ticker = null;
  };

  client.on('snapshot', (state) => {
    show(state.status.thinking);
    showPausedReason(state.status.pausedReason);
  });
  client.on('status', (status) => {
    show(status.thinking);
    showPausedReason(status.pausedReason);
  });
  client.on('step', () => hide());
  client.on('connection', (state) => {
    if (state !== 'connected') hide();
  });
}
