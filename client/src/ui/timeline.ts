/**
 * The replay timeline (only when the snapshot says the server plays back a stored run): a slider
 * over the whole run, the game time and step under it, play/pause, ◀ ▶ single steps back and
 * forth, speeds 1×–64× (N× = N steps per real second; the only speed control in a replay: the top
 * bar's pause, step and speed are hidden there), and a box to jump to a game time ("14:30" on the
 * day shown, or "2026-02-13 14:30"). Moving the slider asks the server to
 * `seek`; the server answers every viewer with a fresh snapshot, which the page adopts as usual.
 * While a seek is in flight, newer slider positions wait and only the latest is sent, so dragging
 * never queues a backlog. Controls need the controller link, as for a live town.
 * "Fork from here" (controller only) asks the server to fork the run at the shown step and serve
 * the fork live; the page then goes to the fork's address.
 */
import type { HamletApp } from '../app';
import type { TownState } from '../state/townState';
import { byId, h, toast } from './dom';
import { STEP_REQUEST_TIMEOUT_MS } from '../net/townClient';
import { clockTime, gameDate, speedLabel } from './format';

/**
 * Least time between two seeks while dragging: the server allows 10 requests a second per
 * connection, and a rebuilt position every 150 ms follows the hand well enough.
 */
const SEEK_EVERY_MS = 150;

/** Playback speeds offered, in steps per real second. */
export const REPLAY_SPEEDS = [1, 2, 4, 8, 16, 32, 64] as const;

