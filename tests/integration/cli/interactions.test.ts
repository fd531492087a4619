/**
 * `hamlet interview`, `hamlet inject` and `hamlet whisper` as a user runs them: real processes,
 * a real simulation file, the model an OpenAI-compatible fake server answering with the town script.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationStore } from '../../../server/store/simulationStore';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { writeMiniTown } from '../../support/miniTown';
import { townScriptWireAnswer } from '../../support/townScript';

const BIN = join(__dirname, '..', '..', '..', 'server', 'cli', 'hamlet.js');
const dir = mkdtempSync(join(tmpdir(), 'hamlet-cli-act-'));
const mini = writeMiniTown(join(dir, 'mini'));
const db = join(dir, 'run.db');
let server: FakeOpenAiServer;
let modelFlags: string[];

/** Runs hamlet without blocking this process (the fake server lives here). */
function hamlet(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LLM_BASE_URL: '', LLM_BACKEND: '', HAMLET_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}


const interviewPrompts = () => server.requests.filter((r) => r.route === 'chat' && r.body?.response_format?.json_schema?.name === 'answerInterview');

beforeAll(async () => {
  server = await startFakeOpenAiServer({ chatText: townScriptWireAnswer });
  modelFlags = ['--llm-base-url', server.url, '--llm-api-key', 'sk-test', '--embed-model', 'fake-embed'];
  const run = await hamlet(['run', '--steps', '200', '--map', mini.mapPath, '--db', db, '--start', '2026-02-13T07:30', '--json', '-q', ...modelFlags]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function fileState() {
  const store = SimulationStore.open(db, { readonly: true });
  try {
    const q = (sql: string) => store.db.prepare(sql).all();
    return { log: store.stepLogHash(), memories: q('SELECT * FROM memories ORDER BY id'), touches: q('SELECT * FROM memory_touches'), calls: q('SELECT COUNT(*) AS n FROM llm_calls') };
  } finally {
    store.close();
  }
}

describe('hamlet interview', () => {
  it('--ask --json answers in character from retrieved memories, and leaves the run untouched', async () => {
    const before = fileState();
    const r = await hamlet(['interview', db, 'Ada Ash', '--ask', 'Do you like the coffee at Corner Cafe?', '--json', ...modelFlags]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ agent: { id: 'ada-ash', name: 'Ada Ash' }, step: 200, outcome: 'ok', question: 'Do you like the coffee at Corner Cafe?' });
    expect(out.answer).toContain('coffee at Corner Cafe');
    expect(out.memories.length).toBeGreaterThan(0);
    expect(Object.keys(out.memories[0])).toEqual(expect.arrayContaining(['description', 'score', 'recency', 'relevance', 'importanceScore', 'importance']));
    expect(fileState()).toEqual(before);
  }, 60_000);

  it('interactively streams each answer with its "why", and a follow-up sees the earlier turn', async () => {
    const r = await hamlet(['interview', db, 'ada-ash', ...modelFlags], 'Who is your brother?\nWhat does he do?\n\n');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/Ada Ash: /g)).toHaveLength(2);
    expect(r.stdout).toContain('why (total  recency · importance · relevance)');
    expect(interviewPrompts().at(-1)!.body.stream).toBe(true); // the answer streamed from the server
    const last = interviewPrompts().at(-1)!.body.messages.map((m: { content: string }) => m.content).join('\n');
    expect(last).toContain('Earlier in this conversation:\nQ: Who is your brother?');
  }, 60_000);

  it('--remember queues the turn in the run for its next --resume', async () => {
    const r = await hamlet(['interview', db, 'Ben Ash', '--ask', 'Will you remember this?', '--remember', '--json', ...modelFlags]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const store = SimulationStore.open(db, { readonly: true });
    try {
      const rows = store.db.prepare('SELECT payload FROM pending_inputs').all() as { payload: string }[];
      expect(rows.map((row) => JSON.parse(row.payload))).toEqual([{ kind: 'remember', agentId: 'ben-ash', interviewer: 'An interviewer', question: 'Will you remember this?', answer: out.answer }]);
    } finally {
      store.close();
    }
  }, 60_000);

  it('names the nearest person for a wrong name, and needs a language model', async () => {
    const wrong = await hamlet(['interview', db, 'Ada Ashe', '--ask', 'Hi?', ...modelFlags]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/no one called "Ada Ashe" in this town; nearest: "Ada Ash"/);
    const none = await hamlet(['interview', db, 'Ada Ash', '--ask', 'Hi?', '--llm-backend', 'none']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/interviews need a language model/);
    const usage = await hamlet(['interview', db]);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('hamlet inject and hamlet whisper', () => {
  it('refuse bad input with one line (usage: exit 2; unknown place: exit 1 naming the nearest)', async () => {
    const both = await hamlet(['inject', db, '--place', 'Corner Cafe', '--announce', 'x']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --place/);
    const long = await hamlet(['inject', db, '--announce', 'x'.repeat(301)]);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/at most 300 characters/);
    const place = await hamlet(['inject', db, '--place', 'Corner Caf', '--text', 'a band plays']);
    expect(place.code).toBe(1);
    expect(place.stderr).toMatch(/unknown place "Corner Caf"; nearest: "Corner Cafe"/);
  }, 60_000);

  it('add inputs that the next --resume applies on its first step', async () => {
    const inject = await hamlet(['inject', db, '--place', 'Corner Cafe:cafe floor', '--text', 'a band starts playing', '--radius', '5', '--json']);
    expect(inject.code).toBe(0);
    const injected = JSON.parse(inject.stdout);
    expect(injected.input).toMatchObject({ kind: 'event', address: 'Minitown:Corner Cafe:cafe floor', description: 'a band starts playing', radiusTiles: 5 });
    const whisper = await hamlet(['whisper', db, 'Ada Ash', 'You want to bake bread for the whole street']);
    expect(whisper.code).toBe(0);
    expect(whisper.stdout).toMatch(/Queued whisper to ada-ash[\s\S]*3 inputs waiting/);

    const resumed = await hamlet(['run', '--db', db, '--resume', '--steps', '3', '--json', '-q', ...modelFlags]);
    expect(resumed.code).toBe(0);
    const store = SimulationStore.open(db, { readonly: true });
    try {
      const applied = store.inputs().filter((r) => r.step === injected.appliesAtStep);
      expect(applied.map((r) => r.input)).toEqual([expect.objectContaining({ kind: 'remember', agentId: 'ben-ash' }), injected.input, { kind: 'whisper', agentId: 'ada-ash', text: 'You want to bake bread for the whole street' }]);
      const thought = store.db.prepare("SELECT description FROM memories WHERE agent_id = 'ada-ash' AND type = 'thought' AND description LIKE '%bake bread%'").get();
      expect(thought).toBeTruthy();
      const remembered = store.db.prepare("SELECT description FROM memories WHERE agent_id = 'ben-ash' AND type = 'chat' AND description LIKE '%Will you remember this?%'").get();
      expect(remembered).toBeTruthy();
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM pending_inputs').get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  }, 120_000);
});
