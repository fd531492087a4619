/**
 * Recording every model call into the simulation file (real SQLite) and replaying a run from
 * that record: same answers, same outcomes, misses to the live model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instrumentModels } from '../../../server/llm/factory';
import { promptHash, RecordingEmbedder, RecordingLanguageModel } from '../../../server/llm/recorder';
import { RecordedFailureError, ReplayLanguageModel, ReplayMissError } from '../../../server/llm/replay';
import { defineTask, runTask, TaskCounters } from '../../../server/llm/task';
import type { LanguageModel } from '../../../server/llm/types';
import { openDatabase, type Db } from '../../../server/store/database';
import { LlmCallStore, summarizeCalls } from '../../../server/store/llmCalls';
import { answerJson, HashEmbedder, ScriptedModel } from '../../support/scriptedModel';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-llm-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rate = defineTask({
  name: 'rateImportance',
  build: (memory: string) => ({ system: 'Rate importance 1-10.', messages: [{ role: 'user' as const, content: `Memory: ${memory}\nJSON {"score": n}` }] }),
  schema: z.object({ score: z.number().int().min(1).max(10) }),
  maxTokens: 10,
  failSafe: () => ({ score: 4 }),
});
const react = defineTask({
  name: 'react',
  build: (other: string) => ({ messages: [{ role: 'user' as const, content: `You see ${other}. {"choice": "talk"|"wait"|"continue"}` }] }),
  schema: z.object({ choice: z.enum(['talk', 'wait', 'continue']) }),
  maxTokens: 10,
  failSafe: () => ({ choice: 'continue' as const }),
});

/** A small "simulation": two agents, three steps, a few task calls each. */
async function simulate(model: LanguageModel) {
  const results: unknown[] = [];
  const counters = new TaskCounters();
  for (let step = 1; step <= 3; step++) {
    for (const agentId of ['isabella', 'klaus']) {
      const r1 = await runTask(model, rate, `${agentId} saw something at step ${step}`, { agentId, step }, { counters });
      const r2 = await runTask(model, react, agentId === 'isabella' ? 'Klaus' : 'Isabella', { agentId, step }, { counters });
      results.push([r1.value, r1.outcome, r2.value, r2.outcome]);
    }
  }
  return { results, counters: counters.snapshot() };
}

/** A live model whose answers depend on how many calls it has had (so a replay must use the record). */
function liveModel(): ScriptedModel {
  let n = 0;
  return new ScriptedModel({
    name: 'live-model',
    respond: (request) => {
      n++;
      if (request.tag?.task === 'rateImportance') {
        if (n % 5 === 0) return new Error('HTTP 503');
        if (n % 4 === 0) return 'I am not sure.';
        return answerJson({ score: (n % 10) + 1 });
      }
      return n % 3 === 0 ? "{choice: 'Talk',}" : answerJson({ choice: ['talk', 'wait', 'continue'][n % 3] });
    },
  });
}

function fileDb(name: string): Db {
  return openDatabase(join(dir, name));
}

