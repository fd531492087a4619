/**
 * The walks a replay rebuilds (server/net/walks.ts) against the real engine step (Simulation:
 * intents, planWalk, moveAgents, the delta) on a small open field, step by step: the replay's
 * path is the engine's wherever the log shows what the engine did, and where it cannot (an action
 * given again unseen, a conversation refused, a meeting walk after its talk) it is empty — never
 * another length.
 */
import { describe, expect, it } from 'vitest';
import { GameClock } from '../../../server/engine/clock';
import { asAgentId, type AgentId } from '../../../server/engine/ids';
import type { AgentIntent, Mind, Navigator } from '../../../server/engine/ports';
import { Simulation } from '../../../server/engine/simulation';
import type { AgentState, SimState, StepDelta } from '../../../server/engine/types';
import { talkingWith } from '../../../server/mind/generative/talkWords';
import { applyStepDelta } from '../../../server/net/replay';
import { followWalks, WalkWorld } from '../../../server/net/walks';
import type { TownMap } from '../../../server/world/types';
import { action, agent, openField, state } from '../engine/engineParts';

type Script = Record<number, [string, AgentIntent][]>;

/** A mind that gives the scripted intents at each step. */
function scripted(script: Script): Mind {
  return {
    label: 'script',
    kind: 'generative',
    decide: async (ctx) => new Map((script[ctx.step] ?? []).map(([id, intent]) => [asAgentId(id), structuredClone(intent)])),
    inspect: () => null,
    snapshot: () => null,
    restore: () => undefined,
  };
}

interface Compared {
  step: number;
  id: string;
  engine: number;
  replay: number;
  engineStart: number;
  replayStart: number;
}

/**
 * Runs the engine `steps` steps from `start` with the script, and a replay of its deltas beside it
 * (applyStepDelta, as `hamlet replay`; and WalkWorld, as the static page), from the start state.
 */
async function run(start: SimState, script: Script, steps: number, navigator: Navigator = openField()): Promise<Compared[]> {
  const map = { world: 'T', objects: new Map() } as unknown as TownMap;
  const sim = new Simulation({ map, clock: new GameClock('2026-02-13T07:00'), seed: 1, mind: scripted(script), navigator, state: structuredClone(start) });
  let replay = structuredClone(start);
  const page = new WalkWorld(
    {
      step: start.step,
      agents: start.agents.map((a) => ({ ...a, x: a.tile.x, y: a.tile.y })),
      conversations: start.conversations,
      motion: Object.fromEntries(start.agents.map((a) => [a.id, { startStep: a.action.startStep, path: a.path }])),
    },
    navigator,
  );
  const out: Compared[] = [];
  for (let i = 0; i < steps; i++) {
    const delta: StepDelta = await sim.step();
    replay = applyStepDelta(replay, JSON.parse(JSON.stringify(delta)) as StepDelta, { idleState: () => 'idle', navigator });
    page.apply(JSON.parse(JSON.stringify(delta)) as StepDelta);
    for (const live of sim.state.agents) {
      const shown = replay.agents.find((a) => a.id === live.id)!;
      // The static page follows the same walks.
      expect(page.agent(live.id)!.path, `${live.id} after step ${delta.step} (page)`).toEqual(shown.path);
      out.push({ step: delta.step, id: live.id, engine: live.path.length, replay: shown.path.length, engineStart: live.action.startStep, replayStart: shown.action.startStep });
      // Never a wrong number: the engine's path, or none.
      if (shown.path.length > 0) expect(shown.path, `${live.id} after step ${delta.step}`).toEqual(live.path);
    }
  }
  return out;
}

const of = (rows: Compared[], id: string) => rows.filter((r) => r.id === id);
const exact = (rows: Compared[]) => rows.every((r) => r.engine === r.replay && r.engineStart === r.replayStart);

