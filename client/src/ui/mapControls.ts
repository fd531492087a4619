/**
 * Buttons over the map: zoom in, zoom out, and "Whole town" (which turns into "Back" to return
 * to where you were). Keys: F whole town / back, + and − zoom, Esc closes the inspector.
 */
import { byId, h } from './dom';

export interface MapControlHandlers {
  zoomIn(): void;
  zoomOut(): void;
  /** Whole town, or back to the view before it. */
  toggleWholeTown(): void;
  /** Esc: let go of the selected person. */
  deselect(): void;
}

export interface MapControls {
  /** Whether the view is the whole town (the button then offers to go back). */
  setWholeTown(on: boolean): void;
  destroy(): void;
}

function typingInto(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

export function mountMapControls(handlers: MapControlHandlers): MapControls {
  const zoomIn = h('button', { type: 'button', id: 'zoom-in-button', title: 'Zoom in (+)', 'aria-label': 'Zoom in' }, '+');
  const zoomOut = h('button', { type: 'button', id: 'zoom-out-button', title: 'Zoom out (−)', 'aria-label': 'Zoom out' }, '−');
  const whole = h('button', { type: 'button', id: 'whole-town-button' });
  const bar = h('div', { id: 'map-controls' }, zoomIn, zoomOut, whole);
  byId('game').append(bar);

  const setWholeTown = (on: boolean) => {
    whole.textContent = on ? '↩ Back' : '🗺️ Whole town';
    whole.title = on ? 'Back to where you were (F)' : 'See the whole town (F)';
    whole.dataset.wholeTown = String(on);
  };
  setWholeTown(false);

  // Buttons should not keep the focus (a later Space would press them again).
  const click = (button: HTMLButtonElement, run: () => void) =>
    button.addEventListener('click', () => {
      run();
      button.blur();
    });
  click(zoomIn, handlers.zoomIn);
  click(zoomOut, handlers.zoomOut);
  click(whole, handlers.toggleWholeTown);

  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return;
    const run = { f: handlers.toggleWholeTown, F: handlers.toggleWholeTown, '+': handlers.zoomIn, '=': handlers.zoomIn, '-': handlers.zoomOut, _: handlers.zoomOut, Escape: handlers.deselect }[event.key];
    if (!run) return;
    event.preventDefault();
    run();
  };
  window.addEventListener('keydown', onKey);

  return {
    setWholeTown,
    destroy: () => {
      window.removeEventListener('keydown', onKey);
      bar.remove();
    },
  };
}
