/**
 * SIGKILL at random (seeded) moments: a `hamlet run` process is killed at 10 moments per mind
 * (rule-based, and generative on the scripted model behind the fake OpenAI server), each time
 * continued the way a user would (`--resume`, or a plain run when the kill left an empty file),
 * then run to the end. The result must equal an uninterrupted run's: the same step log, the same
 * memories, embeddings and model-call records (none lost, none doubled), and a sound file.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { townScriptWireAnswer } from '../../support/townScript';
import { hamlet, startHamlet } from './hamletProcess';
import { seededRandom } from '../../support/seededRandom';

const dir = mkdtempSync(join(tmpdir(), 'hamlet-kill-'));
const KILLS = 10;
let server: FakeOpenAiServer;


beforeAll(async () => {
  server = await startFakeOpenAiServer({ models: ['town-7b'], embedDimensions: 24, chatText: townScriptWireAnswer });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Case {
  name: string;
  steps: number;
  /** Town flags of a fresh run. */
  town: string[];
  /** Model flags, given on every run. */
  model: string[];
  env: () => Record<string, string>;
  /** After the run's header, kills land within this many ms. */
  windowMs: number;
}

/** What a continued run must do next: a fresh run (no file, or an empty one) or --resume for the steps left. */
function nextRun(db: string, c: Case): string[] {
  let meta = false;
  let snapshot = 0;
  if (existsSync(db)) {
    const raw = new Database(db);
    const has = (t: string) => Boolean(raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t));
    meta = has('meta') && Boolean(raw.prepare('SELECT 1 FROM meta LIMIT 1').get());
    if (meta && has('snapshots')) snapshot = (raw.prepare('SELECT COALESCE(MAX(step), 0) AS s FROM snapshots').get() as { s: number }).s;
    raw.close();
  }
  if (!meta) return ['run', '--steps', String(c.steps), '--db', db, ...c.town, ...c.model, '--json'];
  return ['run', '--steps', String(c.steps - snapshot), '--db', db, '--resume', ...c.model, '--json'];
}

/** Everything a run must not lose or double, as comparable text. */
function contents(db: string) {
  const raw = new Database(db, { readonly: true });
  const tables = new Set((raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  // The rule-based mind never opens the model-call tables.
  const all = (sql: string) => (tables.has(/FROM (\w+)/.exec(sql)![1]) ? raw.prepare(sql).all() : []);
  const result = {
    integrity: (raw.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
    steps: (raw.prepare('SELECT COUNT(*) AS n FROM steps').get() as { n: number }).n,
    stepLog: all('SELECT step, delta FROM steps ORDER BY step'),
    memories: all('SELECT * FROM memories ORDER BY id'),
    touches: all('SELECT * FROM memory_touches ORDER BY memory_id, step'),
    embeddings: all('SELECT key, model, dims, text, hex(vector) AS v FROM embeddings ORDER BY key'),
    // A replayed call is recorded again (cached, with its own timing): compare what was asked and answered.
    calls: all('SELECT task, agent_id, step, attempt, prompt_hash, answer, error, outcome FROM llm_calls ORDER BY step, agent_id, task, attempt, prompt_hash'),
    embeddedTexts: tables.has('llm_embedding_calls') ? (raw.prepare('SELECT COALESCE(SUM(texts), 0) AS n FROM llm_embedding_calls').get() as { n: number }).n : 0,
  };
  raw.close();
  return result;
}

const cases: Case[] = [
  {
    name: 'rule-based',
    steps: 2160,
    town: ['--map', 'maps/village.tmj'],
    model: ['--llm-backend', 'none'],
    env: () => ({}),
    windowMs: 400,
  },
  {
    name: 'generative (scripted model server)',
    steps: 540,
    town: ['--map', 'maps/village.tmj', '--start', '2026-02-13T07:00'],
    model: ['--llm-concurrency', '4'],
    env: () => ({ LLM_BASE_URL: server.url, EMBED_MODEL: 'hash-embed' }),
    windowMs: 1500,
  },
];

describe('SIGKILL at random moments, then resume', () => {
  for (const [index, c] of cases.entries()) {
    it(`${c.name}: the final file equals an uninterrupted run's`, async () => {
      const reference = join(dir, `reference-${index}.db`);
      const whole = await hamlet(['run', '--steps', String(c.steps), '--db', reference, ...c.town, ...c.model, '--json', '--quiet'], c.env());
      expect(whole.code, whole.stderr).toBe(0);

      const db = join(dir, `killed-${index}.db`);
      const random = seededRandom(1000 + index);
      const moments: string[] = [];
      for (let k = 0; k < KILLS; k++) {
        const p = startHamlet(nextRun(db, c), c.env());
        // Most kills land while steps run; one in four lands at start-up (creating or opening the file).
        const early = random() < 0.25;
        const delay = Math.round(random() * (early ? 300 : c.windowMs));
        if (!early) await p.waitFor(/Starting|Resuming/).catch(() => undefined);
        await new Promise((r) => setTimeout(r, delay));
        p.child.kill('SIGKILL');
        const out = await p.done;
        moments.push(`${early ? 'start' : 'run'}+${delay}ms→${out.signal ?? out.code}`);
        if (out.code === 0) break; // it finished before the kill: nothing left to interrupt
      }
      const last = await hamlet([...nextRun(db, c), '--quiet'], c.env());
      expect(last.code, `${moments.join(' ')}\n${last.stderr}`).toBe(0);

      const want = contents(reference);
      const got = contents(db);
      expect(got.integrity).toEqual(['ok']);
      expect(got.steps).toBe(c.steps);
      expect(got.stepLog).toEqual(want.stepLog);
      expect(got.memories).toEqual(want.memories);
      expect(got.touches).toEqual(want.touches);
      expect(got.embeddings).toEqual(want.embeddings);
      expect(got.calls).toEqual(want.calls);
      expect(got.embeddedTexts).toBe(want.embeddedTexts);
      if (index === 1) expect(want.memories.length).toBeGreaterThan(10);
      console.log(`${c.name}: kills ${moments.join(' ')}`);
    }, 240_000);
  }
});