export function mountTimeline(app: HamletApp): void {
  const { client } = app;
  const bar = byId('timeline');
  const back = h('button', { id: 'timeline-back', type: 'button', title: 'One step back' }, '◀');
  const play = h('button', { id: 'timeline-play', type: 'button' }, '▶');
  const forward = h('button', { id: 'timeline-forward', type: 'button', title: 'One step forward' }, '▶|');
  const slider = h('input', { id: 'timeline-slider', type: 'range', min: '0', max: '0', step: '1', value: '0', 'aria-label': 'Replay position' }) as HTMLInputElement;
  const label = h('span', { id: 'timeline-time' });
  const speed = h('select', { id: 'timeline-speed', title: 'Playback speed' }) as HTMLSelectElement;
  speed.append(...REPLAY_SPEEDS.map((s) => h('option', { value: String(s) }, `${s}×`)));
  // Under the slider, a strip of markers (conversations, events, whispers, reflections, plan changes); click one to go there.
  const markers = h('div', { id: 'timeline-markers' });
  const track = h('div', { id: 'timeline-track' }, slider, markers);
  const fork = h('button', { id: 'timeline-fork', type: 'button', title: 'Start a new live run from this step (the replayed file stays as it is)' }, '🔀 Fork from here');
  const goInput = h('input', { id: 'timeline-goto', type: 'text', placeholder: 'go to 14:30', size: '11', 'aria-label': 'Go to a game time: HH:MM on the day shown, or YYYY-MM-DD HH:MM', title: 'Go to a game time: HH:MM on the day shown, or YYYY-MM-DD HH:MM' }) as HTMLInputElement;
  const goForm = h('form', { id: 'timeline-goto-form' }, goInput);
  bar.append(back, play, forward, track, label, goForm, speed, fork);
  /** The run's last step when the markers were last asked for, and when: a growing run asks again, at most every 10 s. */
  let markersSpan = -1;
  let markersAt = -Infinity;

  /** The slider position the user asked for and not yet sent; null when none waits. */
  let wanted: number | null = null;
  /** The position of the seek in flight, until its answer comes; null when none is. */
  let sending: number | null = null;
  let dragging = false;
  let lastSent = -Infinity;
  let waitTimer: ReturnType<typeof setTimeout> | null = null;

  const timeAt = (state: TownState, step: number) => state.sim.startTime + step * state.sim.secondsPerStep * 1000;
  const showLabel = (state: TownState, step: number) => {
    const span = state.replay!;
    label.textContent = `${gameDate(timeAt(state, step))} ${clockTime(timeAt(state, step))} · step ${step} / ${span.lastStep}`;
  };

  /** Asks once for the run's markers and draws them along the strip. */
  const loadMarkers = async (state: TownState) => {
    markersSpan = state.replay!.lastStep;
    markersAt = performance.now();
    const answer = await client.request('timeline', {});
    if (!answer.ok) return; // A nicety: the timeline works without them.
    const { firstStep, lastStep } = state.replay!;
    const span = Math.max(1, lastStep - firstStep);
    markers.replaceChildren(
      ...answer.markers.map((m) => {
        const at = timeAt(state, m.step);
        const tick = h('span', { class: `marker ${m.kind}`, title: `${clockTime(at)} ${gameDate(at)} · ${m.label}`, 'data-step': String(m.step) });
        tick.style.left = `${((m.step - firstStep) / span) * 100}%`;
        tick.addEventListener('click', () => {
          if (client.state?.role !== 'controller') return toast('Seeking needs the controller link printed by "hamlet replay".');
          slider.value = String(m.step);
          seekTo(m.step);
        });
        return tick;
      }),
    );
  };

  const show = (state: TownState) => {
    if (state.replay && state.replay.lastStep !== markersSpan && (markersSpan < 0 || performance.now() - markersAt > 10_000)) void loadMarkers(state);
    if (!state.replay) {
      bar.hidden = true;
      document.body.dataset.replay = 'false';
      return;
    }
    bar.hidden = false;
    document.body.dataset.replay = 'true';
    const controller = state.role === 'controller';
    const { firstStep, lastStep } = state.replay;
    slider.min = String(firstStep);
    slider.max = String(lastStep);
    // A position being dragged or sent wins over the playback's.
    const step = dragging || wanted !== null ? Number(slider.value) : state.status.step;
    if (!dragging && wanted === null) slider.value = String(step);
    bar.dataset.step = String(state.status.step);
    showLabel(state, step);
    const atEnd = state.status.step >= lastStep;
    play.textContent = state.status.paused ? '▶' : '⏸';
    play.title = state.status.paused ? (atEnd ? 'Play again from the start' : 'Play') : 'Pause';
    for (const control of [back, play, forward, slider, speed, goInput]) control.disabled = !controller;
    fork.hidden = !controller;
    // Where the server cannot fork (a static copy, a replay opened without forks) the button says why instead.
    const noFork = state.replay.fork;
    if (!fork.textContent?.startsWith('🔀 fork')) fork.disabled = noFork !== undefined;
    fork.title = noFork ?? 'Start a new live run from this step (the replayed file stays as it is)';
    fork.classList.toggle('unavailable', noFork !== undefined);
    if (controller) {
      back.disabled = state.status.step <= firstStep;
      forward.disabled = atEnd;
    }
    bar.title = controller ? '' : 'Watching a replay: the controller link (printed by "hamlet replay") can seek, play and pause.';
    const current = String(state.status.speed);
    if (![...speed.options].some((o) => o.value === current)) speed.append(h('option', { value: current }, `${state.status.speed}×`));
    speed.value = current;
    speed.title = `Playback speed: ${speedLabel(state.status.speed, state.sim.secondsPerStep)}`;
  };

  /** Sends the latest wanted position; one seek at a time. */
  const flush = async () => {
    if (sending !== null || wanted === null || waitTimer !== null) return;
    const wait = lastSent + SEEK_EVERY_MS - performance.now();
    if (wait > 0) {
      waitTimer = setTimeout(() => {
        waitTimer = null;
        void flush();
      }, wait);
      return;
    }
    const step = wanted;
    sending = step;
    lastSent = performance.now();
    const answer = await client.request('seek', { step });
    sending = null;
    if (wanted === step) wanted = null;
    if (!answer.ok) {
      wanted = null;
      toast(answer.error);
    }
    // The snapshot event has brought the new state; draw the bar from it (or go on to a newer position).
    if (wanted !== null) void flush();
    else if (client.state) show(client.state);
  };
  const seekTo = (step: number) => {
    wanted = step;
    void flush();
  };

  goForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const state = client.state;
    if (!state?.replay) return;
    if (state.role !== 'controller') return toast('Seeking needs the controller link printed by "hamlet replay".');
    const target = stepForGameTime(goInput.value, timeAt(state, state.status.step), state.sim.startTime, state.sim.secondsPerStep);
    if (typeof target === 'string') return toast(target);
    const { firstStep, lastStep } = state.replay;
    if (target < firstStep || target > lastStep) {
      return toast(`${goInput.value.trim()} is outside this run: it goes from ${clockTime(timeAt(state, firstStep))} ${gameDate(timeAt(state, firstStep))} to ${clockTime(timeAt(state, lastStep))} ${gameDate(timeAt(state, lastStep))}`);
    }
    goInput.value = '';
    slider.value = String(target);
    seekTo(target);
  });

  slider.addEventListener('pointerdown', () => (dragging = true));
  slider.addEventListener('input', () => {
    if (client.state?.replay) showLabel(client.state, Number(slider.value));
    seekTo(Number(slider.value));
  });
  slider.addEventListener('change', () => {
    dragging = false;
    seekTo(Number(slider.value));
  });
  /**
   * ◀ and ▶| count from the position last asked for, not the one shown: two quick clicks while
   * the first seek is on its way go two steps, not one.
   */
  const stepFrom = (by: number) => {
    const state = client.state;
    if (!state?.replay) return;
    const from = wanted ?? sending ?? state.status.step;
    const to = Math.min(state.replay.lastStep, Math.max(state.replay.firstStep, from + by));
    slider.value = String(to);
    seekTo(to);
  };
  back.addEventListener('click', () => stepFrom(-1));
  forward.addEventListener('click', () => stepFrom(1));
  play.addEventListener('click', async () => {
    const state = client.state;
    if (!state?.replay) return;
    if (!state.status.paused) {
      const answer = await client.request('pause', {});
      if (!answer.ok) toast(answer.error);
      return;
    }
    // At the end, play starts over.
    if (state.status.step >= state.replay.lastStep) {
      const sought = await client.request('seek', { step: state.replay.firstStep });
      if (!sought.ok) return toast(sought.error);
    }
    const answer = await client.request('resume', {});
    if (!answer.ok) toast(answer.error);
  });
  fork.addEventListener('click', async () => {
    const state = client.state;
    if (!state?.replay) return;
    fork.disabled = true;
    fork.textContent = '🔀 forking…';
    // Between two snapshots the server re-runs up to an hour of steps first: allow it time.
    const answer = await client.request('fork', { step: state.status.step }, STEP_REQUEST_TIMEOUT_MS);
    if (!answer.ok) {
      fork.disabled = false;
      fork.textContent = '🔀 Fork from here';
      return toast(answer.error);
    }
    fork.textContent = `🔀 forked at step ${answer.fork.step}: opening…`;
    window.location.href = answer.fork.url;
  });
  speed.addEventListener('change', async () => {
    const answer = await client.request('setSpeed', { stepsPerSecond: Number(speed.value) });
    if (!answer.ok) toast(answer.error);
  });

  client.on('snapshot', show);
  client.on('step', (_delta, state) => show(state));
  client.on('status', (_status, state) => show(state));
  client.on('role', () => client.state && show(client.state));
}

