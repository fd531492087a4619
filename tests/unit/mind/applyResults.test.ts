/** The one applier of the mind's phase results (apply.ts): order, and what each kind writes. */
import { describe, expect, it } from 'vitest';
import { asAgentId, asConversationId } from '../../../server/engine/ids';
import type { AgentId } from '../../../server/engine/types';
import { applyResults, type AgentResults, type ApplyTarget } from '../../../server/mind/generative/apply';
import type { DeferredEntry, DeferredWork } from '../../../server/mind/generative/deferred';
import type { DraftMemory, GenerativeDeps } from '../../../server/mind/generative/deps';
import { freshAgentScratch, type MindScratch, type PlanChunk } from '../../../server/mind/generative/scratch';

const ada = asAgentId('ada');
const ben = asAgentId('ben');

function target() {
  const scratch: MindScratch = { format: 1, nextStep: 0, agents: { [ada]: freshAgentScratch('', ''), [ben]: freshAgentScratch('', '') }, pairCooldownUntil: {}, talks: {}, deferred: [] };
  const started: DeferredEntry[] = [];
  const drafts = new Map<AgentId, DraftMemory[]>([
    [ada, []],
    [ben, []],
  ]);
  const t: ApplyTarget = {
    scratch,
    deps: {} as GenerativeDeps,
    deferred: { start: (e: DeferredEntry) => started.push(e) } as unknown as DeferredWork,
    drafts: (id) => drafts.get(id)!,
  };
  return { t, scratch, started, drafts };
}

const memory = (description: string): DraftMemory => ({ type: 'thought', description, triple: ['x', 'thinks', description] });

describe('applying phase results', () => {
  it('applies in agent order (an agent\u2019s batches in their order), the town\u2019s housekeeping first', () => {
    const { t, scratch, started } = target();
    const entry = (key: string, agentId: AgentId) => ({ key, kind: 'rate', agentId, startStep: 1, dueStep: 5, calls: [], context: {} });
    const cid = asConversationId('c1-ada');
    scratch.talks[cid] = { [ada]: 'old' };
    const batch: AgentResults[] = [
      { agentId: ben, results: [{ kind: 'defer', entry: entry('b1', ben) }] },
      { agentId: ada, results: [{ kind: 'defer', entry: entry('a1', ada) }] },
      { agentId: ben, results: [{ kind: 'defer', entry: entry('b2', ben) }] },
      { agentId: null, results: [{ kind: 'conversationsEnded', ended: [], activeIds: new Set(), step: 3, cooldownSteps: 10 }] },
      { agentId: ada, results: [{ kind: 'talkNote', conversationId: cid, of: ada, text: 'new', mode: 'set' }] },
    ];
    applyResults(t, batch);
    expect(started.map((e) => e.key)).toEqual(['a1', 'b1', 'b2']);
    // The housekeeping dropped the old conversation's notes before Ada's note of it was written.
    expect(scratch.talks[cid]).toEqual({ [ada]: 'new' });
  });

  it('writes plans, memories, control and cooldowns', () => {
    const { t, scratch, drafts } = target();
    const chunk: PlanChunk = { start: 420, end: 480, activity: 'reading', tasks: null, version: 0, reused: false };
    scratch.agents[ada].reusePool = [
      { key: 'other|60', tasks: [] },
      { key: 'reading|60', tasks: [] },
      { key: 'last|60', tasks: [] },
    ];
    scratch.agents[ada].onMind = ['a party'];
    const tasks = [{ start: 420, minutes: 60, description: 'reading', place: 'home', emoji: '📖', event: ['Ada', 'is', 'reading'] as [string, string, string] }];
    applyResults(t, [
      {
        agentId: ada,
        results: [
          { kind: 'dayPlan', plan: { day: 0, wakeUpMinute: 420, goals: [], blocks: [], chunks: [chunk] }, currently: 'reading a lot' },
          { kind: 'pieceTasks', chunk, tasks, reusedFromPool: true },
          { kind: 'memories', drafts: [memory('one')] },
          { kind: 'control', control: { actionKey: 'k', waitUntilStep: 9, waitFor: ben } },
          { kind: 'cooldown', pair: 'ada|ben', until: 40 },
        ],
      },
    ]);
    const s = scratch.agents[ada];
    expect(s.plan!.chunks[0].tasks).toEqual(tasks);
    expect(s.plan!.chunks[0].reused).toBe(true);
    expect(s.reusePool.map((d) => d.key)).toEqual(['other|60', 'last|60', 'reading|60']); // most recently used last
    expect(s.currently).toBe('reading a lot');
    expect(s.onMind).toBeUndefined(); // used by the day plan
    expect(drafts.get(ada)!.map((d) => d.description)).toEqual(['one']);
    expect([s.actionKey, s.waitUntilStep, s.waitFor]).toEqual(['k', 9, ben]);
    expect(scratch.pairCooldownUntil).toEqual({ 'ada|ben': 40 });
    applyResults(t, [{ agentId: ben, results: [{ kind: 'cooldown', pair: 'ada|ben', until: null }] }]);
    expect(scratch.pairCooldownUntil).toEqual({});
  });

  it('conversation notes: set, only if missing, or afresh for a conversation one opens; lines ahead kept or dropped', () => {
    const { t, scratch } = target();
    const cid = asConversationId('c5-ada');
    applyResults(t, [
      {
        agentId: ada,
        results: [
          { kind: 'talkNote', conversationId: cid, of: ada, text: 'my brother', mode: 'opens' },
          { kind: 'talkNote', conversationId: cid, of: ada, text: 'not this', mode: 'ifMissing' },
          { kind: 'talkNote', conversationId: cid, of: ben, text: 'my sister', mode: 'ifMissing' },
          { kind: 'ahead', conversationId: cid, lines: [{ index: 1, speaker: ben, text: 'Hi', end: false }] },
        ],
      },
    ]);
    expect(scratch.talks[cid]).toEqual({ [ada]: 'my brother', [ben]: 'my sister' });
    expect(scratch.ahead?.[cid]).toHaveLength(1);
    applyResults(t, [{ agentId: ben, results: [{ kind: 'ahead', conversationId: cid, lines: [] }] }]);
    expect(scratch.ahead).toBeUndefined();
  });

  it('skips agents the mind does not know', () => {
    const { t, scratch } = target();
    applyResults(t, [{ agentId: asAgentId('nobody'), results: [{ kind: 'cooldown', pair: 'a|b', until: 3 }] }]);
    expect(scratch.pairCooldownUntil).toEqual({});
  });
});