describe('recording model calls', () => {
  it('stores each call with prompt, answer, tokens, timing and outcome', async () => {
    const db = fileDb('record.db');
    const store = new LlmCallStore(db);
    const scripted = new ScriptedModel()
      .enqueue('rateImportance', 'no idea', answerJson({ score: 7 }))
      .enqueue('react', new Error('HTTP 500'), answerJson({ choice: 'wait' }));
    const recorder = new RecordingLanguageModel(scripted, store);
    await runTask(recorder, rate, 'got engaged', { agentId: 'maria', step: 12 }, { counters: new TaskCounters() });
    await runTask(recorder, react, 'Klaus', { agentId: 'maria', step: 12 }, { counters: new TaskCounters() });

    const rows = db.prepare('SELECT * FROM llm_calls ORDER BY id').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      task: 'rateImportance',
      agent_id: 'maria',
      step: 12,
      attempt: 1,
      answer: 'no idea',
      model: 'scripted',
      cached: 0,
      outcome: 'rejected',
      problem: 'no JSON object found in the answer',
    });
    expect(rows[0].prompt_hash).toBe(promptHash('Rate importance 1-10.', rate.build('got engaged').messages));
    expect(JSON.parse(rows[0].prompt as string)).toEqual({ system: 'Rate importance 1-10.', messages: rate.build('got engaged').messages, schema: 'rateImportance' });
    expect(rows[1]).toMatchObject({ attempt: 2, answer: '{"score":7}', outcome: 'retried' });
    expect(rows[1].tokens_in as number).toBeGreaterThan(0);
    expect(rows[1].run_id).toBe(rows[0].run_id);
    expect(rows[2]).toMatchObject({ task: 'react', answer: null, error: 'HTTP 500', outcome: 'error', tokens_in: 0 });
    expect(rows[3]).toMatchObject({ task: 'react', outcome: 'retried' });
    expect(recorder.totals()).toMatchObject({ calls: 4, failedCalls: 1, cachedCalls: 0 });
  });

  it('counts embedding calls apart', async () => {
    const db = openDatabase(':memory:');
    const store = new LlmCallStore(db);
    const recorder = new RecordingLanguageModel(new ScriptedModel(), store);
    const embedder = new RecordingEmbedder(new HashEmbedder(8), store, recorder);
    expect(embedder.dimensions).toBe(8);
    await embedder.embed(['a', 'b', 'c']);
    await embedder.embed(['d']);
    const summary = summarizeCalls(db);
    expect(summary.embeddings).toMatchObject({ calls: 2, texts: 4, failedCalls: 0 });
    expect(summary.totals.calls).toBe(0);
    expect(recorder.totals()).toMatchObject({ embeddingCalls: 2, embeddedTexts: 4 });
  });

  it('summarises calls, tokens and outcomes per task and agent', async () => {
    const db = fileDb('summary.db');
    const recorder = new RecordingLanguageModel(liveModel(), new LlmCallStore(db));
    const { counters } = await simulate(recorder);
    const summary = summarizeCalls(db);
    const recorded = (db.prepare('SELECT COUNT(*) AS n, SUM(tokens_in) AS tin, SUM(tokens_out) AS tout FROM llm_calls').get() as { n: number; tin: number; tout: number });
    expect(summary.totals).toMatchObject({ calls: recorded.n, tokensIn: recorded.tin, tokensOut: recorded.tout, cachedCalls: 0 });
    expect(summary.byTask.map((t) => t.task).sort()).toEqual(['rateImportance', 'react']);
    for (const t of summary.byTask) {
      const c = counters[t.task];
      // Task-run outcomes in the file match the in-memory counters.
      expect(t.outcomes).toMatchObject({ ok: c.ok, repaired: c.repaired, retried: c.retried, failSafe: c.failSafe });
      expect(t.calls).toBe(c.calls);
    }
    expect(summary.byAgent.map((a) => a.agentId).sort()).toEqual(['isabella', 'klaus']);
    expect(summary.byAgent.reduce((s, a) => s + a.calls, 0)).toBe(summary.totals.calls);
    expect(summary.steps).toEqual({ first: 1, last: 3 });
    expect(summary.models).toEqual(['live-model']);
    expect(summary.totals.failedCalls).toBeGreaterThan(0);
  });

  it('summarises an empty or pre-existing file without the tables', () => {
    const db = openDatabase(':memory:');
    expect(summarizeCalls(db)).toMatchObject({ totals: { calls: 0 }, byTask: [], steps: null, embeddings: { calls: 0 } });
  });
});

