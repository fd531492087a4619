/**
 * `hamlet interview <db> "<name>" --at <step | time>` as a user runs it: a real process, a real
 * simulation file, the model an OpenAI-compatible fake server answering with the town script.
 * The agent answers as it was then: only memories made before the step are drawn on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationStore } from '../../../server/store/simulationStore';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { hamletAsync } from '../../support/hamletCli';
import { writeMiniTown } from '../../support/miniTown';
import { townScriptWireAnswer } from '../../support/townScript';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-interview-at-'));
const mini = writeMiniTown(join(dir, 'mini'));
const db = join(dir, 'run.db');
let server: FakeOpenAiServer;
let modelFlags: string[];
const hamlet = (args: string[]) => hamletAsync(args, { LLM_BACKEND: '', HAMLET_TOKEN: '' });

beforeAll(async () => {
  server = await startFakeOpenAiServer({ chatText: townScriptWireAnswer });
  modelFlags = ['--llm-base-url', server.url, '--llm-api-key', 'sk-test', '--embed-model', 'fake-embed'];
  const run = await hamlet(['run', '--steps', '300', '--map', mini.mapPath, '--db', db, '--start', '2026-02-13T07:30', '--json', '-q', ...modelFlags]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}, 180_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function stored() {
  const store = SimulationStore.open(db, { readonly: true });
  try {
    return {
      log: store.stepLogHash(),
      memories: store.db.prepare('SELECT id, agent_id, step, last_accessed FROM memories ORDER BY id').all() as { id: number; agent_id: string; step: number; last_accessed: number }[],
    };
  } finally {
    store.close();
  }
}

describe('hamlet interview --at', () => {
  it('answers as of a step: only memories made before it, and the file stays as it was', async () => {
    const before = stored();
    const r = await hamlet(['interview', db, 'Ada Ash', '--at', '150', '--ask', 'What did you do this morning?', '--json', ...modelFlags]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ agent: { id: 'ada-ash' }, step: 150, time: expect.stringContaining('07:55'), outcome: 'ok' });
    const earlier = new Set(before.memories.filter((m) => m.agent_id === 'ada-ash' && m.step < 150).map((m) => m.id));
    expect(before.memories.some((m) => m.agent_id === 'ada-ash' && m.step >= 150), 'the run has later memories').toBe(true);
    expect(out.memories.length).toBeGreaterThan(0);
    for (const m of out.memories) expect(earlier.has(m.id), `memory ${m.id} was made before step 150`).toBe(true);
    expect(stored()).toEqual(before);
  }, 90_000);

  it('takes a game time too (the first step at or after it)', async () => {
    const r = await hamlet(['interview', db, 'ben-ash', '--at', '2026-02-13T07:50', '--ask', 'Hello?', '--json', ...modelFlags]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ step: 120, agent: { id: 'ben-ash' } });
  }, 90_000);

  it('refuses a time outside the run, --remember with --at, and no model, each in one line', async () => {
    const outside = await hamlet(['interview', db, 'Ada Ash', '--at', '5000', '--ask', 'Hi?', ...modelFlags]);
    expect(outside.code).toBe(1);
    expect(outside.stderr.trim()).toMatch(/--at 5000: .*run\.db holds steps 0–300 \(/);
    expect(outside.stderr.trim().split('\n')).toHaveLength(1);
    const bad = await hamlet(['interview', db, 'Ada Ash', '--at', 'noon', '--ask', 'Hi?', ...modelFlags]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--at "noon": give a step number or a game time YYYY-MM-DDTHH:MM/);
    const remember = await hamlet(['interview', db, 'Ada Ash', '--at', '10', '--remember', '--ask', 'Hi?']);
    expect(remember.code).toBe(2);
    expect(remember.stderr.trim().split('\n')).toHaveLength(1);
    const none = await hamlet(['interview', db, 'Ada Ash', '--at', '10', '--ask', 'Hi?', '--llm-backend', 'none']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/interviews need a language model/);
  }, 90_000);
});
