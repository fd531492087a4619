import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHAT_MODEL,
  DEFAULT_EMBED_MODEL,
  describeLlmConfig,
  llmFlagHelp,
  LlmConfigError,
  maskSecret,
  readConfigFile,
  redactUrl,
  resolveLlmConfig,
} from '../../../server/llm/config';

const HOME = { XDG_CACHE_HOME: '/home/u/.cache' };

describe('resolveLlmConfig', () => {
  it('defaults to the local backend with the default models', () => {
    const c = resolveLlmConfig({ env: HOME, flags: {} });
    expect(c.backend).toBe('local');
    expect(c.requireModel).toBe(false);
    expect(c.local).toEqual({
      chatModel: DEFAULT_CHAT_MODEL,
      embedModel: DEFAULT_EMBED_MODEL,
      device: 'auto',
      dtype: 'q4',
      embedDtype: 'q8',
      cacheDir: '/home/u/.cache/hamlet/models',
      offline: false,
    });
    expect(c.sources).toEqual({});
  });

  it('applies file < env < flags', () => {
    const file = { llm: { backend: 'openai', openai: { baseUrls: ['http://file:1/v1'], model: 'from-file', concurrency: 2 }, local: { dtype: 'q8' } } };
    const env = { ...HOME, LLM_MODEL: 'from-env', LLM_BASE_URL: 'http://env:1/v1, http://env:2/v1/' };
    const flags = { 'llm-model': 'from-flag' };
    const c = resolveLlmConfig({ file, filePath: 'hamlet.config.json', env, flags });
    expect(c.backend).toBe('openai');
    expect(c.openai.model).toBe('from-flag');
    expect(c.openai.baseUrls).toEqual(['http://env:1/v1', 'http://env:2/v1']);
    expect(c.openai.concurrency).toBe(2);
    expect(c.local.dtype).toBe('q8');
    expect(c.sources).toMatchObject({
      backend: 'hamlet.config.json llm.backend',
      'openai.model': '--llm-model',
      'openai.baseUrls': 'env LLM_BASE_URL',
      'openai.concurrency': 'hamlet.config.json llm.openai.concurrency',
    });
  });

  it('picks the openai backend when a base URL is given and no backend is', () => {
    const c = resolveLlmConfig({ env: { ...HOME, LLM_BASE_URL: 'http://localhost:11434/v1', LLM_API_KEY: 'sk-abcdefghijklmnop' }, flags: {} });
    expect(c.backend).toBe('openai');
    expect(c.sources.backend).toBe('implied by env LLM_BASE_URL');
    expect(c.openai.apiKey).toBe('sk-abcdefghijklmnop');
  });

  it('keeps an explicit local backend even with a base URL', () => {
    const c = resolveLlmConfig({ env: { ...HOME, LLM_BASE_URL: 'http://x:1/v1' }, flags: { 'llm-backend': 'local' } });
    expect(c.backend).toBe('local');
  });

  it('reads booleans, numbers, paths and the offline variables', () => {
    const c = resolveLlmConfig({
      env: { ...HOME, HF_HUB_OFFLINE: '1', LLM_TIMEOUT_MS: '5000' },
      flags: { 'require-model': true, device: 'CPU', 'model-cache': 'cache', 'llm-max-retries': '0' },
      cwd: '/work/x',
    });
    expect(c.requireModel).toBe(true);
    expect(c.local.offline).toBe(true);
    expect(c.local.device).toBe('cpu');
    expect(c.local.cacheDir).toBe('/work/x/cache');
    expect(c.openai.timeoutMs).toBe(5000);
    expect(c.openai.maxRetries).toBe(0);
  });

  it('lists every problem with what to set', () => {
    let error: LlmConfigError | undefined;
    try {
      resolveLlmConfig({
        file: { llm: { backend: 'openai', bogus: 1 } },
        filePath: 'hamlet.config.json',
        env: HOME,
        flags: { device: 'gpu', dtype: 'int3', 'llm-concurrency': 'many' },
      });
    } catch (e) {
      error = e as LlmConfigError;
    }
    expect(error).toBeInstanceOf(LlmConfigError);
    expect(error!.problems).toEqual([
      expect.stringMatching(/unknown setting "llm.bogus"/),
      '--device: must be one of auto, cpu, cuda, webgpu (got "gpu")',
      '--dtype: must be one of q4, q8, fp16, fp32 (got "int3")',
      '--llm-concurrency: must be a whole number ≥ 0 (got "many")',
      expect.stringMatching(/backend is openai but no server is set: set LLM_BASE_URL/),
    ]);
    expect(error!.message).toMatch(/^Language model configuration is not valid:\n {2}- /);
  });

  it('rejects URLs that are not http(s) and a missing models dir', () => {
    expect(() => resolveLlmConfig({ env: { ...HOME, LLM_BASE_URL: 'localhost:8000' }, flags: {} })).toThrow(/not an http\(s\) URL/);
    expect(() => resolveLlmConfig({ env: HOME, flags: { 'models-dir': '/does/not/exist' } })).toThrow(/models dir \/does\/not\/exist does not exist/);
  });
});

