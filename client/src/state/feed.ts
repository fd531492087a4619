/**
 * The page's feed: everything injected, whispered and asked, with its game time and what the map
 * should centre on when the entry is clicked. Entries for inputs come from the step messages (so
 * every page sees what any controller did, in step order); the page's own interviews are added
 * locally (they are private to the asker and leave no trace in the step log). Pure data.
 */
import type { Snapshot, StepMessage } from '../../../server/net/protocol';

type WorldEventLike = Snapshot['events'][number];

/** What the map centres on for an entry: a place (an address, full or without the world) or a person. */
export type FeedFocus = { place: string } | { agentId: string };

export interface FeedEntry {
  kind: 'event' | 'objectState' | 'announcement' | 'whisper' | 'remember' | 'cancel' | 'asked';
  /** Game time (UTC ms) it happened or was asked; for a scheduled event, when it starts. */
  time: number;
  text: string;
  focus: FeedFocus | null;
  /** An injected event's id (links the entry to its marker and queue row). */
  eventId?: string;
}

/** How many entries the feed keeps (older ones drop off). */
export const FEED_LIMIT = 200;

/**
 * Entries for the inputs a step applied. `names` maps agent ids to names; `timeOfStep` gives the
 * game time at the start of a step (scheduled events are listed at the time they start).
 */
export function feedEntriesOf(delta: StepMessage, names: ReadonlyMap<string, string>, timeOfStep: (step: number) => number): FeedEntry[] {
  const name = (id: string) => names.get(id) ?? id;
  const now = timeOfStep(delta.step);
  const startOf = (id: string | undefined) => {
    const event = id ? delta.events?.find((e) => e.id === id) : undefined;
    return event && event.step > delta.step ? timeOfStep(event.step) : now;
  };
  const scheduled = (id: string | undefined) => (startOf(id) > now ? ' (scheduled)' : '');
  const entries: FeedEntry[] = [];
  for (const input of delta.inputs ?? []) {
    switch (input.kind) {
      case 'event':
        entries.push({ kind: 'event', time: startOf(input.id), text: `📣 ${input.description} @ ${shortPlace(input.address)}${input.radiusTiles ? ` (${input.radiusTiles} tiles around)` : ''}${scheduled(input.id)}`, focus: { place: input.address }, eventId: input.id });
        break;
      case 'objectState':
        entries.push({ kind: 'objectState', time: startOf(input.id), text: `🔧 ${shortPlace(input.address)} is ${input.state}${scheduled(input.id)}`, focus: { place: input.address }, eventId: input.id });
        break;
      case 'announcement':
        entries.push({ kind: 'announcement', time: startOf(input.id), text: `📢 to everyone: ${input.text}${scheduled(input.id)}`, focus: null, eventId: input.id });
        break;
      case 'whisper':
        entries.push({ kind: 'whisper', time: now, text: `🤫 whispered to ${name(input.agentId)}: ${input.text}`, focus: { agentId: input.agentId } });
        break;
      case 'remember':
        entries.push({ kind: 'remember', time: now, text: `🧠 ${name(input.agentId)} remembers being asked: ${input.question}`, focus: { agentId: input.agentId } });
        break;
      case 'cancel':
        entries.push({ kind: 'cancel', time: now, text: `✖ cancelled ${input.eventId}`, focus: null, eventId: input.eventId });
        break;
    }
  }
  return entries;
}

/**
 * Entries for the injected events a snapshot holds (under way or scheduled): a page that connects
 * later still sees what was injected before it came. Events already in `known` are left out.
 */
export function feedEntriesOfEvents(events: readonly WorldEventLike[], known: ReadonlySet<string>, timeOfStep: (step: number) => number): FeedEntry[] {
  return events
    .filter((e) => e.source === 'injected' && !known.has(e.id))
    .map((e): FeedEntry => {
      const time = timeOfStep(e.step);
      if (e.townWide) return { kind: 'announcement', time, text: `📢 to everyone: ${e.description}`, focus: null, eventId: e.id };
      if (e.objectState) return { kind: 'objectState', time, text: `🔧 ${shortPlace(e.address)} is ${e.objectState}`, focus: { place: e.address }, eventId: e.id };
      return { kind: 'event', time, text: `📣 ${e.description} @ ${shortPlace(e.address)}${e.radiusTiles ? ` (${e.radiusTiles} tiles around)` : ''}`, focus: { place: e.address }, eventId: e.id };
    });
}

/** "Hamlet:Willow Cafe:kitchen:stove" → "Willow Cafe › kitchen › stove" (the world's name left out). */
export function shortPlace(address: string): string {
  const parts = address.split(':');
  return (parts.length > 1 ? parts.slice(1) : parts).join(' › ');
}