describe('replaying a recorded run', () => {
  it('re-simulates exactly from the record, without the live model', async () => {
    const original = fileDb('original.db');
    const first = await simulate(new RecordingLanguageModel(liveModel(), new LlmCallStore(original)));
    original.close();

    const record = openDatabase(join(dir, 'original.db'), { readonly: true });
    const records = new LlmCallStore(record).loadReplayRecords();
    const neverAsked = new ScriptedModel({ fallback: new Error('live model must not be asked') });
    const replay = new ReplayLanguageModel(records, neverAsked);
    const replayDb = fileDb('replayed.db');
    const second = await simulate(new RecordingLanguageModel(replay, new LlmCallStore(replayDb)));

    expect(second.results).toEqual(first.results);
    expect(second.counters).toEqual(first.counters);
    expect(neverAsked.requests).toHaveLength(0);
    expect(replay.stats()).toEqual({ hits: records.length, misses: 0, unused: 0 });
    // The replayed file records the same calls, answered from the record.
    const replayed = summarizeCalls(replayDb);
    expect(replayed.totals.calls).toBe(records.length);
    expect(replayed.totals.cachedCalls).toBe(records.filter((r) => r.answer !== null).length);
    expect(replayed.totals.tokensIn).toBe(summarizeCalls(record).totals.tokensIn);
  });

  it('falls through to the live model on a miss and counts it', async () => {
    const records = [{ task: 'react', agentId: 'a', step: 1, promptHash: promptHash(undefined, react.build('B').messages), answer: answerJson({ choice: 'wait' }), model: 'm', tokensIn: 9, tokensOut: 3 }];
    const live = new ScriptedModel({ fallback: answerJson({ choice: 'talk' }) });
    const replay = new ReplayLanguageModel(records, live);
    const hit = await runTask(replay, react, 'B', { agentId: 'a', step: 1 }, { counters: new TaskCounters() });
    const miss = await runTask(replay, react, 'B', { agentId: 'a', step: 2 }, { counters: new TaskCounters() });
    expect(hit).toMatchObject({ value: { choice: 'wait' }, usage: { inputTokens: 9, outputTokens: 3 } });
    expect(miss.value).toEqual({ choice: 'talk' });
    expect(live.requests).toHaveLength(1);
    expect(replay.stats()).toEqual({ hits: 1, misses: 1, unused: 0 });
  });

  it('answers repeats of the same prompt in recorded order, failures included', async () => {
    const hash = promptHash(undefined, [{ role: 'user', content: 'x' }]);
    const base = { task: 't', agentId: null, step: null, promptHash: hash, model: 'm', tokensIn: 1, tokensOut: 1 };
    const replay = new ReplayLanguageModel([
      { ...base, answer: null, error: 'HTTP 429' },
      { ...base, answer: 'second' },
    ]);
    const request = { messages: [{ role: 'user' as const, content: 'x' }], maxTokens: 5, tag: { task: 't' } };
    await expect(replay.generate(request)).rejects.toBeInstanceOf(RecordedFailureError);
    await expect(replay.generate(request)).resolves.toMatchObject({ text: 'second', cached: true });
    await expect(replay.generate(request)).rejects.toBeInstanceOf(ReplayMissError);
  });
});

describe('instrumentModels', () => {
  it('records a replayed run, answering from the record and misses from the live model', async () => {
    const hash = promptHash(undefined, react.build('B').messages);
    const records = [{ task: 'react', agentId: 'a', step: 1, promptHash: hash, answer: answerJson({ choice: 'wait' }), model: 'm', tokensIn: 4, tokensOut: 2 }];
    const db = openDatabase(':memory:');
    const live = new ScriptedModel({ fallback: answerJson({ choice: 'talk' }) });
    const models = instrumentModels(new LlmCallStore(db), { llm: live, embedder: new HashEmbedder(8), replayRecords: records });
    await runTask(models.llm!, react, 'B', { agentId: 'a', step: 1 }, { counters: new TaskCounters() });
    await runTask(models.llm!, react, 'B', { agentId: 'a', step: 2 }, { counters: new TaskCounters() });
    await models.embedder!.embed(['x']);
    expect(models.replay!.stats()).toEqual({ hits: 1, misses: 1, unused: 0 });
    expect(summarizeCalls(db)).toMatchObject({ totals: { calls: 2, cachedCalls: 1, outcomes: { ok: 2 } }, embeddings: { calls: 1, texts: 1 } });
  });
});
