/** The list of townsfolk with what each is doing now; clicking one selects them. */
import type { AgentView } from '../../../server/net/protocol';
import type { HamletApp } from '../app';
import type { TownState } from '../state/townState';
import { byId, h } from './dom';

export function mountAgentList(app: HamletApp): void {
  const list = byId<HTMLUListElement>('agent-list');
  const count = byId('agent-count');
  const rows = new Map<string, { li: HTMLLIElement; emoji: HTMLElement; doing: HTMLElement }>();

  const describe = (agent: AgentView) => {
    const talking = agent.conversationId ? ' · 💬 talking' : '';
    return `${agent.action.description}${talking}`;
  };

  const render = (state: TownState) => {
    rows.clear();
    const agents = [...state.agents.values()].sort((a, b) => a.name.localeCompare(b.name));
    list.replaceChildren(
      ...agents.map((agent) => {
        const emoji = h('span', { class: 'emoji' }, agent.action.emoji);
        const doing = h('span', { class: 'doing', title: agent.action.description }, describe(agent));
        const li = h('li', { 'data-agent-id': agent.id, class: agent.id === app.selection ? 'selected' : undefined }, emoji, h('span', { class: 'name' }, agent.name), doing);
        li.addEventListener('click', () => app.select(agent.id));
        rows.set(agent.id, { li, emoji, doing });
        return li;
      }),
    );
    count.textContent = `People (${agents.length})`;
  };

  app.client.on('snapshot', render);
  app.client.on('step', (delta, state) => {
    for (const d of delta.agents ?? []) {
      if (d.action === undefined && d.sleeping === undefined && d.conversationId === undefined) continue;
      const row = rows.get(d.id);
      const agent = state.agents.get(d.id);
      if (!row || !agent) continue;
      row.emoji.textContent = agent.action.emoji;
      row.doing.textContent = describe(agent);
      row.doing.title = agent.action.description;
    }
  });
  app.onSelect((id) => {
    for (const [agentId, row] of rows) row.li.classList.toggle('selected', agentId === id);
    if (id) rows.get(id)?.li.scrollIntoView({ block: 'nearest' });
  });
}
