/**
 * Replays and resumes do not go live by surprise: a generative run recorded on the fake
 * OpenAI-compatible server replays with no backend at all into the identical step log, a call the
 * record lacks stops the replay, and a generative run is not quietly continued rule-based.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationStore } from '../../../server/store/simulationStore';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { hamletAsync } from '../../support/hamletCli';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-cli-replay-'));
let server: FakeOpenAiServer;
const recorded = join(dir, 'recorded.db');
let recordedHash: string;
let recordedMind: string;

beforeAll(async () => {
  server = await startFakeOpenAiServer({ chatText: () => '{"score": 5}' });
  // Offline with an empty cache: the local embedder is missing, so the server embeds (#9.2).
  const out = await hamletAsync(
    ['run', '--steps', '90', '--map', 'maps/village.tmj', '--db', recorded, '--json', '--offline', '--model-cache', join(dir, 'empty-cache')],
    { LLM_BASE_URL: server.url, LLM_BACKEND: '' },
  );
  expect(out.code, out.stderr).toBe(0);
  const summary = JSON.parse(out.stdout);
  recordedHash = summary.stepLogSha256;
  recordedMind = summary.mind;
  expect(recordedMind).toMatch(/^generative \(fake-model · openai-compatible/);
  expect(server.counts.chat).toBeGreaterThan(0);
  expect(server.counts.embeddings).toBeGreaterThan(0);
}, 180_000);
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('replay and resume of a generative run', () => {
  it('replays with --llm-backend none into the identical step log, asking no server', async () => {
    const before = { ...server.counts };
    const out = await hamletAsync(['run', '--steps', '90', '--map', 'maps/village.tmj', '--db', join(dir, 'replayed.db'), '--json', '--llm-backend', 'none', '--replay-llm', recorded]);
    expect(out.code, out.stderr).toBe(0);
    const summary = JSON.parse(out.stdout);
    expect(summary.stepLogSha256).toBe(recordedHash);
    expect(summary.mind).toMatch(/^generative \(replay of fake-model/);
    expect(out.stderr).toMatch(/answering every call from the record in .*recorded\.db; a call it lacks stops the run/);
    expect(server.counts).toEqual(before);
  });

  it('stops a replay without a live model at the first call the record lacks', async () => {
    const out = await hamletAsync(['run', '--steps', '90', '--start', '2026-02-14T06:00', '--map', 'maps/village.tmj', '--db', join(dir, 'other-day.db'), '--llm-backend', 'none', '--replay-llm', recorded, '--quiet']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/the replay record has no answer for .* configure a live model/);
  });

  it('refuses to resume a generative run without a model, and continues it rule-based only with --switch-mind', async () => {
    const refused = await hamletAsync(['run', '--steps', '10', '--db', recorded, '--resume', '--llm-backend', 'none']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${recorded} was run with the generative mind (${recordedMind}), but no language model is available now`);
    expect(refused.stderr).toMatch(/--switch-mind to continue it with the rule-based mind/);
    // Nothing changed in the file.
    let store = SimulationStore.open(recorded, { readonly: true });
    expect(store.meta.mind).toBe(recordedMind);
    expect(store.stepCount()).toBe(90);
    store.close();

    // A local model that cannot be had is refused the same way, after the attempt.
    const offline = await hamletAsync(['run', '--steps', '10', '--db', recorded, '--resume', '--offline', '--model-cache', join(dir, 'empty-cache')], { LLM_BACKEND: '' });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/was run with the generative mind .* not found locally/s);

    const switched = await hamletAsync(['run', '--steps', '10', '--db', recorded, '--resume', '--llm-backend', 'none', '--switch-mind', '--json']);
    expect(switched.code, switched.stderr).toBe(0);
    expect(JSON.parse(switched.stdout)).toMatchObject({ resumed: true, mind: 'rule-based (no language model)' });
    store = SimulationStore.open(recorded, { readonly: true });
    expect(store.meta.mind).toBe('rule-based (no language model)');
    store.close();
  });
});