describe('followWalks against the engine', () => {
  it('plans a walk where the engine did (an action begun after the start) and follows it to the end', async () => {
    const rows = await run(state([agent('ada', 0, 0), agent('ben', 9, 9)]), { 3: [['ada', { action: action({ description: 'reading', address: 'T:6:4' }) }]] }, 14);
    expect(exact(rows)).toBe(true);
    expect(of(rows, 'ada').map((r) => r.replay)).toEqual([0, 0, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0]);
    expect(of(rows, 'ada')[5]).toMatchObject({ replayStart: 3 });
  });

  it('keeps the walk while its walker sleeps or talks, and goes on after', async () => {
    const rows = await run(state([agent('ada', 0, 0), agent('ben', 0, 1)]), {
      1: [['ada', { action: action({ description: 'walking', address: 'T:8:0' }) }]],
      3: [['ada', { sleeping: true }]],
      5: [['ada', { sleeping: false }], ['ben', { startConversation: { with: asAgentId('ada'), firstLine: 'Hi!' } }]],
      8: [['ada', { say: { text: 'Bye!', end: true } }]],
    }, 16);
    expect(exact(rows)).toBe(true);
    // Walked 2 tiles, asleep 2 steps, talking 3 (ben opened it: ada stands), then on to the end.
    expect(of(rows, 'ada').map((r) => r.replay)).toEqual([0, 7, 6, 6, 6, 6, 6, 6, 5, 4, 3, 2, 1, 0, 0, 0]);
  });

  it('follows the meeting walk of a conversation’s opener ("talking with" the other, as the generative mind gives it) to one tile short of the other', async () => {
    const talk = (walk: boolean) => action({ description: talkingWith('BEN'), address: 'T:0:0', emoji: '💬', ...(walk ? { targetAgent: asAgentId('ben') } : {}) });
    const rows = await run(state([agent('ada', 0, 0), agent('ben', 6, 3, { action: action({ address: 'T:9:9' }), path: [] })]), {
      2: [['ada', { action: talk(true), startConversation: { with: asAgentId('ben'), firstLine: 'Ben!' } }]],
      3: [['ben', { action: action({ description: talkingWith('ADA'), address: 'T:9:9', emoji: '💬' }) }]],
    }, 14);
    expect(exact(rows)).toBe(true);
    // |dx| + |dy| = 9: 8 tiles to walk, one taken in the step that opened it; ben stands while they talk.
    expect(of(rows, 'ada').map((r) => r.replay)).toEqual([0, 0, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0]);
    expect(of(rows, 'ben').every((r) => r.replay === r.engine)).toBe(true);
  });

  it('says nothing of a meeting walk after its talk ended when the action may have been given again unseen', async () => {
    const talk = (walk: boolean) => action({ description: talkingWith('BEN'), address: 'T:8:3', emoji: '💬', ...(walk ? { targetAgent: asAgentId('ben') } : {}) });
    const rows = await run(state([agent('ada', 0, 0), agent('ben', 9, 0)]), {
      1: [['ada', { action: talk(true), startConversation: { with: asAgentId('ben'), firstLine: 'Ben!' } }]],
      3: [['ben', { say: { text: 'Not now.', end: true } }]],
      // The same description, place and emoji (no delta), now a walk to its place: its first tile is the meeting walk's next.
      4: [['ada', { action: talk(false) }]],
    }, 10);
    // Exact through the step the talk ended (3); unknown after, where following the meeting walk would say 4, 3, ...
    expect(of(rows, 'ada').map((r) => r.engine)).toEqual([0, 7, 6, 5, 7, 6, 5, 4, 3, 2]);
    expect(of(rows, 'ada').map((r) => r.replay)).toEqual([0, 7, 6, 5, 0, 0, 0, 0, 0, 0]);
  });

  it('says nothing of the walk of an opener whose conversation was refused (the other fell asleep that step)', async () => {
    // abe comes first in agent order: asleep before bob's conversation is tried.
    const rows = await run(state([agent('abe', 5, 0), agent('bob', 0, 0)]), {
      2: [
        ['abe', { sleeping: true }],
        ['bob', { action: action({ description: talkingWith('ABE'), address: 'T:4:2', emoji: '💬', targetAgent: asAgentId('abe') }), startConversation: { with: asAgentId('abe'), firstLine: 'Abe?' } }],
      ],
    }, 6);
    const bob = of(rows, 'bob');
    // The engine walks bob to meet abe (5 tiles less the last); the walk to its place starts on the same tile and is 6 long: the log cannot tell them apart.
    expect(bob.slice(2).map((r) => r.engine)).toEqual([3, 2, 1, 0]);
    expect(bob.slice(2).map((r) => r.replay)).toEqual([0, 0, 0, 0]);
  });

  it('says nothing once the walker leaves the path followed: an action given again unseen, re-planned along other tiles', async () => {
    // Paths go along x first from even tiles (x + y), along y first from odd ones: same length, other tiles.
    const field = openField();
    const zigzag: Navigator = {
      ...field,
      path(from, to) {
        if ((from.x + from.y) % 2 === 0) return field.path(from, to);
        const out = [];
        let { x, y } = from;
        while (y !== to.y) out.push({ x, y: (y += Math.sign(to.y - y)) });
        while (x !== to.x) out.push({ x: (x += Math.sign(to.x - x)), y });
        return out;
      },
    };
    const go = action({ description: 'walking', address: 'T:6:6' });
    const rows = await run(state([agent('ada', 0, 0)]), { 1: [['ada', { action: go }]], 4: [['ada', { action: go }]] }, 10, zigzag);
    const ada = of(rows, 'ada');
    expect(ada.map((r) => r.engine)).toEqual([0, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    // Right until the walker turns off the path followed (the re-plan at 4 went down, not right): then nothing.
    expect(ada.map((r) => r.replay)).toEqual([0, 11, 10, 9, 0, 0, 0, 0, 0, 0]);
  });

  it('leaves walks begun since the start unknown without a navigator (no map), as before', () => {
    const before: AgentState[] = [agent('ada', 0, 0)];
    const delta: StepDelta = { step: 4, time: 0, agents: [{ id: asAgentId('ada'), x: 1, y: 0, action: { description: 'reading', address: 'T:3:0', emoji: '📖' } }] };
    expect(followWalks(before, [], delta, null).get('ada' as AgentId)).toEqual({ startStep: 4, path: [] });
    expect(followWalks(before, [], delta, openField()).get('ada' as AgentId)).toEqual({ startStep: 4, path: [{ x: 2, y: 0 }, { x: 3, y: 0 }] });
  });
});
