/** A small tooltip that follows the mouse over the map (who someone is, what an object is doing). */
import { byId, h } from './dom';

export interface MapTooltip {
  /** Shows `lines` (first one bold) near canvas point (x, y); no lines hides it. */
  show(x: number, y: number, lines: string[]): void;
  hide(): void;
  destroy(): void;
}

const OFFSET_PX = 14;

export function mountMapTooltip(): MapTooltip {
  const game = byId('game');
  const tip = h('div', { id: 'map-tooltip', role: 'tooltip', hidden: true });
  game.append(tip);
  let shown = '';

  const hide = () => {
    tip.hidden = true;
    shown = '';
  };

  return {
    show(x, y, lines) {
      if (!lines.length) return hide();
      const key = lines.join('\n');
      if (key !== shown) {
        tip.replaceChildren(...lines.map((line, i) => h('div', { class: i === 0 ? 'title' : undefined }, line)));
        shown = key;
      }
      tip.hidden = false;
      // Keep it inside the map: flip to the other side of the pointer near the right or bottom edge.
      const flipX = x + OFFSET_PX + tip.offsetWidth > game.clientWidth;
      const flipY = y + OFFSET_PX + tip.offsetHeight > game.clientHeight;
      tip.style.left = `${flipX ? Math.max(0, x - OFFSET_PX - tip.offsetWidth) : x + OFFSET_PX}px`;
      tip.style.top = `${flipY ? Math.max(0, y - OFFSET_PX - tip.offsetHeight) : y + OFFSET_PX}px`;
    },
    hide,
    destroy: () => tip.remove(),
  };
}
