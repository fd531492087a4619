/**
 * The feed in the sidebar: everything injected, whispered and asked, newest first, with its game
 * time. Inputs come from the step messages (so every page sees them); the page's own interviews
 * are added by the interview box. Clicking an entry centres the map on its place or person.
 */
import type { HamletApp } from '../app';
import { feedEntriesOf, feedEntriesOfEvents, type FeedEntry } from '../state/feed';
import { byId, h } from './dom';
import { clockTime, shortDateTime } from './format';

/** Entries shown (the feed keeps more). */
const SHOWN = 60;

export function mountEventFeed(app: HamletApp): void {
  const list = byId('event-feed-list');
  const client = app.client;

  client.on('step', (delta, state) => {
    const names = new Map([...state.agents.values()].map((a) => [a.id, a.name]));
    const timeOfStep = (step: number) => state.sim.startTime + step * state.sim.secondsPerStep * 1000;
    app.addToFeed(...feedEntriesOf(delta, names, timeOfStep));
  });

  // Injects from before this page connected (or while it was away) that are still under way or waiting.
  client.on('snapshot', (state) => {
    const known = new Set(app.feed.flatMap((e) => (e.eventId ? [e.eventId] : [])));
    const timeOfStep = (step: number) => state.sim.startTime + step * state.sim.secondsPerStep * 1000;
    app.addToFeed(...feedEntriesOfEvents(state.events, known, timeOfStep).sort((a, b) => a.time - b.time));
  });

  const row = (entry: FeedEntry) => {
    const li = h(
      'li',
      { class: `feed-${entry.kind}${entry.focus ? ' focusable' : ''}`, title: `${shortDateTime(entry.time)}${entry.focus ? ' · click to see it on the map' : ''}`, 'data-kind': entry.kind },
      h('span', { class: 't' }, clockTime(entry.time)),
      h('span', { class: 'what' }, entry.text),
    );
    if (entry.focus) {
      const focus = entry.focus;
      li.addEventListener('click', () => app.focus(focus));
    }
    return li;
  };

  app.onFeed((entries) => {
    const shown = entries.slice(-SHOWN).reverse();
    list.replaceChildren(...(shown.length ? shown.map(row) : [h('li', { class: 'empty' }, 'Nothing injected, whispered or asked yet.')]));
  });
  list.replaceChildren(h('li', { class: 'empty' }, 'Nothing injected, whispered or asked yet.'));
}
