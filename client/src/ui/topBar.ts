/**
 * The top bar: world name, game date and time (with a "thinking…" note while a slow step computes),
 * pause/step/speed controls, role, mind and connection badges.
 */
import type { HamletApp } from '../app';
import { SPEEDS } from '../config';
import { STEP_REQUEST_TIMEOUT_MS } from '../net/townClient';
import type { TownState } from '../state/townState';
import { byId, h, toast } from './dom';
import { clockTime, gameDate, speedLabel } from './format';
import { mountHealthBadge } from './healthBadge';
import { mountThinking } from './thinking';

export function mountTopBar(app: HamletApp): void {
  const { client } = app;
  const world = byId('world-name');
  const date = byId('clock-date');
  const time = byId('clock-time');
  const clock = byId('clock');
  const pausedNote = byId('clock-paused');
  const pause = byId<HTMLButtonElement>('pause-button');
  const step = byId<HTMLButtonElement>('step-button');
  const speed = byId<HTMLSelectElement>('speed-select');
  const claim = byId<HTMLButtonElement>('claim-button');
  const role = byId('role-badge');
  const mind = byId('mind-badge');
  const connection = byId('connection');
  let busy = false;
  let pausing = false;
  let speedOptions = '';

  const showClock = (state: TownState) => {
    date.textContent = gameDate(state.status.time);
    time.textContent = clockTime(state.status.time);
    clock.dataset.step = String(state.status.step);
    clock.dataset.time = String(state.status.time);
  };

  const showStatus = (state: TownState) => {
    const controller = state.role === 'controller';
    const { paused } = state.status;
    // A pause waits for the step under way, which a slow model can make long.
    pause.textContent = pausing ? '⏳ Pausing…' : paused ? '▶ Resume' : '⏸ Pause';
    pause.dataset.paused = String(paused);
    pause.disabled = !controller || busy;
    step.disabled = !controller || !paused || busy;
    speed.disabled = !controller || busy;
    const options = [...new Set<number>([...SPEEDS, state.status.speed])].sort((a, b) => a - b);
    // Statuses also come every few seconds while a step thinks: rebuild the list only when it changed (an open list stays open).
    const optionsKey = `${options.join(',')}|${state.status.speed}`;
    if (optionsKey !== speedOptions) {
      speedOptions = optionsKey;
      speed.replaceChildren(...options.map((s) => h('option', { value: String(s), selected: s === state.status.speed, title: speedLabel(s, state.sim.secondsPerStep) }, `${s} steps/s`)));
    }
    if (speed.value !== String(state.status.speed)) speed.value = String(state.status.speed);
    speed.title = speedLabel(state.status.speed, state.sim.secondsPerStep);
    claim.hidden = controller;
    role.textContent = controller ? 'controller' : 'viewer';
    role.className = `badge ${state.role}`;
    role.title = controller ? 'You can pause, step and change speed' : 'Watching. Controlling needs the token printed by "hamlet start".';
    document.body.dataset.paused = String(paused);
    // Where people look for the time: a paused town says so on the clock, not only in a button label.
    pausedNote.hidden = !paused;
    clock.title = paused ? 'Game time (paused)' : 'Game time';
  };

  const showSim = (state: TownState) => {
    world.textContent = state.sim.world.toLowerCase() === 'hamlet' ? 'Hamlet' : `Hamlet · ${state.sim.world}`;
    mind.textContent = state.sim.mindKind === 'rule-based' ? `🧩 ${state.sim.mind}` : `🧠 ${state.sim.mind}`;
    mind.className = `badge ${state.sim.mindKind}`;
    mind.title = state.sim.mindKind === 'rule-based' ? 'No language model in use: the townsfolk follow their daily routines.' : `Minds driven by ${state.sim.mind}`;
  };

  const run = async (name: 'pause' | 'resume' | 'stepOnce', payload = {}) => {
    busy = true;
    pausing = name === 'pause';
    if (client.state) showStatus(client.state);
    const answer = await client.request(name, payload, name === 'resume' ? undefined : STEP_REQUEST_TIMEOUT_MS);
    busy = false;
    pausing = false;
    if (answer.ok && client.state) client.state.status = { ...answer.status };
    if (!answer.ok) toast(answer.error);
    if (client.state) showStatus(client.state);
  };

  pause.addEventListener('click', () => void run(client.state?.status.paused ? 'resume' : 'pause'));
  step.addEventListener('click', () => void run('stepOnce'));
  speed.addEventListener('change', async () => {
    const answer = await client.request('setSpeed', { stepsPerSecond: Number(speed.value) });
    if (!answer.ok) toast(answer.error);
  });
  claim.addEventListener('click', async () => {
    const token = prompt('Controller token (printed by "hamlet start"):');
    if (!token) return;
    const answer = await client.request('claimControl', { token: token.trim() });
    if (!answer.ok) return toast(answer.error);
    sessionStorage.setItem('hamlet-token', token.trim());
    if (client.state) {
      client.state.role = answer.role;
      showStatus(client.state);
    }
  });

  client.on('snapshot', (state) => {
    showSim(state);
    showClock(state);
    showStatus(state);
  });
  client.on('step', (_delta, state) => showClock(state));
  client.on('status', (_status, state) => {
    showClock(state);
    showStatus(state);
  });
  mountThinking(app);
  mountHealthBadge(app);
  client.on('connection', (state) => {
    connection.textContent = state === 'connected' ? '● live' : state === 'connecting' ? 'connecting…' : 'disconnected';
    connection.className = `badge ${state}`;
  });
}
