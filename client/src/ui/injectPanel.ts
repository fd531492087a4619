/**
 * The controller's "Inject" panel (in the sidebar): free text at a place, an object's new state,
 * or a town-wide announcement, now or at a game time, for a number of game minutes. The place
 * comes from a searchable list of the map's sectors, rooms and objects, or from a click on the
 * map ("📍 Pick"). Events waiting to start are listed with a cancel button. Each ack's error
 * shows under the control that caused it.
 */
import type { InjectPayload, Snapshot } from '../../../server/net/protocol';
import type { HamletApp } from '../app';
import { byId, h } from './dom';
import { clockTime, placeName } from './format';

type WorldEventView = Snapshot['events'][number];

type Kind = InjectPayload['kind'];

const LABELS: Record<Kind, string> = { event: 'Event at a place', objectState: 'Object state', announcement: 'Announcement to everyone' };

/** "2026-02-13T08:30", the form the server takes for `at`. */
export function gameTimeInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

export function mountInjectPanel(app: HamletApp): void {
  const panel = byId('inject-panel');
  const client = app.client;

  const kind = h('select', { id: 'inject-kind' }, ...(Object.keys(LABELS) as Kind[]).map((k) => h('option', { value: k }, LABELS[k])));
  const places = h('datalist', { id: 'inject-places' });
  const place = h('input', { id: 'inject-place', type: 'text', list: 'inject-places', placeholder: 'Search places…', autocomplete: 'off' });
  const pick = h('button', { id: 'inject-pick', type: 'button', title: 'Click a place on the map' }, '📍 Pick');
  const placeRow = h('label', { class: 'field', id: 'inject-place-row' }, h('span', null, 'Place'), h('span', { class: 'row' }, place, pick));
  const text = h('input', { id: 'inject-text', type: 'text', maxlength: '300', autocomplete: 'off' });
  const textLabel = h('span', null, 'What happens');
  const radius = h('input', { id: 'inject-radius', type: 'number', min: '1', max: '30', placeholder: 'same room' });
  const radiusRow = h('label', { class: 'field small', id: 'inject-radius-row' }, h('span', null, 'Radius (tiles)'), radius);
  const minutes = h('input', { id: 'inject-minutes', type: 'number', min: '1', max: '1440', placeholder: 'default' });
  const at = h('input', { id: 'inject-at', type: 'text', placeholder: 'now', pattern: '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}', autocomplete: 'off' });
  const submit = h('button', { id: 'inject-button', type: 'submit' }, 'Inject');
  const error = h('p', { id: 'inject-error', class: 'error', role: 'alert', hidden: true });
  const note = h('p', { id: 'inject-note', class: 'note', hidden: true });
  const form = h(
    'form',
    { id: 'inject-form' },
    h('label', { class: 'field' }, h('span', null, 'Kind'), kind),
    placeRow,
    h('label', { class: 'field' }, textLabel, text),
    h('div', { class: 'row' }, radiusRow, h('label', { class: 'field small' }, h('span', null, 'Minutes'), minutes), h('label', { class: 'field small' }, h('span', null, 'At (game time)'), at)),
    h('div', { class: 'row' }, submit),
    error,
    note,
    places,
  );
  const queue = h('ul', { id: 'inject-queue' });
  const queueError = h('p', { id: 'inject-queue-error', class: 'error', role: 'alert', hidden: true });
  panel.replaceChildren(h('summary', null, '⚡ Inject'), form, h('h4', null, 'Scheduled'), queue, queueError);

  const showError = (el: HTMLElement, message: string | null) => {
    el.textContent = message ?? '';
    el.hidden = !message;
  };

  /** The place list, from the map (filled once the map has loaded; objects only for a state change). */
  let listed = '';
  const fillPlaces = () => {
    const all = app.places?.places() ?? [];
    const wanted = kind.value === 'objectState' ? all.filter((p) => p.kind === 'object') : all;
    const key = `${kind.value}|${wanted.length}`;
    if (key === listed) return;
    listed = key;
    places.replaceChildren(...wanted.map((p) => h('option', { value: p.key }, `${p.kind}: ${p.key.replaceAll(':', ' › ')}`)));
  };

  const showKind = () => {
    const k = kind.value as Kind;
    placeRow.hidden = k === 'announcement';
    radiusRow.hidden = k !== 'event';
    textLabel.textContent = k === 'event' ? 'What happens' : k === 'objectState' ? 'New state ("on fire")' : 'What everyone hears';
    text.placeholder = k === 'event' ? 'A stray dog runs through the room' : k === 'objectState' ? 'on fire' : 'The festival starts at noon in the park';
    fillPlaces();
  };
  kind.addEventListener('change', showKind);
  place.addEventListener('focus', fillPlaces);

  pick.addEventListener('click', () => {
    if (app.placePicker) {
      app.placePicker = null;
      pick.classList.remove('active');
      return;
    }
    pick.classList.add('active');
    note.textContent = 'Click a place on the map…';
    note.hidden = false;
    app.placePicker = (picked) => {
      app.placePicker = null;
      pick.classList.remove('active');
      note.hidden = true;
      if (!picked) return showError(error, 'No place there: click inside a building or area of the town.');
      showError(error, null);
      place.value = picked.key;
    };
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(error, null);
    note.hidden = true;
    const k = kind.value as Kind;
    const common = {
      ...(minutes.value ? { durationMinutes: Number(minutes.value) } : {}),
      ...(at.value.trim() ? { at: at.value.trim() } : {}),
    };
    const payload: InjectPayload =
      k === 'event'
        ? { kind: 'event', place: place.value.trim(), description: text.value.trim(), ...(radius.value ? { radius: Number(radius.value) } : {}), ...common }
        : k === 'objectState'
          ? { kind: 'objectState', object: place.value.trim(), state: text.value.trim(), ...common }
          : { kind: 'announcement', text: text.value.trim(), ...common };
    if (k !== 'announcement' && !place.value.trim()) return showError(error, 'Choose a place first (search the list or 📍 Pick on the map).');
    if (!text.value.trim()) return showError(error, `${textLabel.textContent} is empty.`);
    submit.disabled = true;
    const answer = await client.request('inject', payload);
    submit.disabled = false;
    if (!answer.ok) return showError(error, answer.error);
    const state = client.state;
    const later = state && answer.startsAtStep > state.step;
    note.textContent = `✓ ${answer.id}${later ? ` starts at ${clockTime(timeOfStep(answer.startsAtStep))}` : ' happens with the next step'}.`;
    note.hidden = false;
    text.value = '';
    pending.set(answer.id, { id: answer.id, label: payloadLabel(payload), startsAtStep: answer.startsAtStep });
    renderQueue();
  });

  const timeOfStep = (step: number) => {
    const sim = client.state?.sim;
    return sim ? sim.startTime + step * sim.secondsPerStep * 1000 : 0;
  };

  /** Injects this page sent that no step has applied yet (they can be cancelled too). */
  const pending = new Map<string, { id: string; label: string; startsAtStep: number }>();

  const renderQueue = () => {
    const state = client.state;
    if (!state) return;
    for (const e of state.events) pending.delete(e.id);
    const scheduled: { id: string; label: string; startsAtStep: number }[] = [
      ...[...pending.values()],
      ...state.events.filter((e) => e.step >= state.step).map((e) => ({ id: e.id, label: eventLabel(e), startsAtStep: e.step })),
    ];
    const rows = scheduled.map((s) => {
      const cancel = h('button', { type: 'button', class: 'cancel', title: 'Cancel it before it starts', 'data-id': s.id }, '✖ Cancel');
      cancel.addEventListener('click', async () => {
        cancel.disabled = true;
        const answer = await client.request('cancelInput', { id: s.id });
        if (!answer.ok) {
          cancel.disabled = false;
          return showError(queueError, `${s.id}: ${answer.error}`);
        }
        showError(queueError, null);
        pending.delete(s.id);
        cancelled.add(s.id);
        renderQueue();
      });
      const when = s.startsAtStep > state.step ? `${clockTime(timeOfStep(s.startsAtStep))}` : 'next step';
      return h('li', { 'data-id': s.id }, h('span', { class: 't' }, when), h('span', { class: 'what' }, s.label), cancel);
    });
    const shown = rows.filter((r) => !cancelled.has(r.dataset.id ?? ''));
    queue.replaceChildren(...(shown.length ? shown : [h('li', { class: 'empty' }, 'Nothing waiting.')]));
  };
  /** Cancelled here: hidden at once, before the step that applies the cancel arrives. */
  const cancelled = new Set<string>();

  const showRole = () => {
    const controller = client.state?.role === 'controller';
    panel.hidden = !controller;
    if (client.state) at.placeholder = `now (${gameTimeInput(client.state.status.time)})`;
  };
  client.on('snapshot', () => {
    showRole();
    renderQueue();
    fillPlaces();
  });
  client.on('step', () => renderQueue());
  client.on('role', showRole);
  showKind();
  if (client.state) {
    showRole();
    renderQueue();
  }
}

function payloadLabel(p: InjectPayload): string {
  if (p.kind === 'event') return `📣 ${p.description} @ ${p.place.replaceAll(':', ' › ')}`;
  if (p.kind === 'objectState') return `🔧 ${p.object.replaceAll(':', ' › ')} → ${p.state}`;
  return `📢 ${p.text}`;
}

function eventLabel(e: WorldEventView): string {
  if (e.townWide) return `📢 ${e.description}`;
  if (e.objectState) return `🔧 ${placeName(e.address)} → ${e.objectState}`;
  return `📣 ${e.description} @ ${placeName(e.address)}`;
}
