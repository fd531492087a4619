/**
 * The whole path a user takes with a model server: `hamlet run --llm-base-url …` in its own
 * process, the generative mind talking to a real HTTP server that speaks the OpenAI API (chat
 * completions with json_schema structured output, embeddings, models). The server answers like
 * the scripted town model: the task is the json_schema name the backend sends.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationStore } from '../../../server/store/simulationStore';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { townScriptWireAnswer } from '../../support/townScript';

const BIN = join(__dirname, '..', '..', '..', 'server', 'cli', 'hamlet.js');
const dir = mkdtempSync(join(tmpdir(), 'hamlet-openai-run-'));
let server: FakeOpenAiServer;


beforeAll(async () => {
  server = await startFakeOpenAiServer({ models: ['town-7b'], embedDimensions: 24, chatText: townScriptWireAnswer });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function hamlet(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('hamlet run with an OpenAI-compatible server', () => {
  it('runs the generative mind through the server from LLM_BASE_URL and records every call', async () => {
    const db = join(dir, 'llm.db');
    const out = await hamlet(['run', '--hours', '2', '--start', '2026-02-13T07:00', '--agents', '5', '--db', db, '--json', '--quiet'], {
      LLM_BACKEND: '',
      LLM_BASE_URL: server.url,
      EMBED_MODEL: 'hash-embed',
    });
    expect(out.code, out.stderr).toBe(0);
    const summary = JSON.parse(out.stdout);
    expect(summary.mind).toMatch(/^generative \(.*town-7b/);
    expect(summary.steps).toBe(720);
    expect(server.counts.chat).toBeGreaterThan(10);
    expect(server.counts.embeddings).toBeGreaterThan(0);
    // Structured output was asked for with the task's schema.
    expect(server.requests.find((r) => r.route === 'chat')?.body.response_format?.type).toBe('json_schema');

    const store = SimulationStore.open(db, { readonly: true });
    const calls = store.db.prepare('SELECT COUNT(*) AS n, SUM(tokens_in) AS tin FROM llm_calls').get() as { n: number; tin: number };
    const memories = store.db.prepare('SELECT COUNT(*) AS n FROM memories').get() as { n: number };
    const tasks = (store.db.prepare('SELECT DISTINCT task FROM llm_calls').all() as { task: string }[]).map((r) => r.task);
    store.close();
    // Every answered call is recorded; only deferred calls still in flight when the run ends (their
    // results would land after it: the snapshot keeps them for a resume) reach the server unrecorded.
    expect(calls.n).toBeLessThanOrEqual(server.counts.chat);
    expect(calls.n).toBeGreaterThanOrEqual(server.counts.chat - 10);
    expect(calls.tin).toBeGreaterThan(0);
    expect(memories.n).toBeGreaterThan(10);
    expect(tasks).toEqual(expect.arrayContaining(['planDay', 'decomposeBlock', 'rateImportance']));

    const stats = await hamlet(['stats', db]);
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/decomposeBlock/);
    expect(stats.stdout).toMatch(/per waking game hour/i);
  });
});