describe('readConfigFile', () => {
  it('reads hamlet.config.json from the working directory when present', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hamlet-config-'));
    expect(readConfigFile(undefined, dir)).toBeUndefined();
    writeFileSync(join(dir, 'hamlet.config.json'), JSON.stringify({ llm: { backend: 'none' } }));
    const read = readConfigFile(undefined, dir)!;
    expect(resolveLlmConfig({ ...read, env: HOME }).backend).toBe('none');
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => readConfigFile('bad.json', dir)).toThrow(/bad.json is not valid JSON/);
    expect(() => readConfigFile('missing.json', dir)).toThrow(/does not exist/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('describeLlmConfig', () => {
  it('prints the local setup', () => {
    const lines = describeLlmConfig(resolveLlmConfig({ env: HOME, flags: { device: 'cpu' } }));
    expect(lines).toEqual([
      'language model: local (transformers.js, ONNX)',
      `  chat model:      ${DEFAULT_CHAT_MODEL} (q4, device cpu)`,
      `  embeddings:      ${DEFAULT_EMBED_MODEL} (local, q8)`,
      '  model cache:     /home/u/.cache/hamlet/models',
      '  set by:          local.device ← --device',
    ]);
  });

  it('never prints secrets', () => {
    const key = 'sk-proj-SECRETSECRETSECRET1234';
    const c = resolveLlmConfig({
      env: { ...HOME, LLM_BASE_URL: 'https://user:pass@api.example.com/v1?api_key=abc', LLM_API_KEY: key, LLM_MODEL: 'gpt-4o-mini', EMBED_MODEL: 'text-embedding-3-small' },
      flags: {},
    });
    const text = describeLlmConfig(c).join('\n');
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('pass');
    expect(text).not.toContain('abc');
    expect(text).toContain('api key:         sk-…1234');
    expect(text).toContain('embeddings:      text-embedding-3-small at https://api.example.com/v1?api_key=***');
    expect(text).not.toMatch(/openai\.apiKey/);
  });

  it('masks secrets and URLs', () => {
    expect(maskSecret(undefined)).toBe('(none)');
    expect(maskSecret('short')).toBe('(set, hidden)');
    expect(redactUrl('http://a:b@host:8000/v1')).toBe('http://host:8000/v1');
  });
});

describe('llmFlagHelp', () => {
  it('lists each flag with its environment variable', () => {
    const help = llmFlagHelp();
    expect(help).toContain('--require-model  exit with an error when no language model can be loaded instead of using the rule-based mind [env HAMLET_REQUIRE_MODEL]');
    expect(help.find((l) => l.startsWith('--device'))).toMatch(/^--device <auto\|cpu\|cuda\|webgpu> .*\[env HAMLET_DEVICE\]$/);
    expect(help.find((l) => l.startsWith('--models-dir'))).toMatch(/HAMLET_MODELS_DIR/);
  });
});
