/**
 * What the scenes and the DOM panels share: the connection to the town and who is selected.
 * Selecting an agent (on the map or in the list) opens the inspector; following moves the camera.
 */
import type { TownSource } from './net/townClient';
import type { FeedEntry, FeedFocus } from './state/feed';
import { FEED_LIMIT } from './state/feed';
import type { NamedPlace, PlaceIndex } from './town/placeIndex';

type SelectionListener = (id: string | null) => void;
type FollowListener = (following: boolean) => void;
type FocusListener = (focus: FeedFocus) => void;
type FeedListener = (entries: readonly FeedEntry[]) => void;

export class HamletApp {
  private selected: string | null = null;
  private following = false;
  private readonly selectionListeners = new Set<SelectionListener>();
  private readonly followListeners = new Set<FollowListener>();

  private readonly focusListeners = new Set<FocusListener>();
  private readonly feedListeners = new Set<FeedListener>();
  private readonly feedEntries: FeedEntry[] = [];

  /** Where the town's objects are (set once the map has loaded). */
  places: PlaceIndex | null = null;
  /**
   * While set, the next click on the map picks a place (the inject panel's "pick on the map")
   * instead of selecting a person; the scene calls it and clears it.
   */
  placePicker: ((place: NamedPlace | null) => void) | null = null;

  constructor(readonly client: TownSource) {}

  get selection(): string | null {
    return this.selected;
  }

  get isFollowing(): boolean {
    return this.following;
  }

  select(id: string | null): void {
    if (id === this.selected) return;
    this.selected = id;
    if (id === null) this.follow(false);
    for (const listener of this.selectionListeners) listener(id);
  }

  follow(on: boolean): void {
    const next = on && this.selected !== null;
    if (next === this.following) return;
    this.following = next;
    for (const listener of this.followListeners) listener(next);
  }

  /** Centres the map on a place or a person (the feed's entries). */
  focus(target: FeedFocus): void {
    for (const listener of this.focusListeners) listener(target);
  }

  onFocus(listener: FocusListener): () => void {
    this.focusListeners.add(listener);
    return () => this.focusListeners.delete(listener);
  }

  /** Adds entries to the feed (newest last; the oldest drop off past FEED_LIMIT). */
  addToFeed(...entries: FeedEntry[]): void {
    if (!entries.length) return;
    this.feedEntries.push(...entries);
    this.feedEntries.splice(0, Math.max(0, this.feedEntries.length - FEED_LIMIT));
    for (const listener of this.feedListeners) listener(this.feedEntries);
  }

  get feed(): readonly FeedEntry[] {
    return this.feedEntries;
  }

  onFeed(listener: FeedListener): () => void {
    this.feedListeners.add(listener);
    return () => this.feedListeners.delete(listener);
  }

  onSelect(listener: SelectionListener): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }

  onFollow(listener: FollowListener): () => void {
    this.followListeners.add(listener);
    return () => this.followListeners.delete(listener);
  }
}
