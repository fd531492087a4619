/**
 * The inspector: who the selected person is, what they are doing and where, today's plan with
 * the current item highlighted, what is in use in the room they are in, recent memories with
 * importance, reflections (with the memories they rest on), what they know from the start
 * (the persona's seeded facts, which are not reflections) and conversations.
 * It asks the server again every second while open, so it follows the person live.
 */
import type { Inspection } from '../../../server/net/protocol';
import type { AgentId } from '../../../server/engine/ids';
import type { HamletApp } from '../app';
import { INSPECTOR_REFRESH_MS } from '../config';
import { byId, h } from './dom';
import { fallbackTag } from './healthBadge';
import { clockTime, shortDateTime } from './format';

const MAX_MEMORIES = 12;
const MAX_REFLECTIONS = 8;
const MAX_EVIDENCE = 3;
const MAX_KNOWN = 20;
const MAX_CONVERSATIONS = 4;
const MAX_IN_USE = 8;

export function mountInspector(app: HamletApp): void {
  const aside = byId('inspector');
  // The inspector's own content; the interview box below it keeps its state across refreshes.
  const panel = byId('inspector-body');
  let timer: ReturnType<typeof setInterval> | null = null;
  let pending = false;
  let last: Inspection | null = null;

  const names = () => new Map([...(app.client.state?.agents.values() ?? [])].map((a) => [a.id, a.name]));

  const refresh = async () => {
    const id = app.selection;
    if (!id || pending) return;
    pending = true;
    const answer = await app.client.request('inspect', { agentId: id as AgentId }) // (a selected agent's id, from the town's state);
    pending = false;
    if (app.selection !== id) return; // the user moved on meanwhile
    if (answer.ok) {
      last = answer.inspection;
      render(answer.inspection);
    } else {
      show([header(id, null), h('p', { class: 'error' }, answer.error)]);
    }
  };

  /**
   * Puts `nodes` in the panel unless it already shows the same: the panel is asked again every
   * second, and most answers (a paused town, a step still thinking) change nothing; swapping
   * identical content would drop the reader's text selection and hover each time.
   */
  const show = (nodes: Node[]) => {
    const next = h('div', null, ...nodes);
    if (next.innerHTML !== panel.innerHTML) panel.replaceChildren(...next.childNodes);
  };

  const header = (id: string, inspection: Inspection | null) => {
    const follow = h('button', { type: 'button', id: 'follow-button', title: 'Keep the camera on this person' }, app.isFollowing ? '📍 Following' : '📍 Follow');
    follow.addEventListener('click', () => app.follow(!app.isFollowing));
    const close = h('button', { type: 'button', id: 'inspector-close', title: 'Close' }, '✕');
    close.addEventListener('click', () => app.select(null));
    const name = inspection?.agent.name ?? app.client.state?.agents.get(id)?.name ?? id;
    return h('header', null, h('h2', { id: 'inspector-name' }, name), follow, close);
  };

  const render = (inspection: Inspection) => {
    const { agent, insight } = inspection;
    const who = names();
    const persona = insight?.persona;
    const stepMs = (app.client.state?.sim.secondsPerStep ?? 10) * 1000;
    const since = inspection.time - Math.max(0, inspection.step - agent.action.startStep) * stepMs;
    const how = agent.sleeping
      ? '😴 asleep'
      : agent.conversationId
        ? '💬 in a conversation'
        : agent.pathLength > 0
          ? `🚶 on the way (${agent.pathLength} tiles to go)`
          : `since ${clockTime(since)}`;
    const sections: (Node | null)[] = [
      header(agent.id, inspection),
      persona ? h('p', { class: 'sub' }, `${persona.age} · ${persona.occupation}`) : null,
      // A replay shows them as they were at the step shown (time travel): say when that is.
      app.client.state?.replay ? h('p', { class: 'sub', id: 'inspector-as-of' }, `🕰 as of ${shortDateTime(inspection.time)} (step ${inspection.step}): plan, memories and talks up to then`) : null,
      h('h3', null, 'Now'),
      h(
        'div',
        { class: 'now', id: 'inspector-now' },
        h('div', { class: 'what' }, `${agent.action.emoji} ${agent.action.description}`),
        h('div', { class: 'where' }, `📍 ${agent.place}`),
        h('div', { class: 'how' }, how),
        inUseHere(agent.action.address),
      ),
    ];
    if (persona) {
      sections.push(
        h('h3', null, 'Who'),
        h(
          'dl',
          null,
          h('dt', null, 'Traits'),
          h('dd', null, persona.traits),
          h('dt', null, 'Background'),
          h('dd', null, persona.background),
          h('dt', null, 'These days'),
          h('dd', null, persona.currently),
          h('dt', null, 'Lifestyle'),
          h('dd', null, persona.lifestyle),
        ),
      );
    }
    if (insight) {
      sections.push(
        h('h3', null, "Today's plan"),
        insight.plan.length
          ? h(
              'ol',
              { class: 'plan' },
              ...insight.plan.map((item) =>
                h(
                  'li',
                  { class: [item.current ? 'current' : '', item.sub ? 'task' : ''].join(' ').trim() || undefined },
                  h('span', { class: 't' }, `${clockTime(item.start)}–${clockTime(item.end)}`),
                  h('span', null, item.emoji ? `${item.emoji} ` : '', item.description, item.place ? h('span', { class: 'sub' }, ` @ ${item.place}`) : null, item.fallback ? fallbackTag('This plan item') : null),
                ),
              ),
            )
          : h('p', { class: 'empty' }, 'No plan yet.'),
        h('h3', null, 'Recent memories'),
        insight.memories.length
          ? h(
              'ul',
              { class: 'memories' },
              ...insight.memories.slice(0, MAX_MEMORIES).map((m) =>
                h('li', { title: `${m.type} · ${shortDateTime(m.created)}` }, importance(m.importance), h('span', null, m.description, m.fallback ? fallbackTag('Its importance') : null)),
              ),
            )
          : h('p', { class: 'empty' }, 'No memories recorded by this mind.'),
        h('h3', null, 'Reflections'),
        insight.reflections.length
          ? h(
              'ul',
              { class: 'memories', id: 'inspector-reflections' },
              ...insight.reflections.slice(0, MAX_REFLECTIONS).map((r) =>
                h(
                  'li',
                  { title: shortDateTime(r.created) },
                  importance(r.importance),
                  h(
                    'span',
                    null,
                    r.description,
                    r.sources?.length
                      ? h('ul', { class: 'evidence', title: 'The memories this rests on' }, ...r.sources.slice(0, MAX_EVIDENCE).map((e) => h('li', null, `↳ ${e.description}`)))
                      : null,
                  ),
                ),
              ),
            )
          : h('p', { class: 'empty' }, 'No reflections yet.'),
        h('h3', null, 'What they know from the start'),
        insight.known?.length
          ? h('ul', { class: 'known', id: 'inspector-known' }, ...insight.known.slice(0, MAX_KNOWN).map((k) => h('li', null, k.description)))
          : h('p', { class: 'empty' }, 'Nothing given.'),
        h('h3', null, 'Recent conversations'),
        insight.conversations.length
          ? h(
              'div',
              null,
              ...insight.conversations.slice(0, MAX_CONVERSATIONS).map((c) =>
                h(
                  'div',
                  { class: 'convo' },
                  h('div', { class: 'with' }, `with ${who.get(c.with) ?? c.with}`),
                  ...c.lines.map((l) => h('p', null, h('strong', null, `${(who.get(l.speaker) ?? l.speaker).split(' ')[0]}: `), l.text)),
                  c.summary ? h('p', { class: 'sub' }, c.summary) : null,
                ),
              ),
            )
          : h('p', { class: 'empty' }, 'No conversations yet.'),
      );
    } else {
      sections.push(h('p', { class: 'empty' }, 'This mind shares nothing more about them.'));
    }
    show(sections.filter((s): s is Node => s !== null));
  };

  /** The objects in use in the room they are in ("stove: cooking breakfast"), from the live town state. */
  const inUseHere = (address: string): HTMLElement | null => {
    const objects = app.client.state?.objects;
    const busy = objects && app.places ? app.places.busyInRoom(address, objects) : [];
    if (!busy.length) return null;
    const more = busy.length - MAX_IN_USE;
    return h(
      'ul',
      { class: 'in-use', id: 'inspector-in-use', title: 'Objects in use in this room' },
      ...busy.slice(0, MAX_IN_USE).map((o) => h('li', { 'data-address': o.address }, h('span', { class: 'dot' }), ' ', h('span', { class: 'obj' }, o.name), `: ${o.state}`)),
      more > 0 ? h('li', { class: 'more' }, `and ${more} more`) : null,
    );
  };

  app.onSelect((id) => {
    if (timer) clearInterval(timer);
    timer = null;
    last = null;
    if (!id) {
      aside.hidden = true;
      panel.replaceChildren();
      return;
    }
    aside.hidden = false;
    panel.replaceChildren(header(id, null), h('p', { class: 'empty' }, 'Loading…'));
    void refresh();
    timer = setInterval(() => void refresh(), INSPECTOR_REFRESH_MS);
  });
  app.onFollow(() => {
    if (last) render(last);
  });
}

function importance(value: number): HTMLElement {
  return h('span', { class: value >= 7 ? 'imp high' : 'imp', title: `importance ${value} of 10` }, value);
}