/**
 * The step a typed game time names: "HH:MM" on the day shown (`shownTime`), or "YYYY-MM-DD HH:MM"
 * (a "T" works too) — the first step at or after it; a string says what is wrong.
 */
export function stepForGameTime(text: string, shownTime: number, startTime: number, secondsPerStep: number): number | string {
  const t = text.trim();
  const full = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})$/.exec(t);
  const short = /^(\d{1,2}):(\d{2})$/.exec(t);
  let ms: number;
  if (full) {
    const [, y, mo, d, hh, mm] = full.map(Number);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mm > 59) return `"${t}" is not a time: use HH:MM or YYYY-MM-DD HH:MM`;
    ms = Date.UTC(y, mo - 1, d, hh, mm);
    if (new Date(ms).getUTCDate() !== d) return `"${t}" is not a date`;
  } else if (short) {
    const [, hh, mm] = short.map(Number);
    if (hh > 23 || mm > 59) return `"${t}" is not a time: use HH:MM or YYYY-MM-DD HH:MM`;
    const midnight = shownTime - (((shownTime % 86_400_000) + 86_400_000) % 86_400_000);
    ms = midnight + (hh * 60 + mm) * 60_000;
  } else return `"${t}": type a game time as HH:MM (on the day shown) or YYYY-MM-DD HH:MM`;
  return Math.ceil((ms - startTime) / (secondsPerStep * 1000));
}
