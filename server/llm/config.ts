/**
 * The language-model configuration: one typed object resolved once from defaults < config file
 * (`llm` section of hamlet.config.json) < environment < CLI flags. One table (LLM_SETTINGS)
 * declares every setting with its env variable and flag, so resolution, validation, --help text
 * and the start-up summary cannot drift apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type LlmBackend = 'local' | 'openai' | 'none';
export type LocalDevice = 'auto' | 'cpu' | 'cuda' | 'webgpu';
export type LocalDtype = 'q4' | 'q8' | 'fp16' | 'fp32';
/** How to ask an OpenAI-compatible server for JSON: auto tries json_schema, then json_object, then prompt only. */
export type StructuredOutputMode = 'auto' | 'json_schema' | 'json_object' | 'none';

export interface LocalLlmConfig {
  /** Hugging Face model id of the instruct model (ONNX, transformers.js layout). */
  chatModel: string;
  /** Model id of the feature-extraction model for embeddings. */
  embedModel: string;
  device: LocalDevice;
  /** Weights of the chat model. */
  dtype: LocalDtype;
  /** Weights of the embedding model. */
  embedDtype: LocalDtype;
  /** Folder with local copies: `<modelsDir>/<model id>/config.json, onnx/...`. */
  modelsDir?: string;
  /** Where downloads are cached. */
  cacheDir: string;
  /** Never download; use only the cache and modelsDir. */
  offline: boolean;
  /** Hub mirror (HF_ENDPOINT), e.g. https://hf-mirror.example/. */
  remoteHost?: string;
}

export interface OpenAiLlmConfig {
  /** One or more base URLs (a pool), e.g. http://localhost:8000/v1. */
  baseUrls: string[];
  apiKey?: string;
  /** Chat model name; when left out the first model the server lists is used. */
  model?: string;
  /** Embedding model name; when left out: one the server lists, else the local embedder, else the server with the chat model. */
  embedModel?: string;
  /** Base URLs for embeddings when they differ from baseUrls. */
  embedBaseUrls?: string[];
  embedApiKey?: string;
  structuredOutput: StructuredOutputMode;
  /** Concurrent requests per endpoint. */
  concurrency: number;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Retries of one call on 429, 5xx, timeouts and connection errors. */
  maxRetries: number;
  /** How long an endpoint that failed is skipped while others work. */
  cooldownMs: number;
}

export interface LlmConfig {
  backend: LlmBackend;
  /** Exit with an error instead of falling back to the rule-based mind. */
  requireModel: boolean;
  /** A recorded simulation file whose model answers are replayed (misses go to the live model; with none a miss stops the run). */
  replayFrom?: string;
  local: LocalLlmConfig;
  openai: OpenAiLlmConfig;
  /** Where each non-default value came from, e.g. { "openai.model": "env LLM_MODEL" }. */
  sources: Record<string, string>;
}

/** Thrown with a message that says what to set. */
export class LlmConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Language model configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LlmConfigError';
  }
}

export const DEFAULT_CHAT_MODEL = 'onnx-community/Qwen2.5-0.5B-Instruct';
export const DEFAULT_EMBED_MODEL = 'Xenova/all-MiniLM-L6-v2';

/**
 * Download sizes of the default models' ONNX weights per dtype (from the Hub's file listings),
 * for messages and the README. Tokenizer and config files add a few MB.
 */
export const KNOWN_MODEL_SIZES: Record<string, Partial<Record<LocalDtype, string>>> = {
  [DEFAULT_CHAT_MODEL]: { q4: '786 MB', q8: '512 MB', fp16: '997 MB', fp32: '1.99 GB' },
  [DEFAULT_EMBED_MODEL]: { q8: '23 MB', fp16: '45 MB', fp32: '90 MB' },
};

/** Default download cache: $XDG_CACHE_HOME/hamlet/models or ~/.cache/hamlet/models. */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hamlet', 'models');
}

export function defaultLlmConfig(env: Record<string, string | undefined> = process.env): LlmConfig {
  return {
    backend: 'local',
    requireModel: false,
    local: {
      chatModel: DEFAULT_CHAT_MODEL,
      embedModel: DEFAULT_EMBED_MODEL,
      device: 'auto',
      dtype: 'q4',
      embedDtype: 'q8',
      cacheDir: defaultCacheDir(env),
      offline: false,
    },
    openai: {
      baseUrls: [],
      structuredOutput: 'auto',
      concurrency: 4,
      timeoutMs: 60_000,
      maxRetries: 4,
      cooldownMs: 15_000,
    },
    sources: {},
  };
}

type Kind = 'string' | 'path' | 'list' | 'int' | 'bool' | readonly string[];

export interface LlmSetting {
  /** Path in LlmConfig and in the config file's `llm` section, e.g. "openai.model". */
  key: string;
  /** Environment variables, first found wins. */
  env: string[];
  /** CLI flag without dashes, e.g. "llm-model". */
  flag?: string;
  kind: Kind;
  secret?: boolean;
  description: string;
}

const BACKENDS = ['local', 'openai', 'none'] as const;
const DEVICES = ['auto', 'cpu', 'cuda', 'webgpu'] as const;
const DTYPES = ['q4', 'q8', 'fp16', 'fp32'] as const;
const STRUCTURED = ['auto', 'json_schema', 'json_object', 'none'] as const;

/** Every setting, its environment variables and its flag (also the source of --help lines). */
export const LLM_SETTINGS: readonly LlmSetting[] = [
  { key: 'backend', env: ['LLM_BACKEND'], flag: 'llm-backend', kind: BACKENDS, description: 'local (transformers.js), openai (any OpenAI-compatible server) or none (rule-based mind). Default: openai when LLM_BASE_URL is set, else local' },
  { key: 'requireModel', env: ['HAMLET_REQUIRE_MODEL'], flag: 'require-model', kind: 'bool', description: 'exit with an error when no language model can be loaded instead of using the rule-based mind' },
  { key: 'replayFrom', env: ['HAMLET_REPLAY_LLM'], flag: 'replay-llm', kind: 'path', description: 'answer model calls from the record in this simulation file; misses go to the live model (with none, e.g. --llm-backend none, a miss stops the run)' },
  { key: 'local.chatModel', env: ['HAMLET_LOCAL_MODEL'], flag: 'local-model', kind: 'string', description: `instruct model id for the local backend (default ${DEFAULT_CHAT_MODEL})` },
  { key: 'local.embedModel', env: ['HAMLET_LOCAL_EMBED_MODEL'], flag: 'local-embed-model', kind: 'string', description: `embedding model id for local embeddings (default ${DEFAULT_EMBED_MODEL})` },
  { key: 'local.device', env: ['HAMLET_DEVICE'], flag: 'device', kind: DEVICES, description: 'auto (cuda, then webgpu, then cpu), cpu, cuda or webgpu' },
  { key: 'local.dtype', env: ['HAMLET_DTYPE'], flag: 'dtype', kind: DTYPES, description: 'weights of the local instruct model: q4, q8, fp16 or fp32 (default q4)' },
  { key: 'local.embedDtype', env: ['HAMLET_EMBED_DTYPE'], flag: 'embed-dtype', kind: DTYPES, description: 'weights of the local embedding model (default q8)' },
  { key: 'local.modelsDir', env: ['HAMLET_MODELS_DIR'], flag: 'models-dir', kind: 'path', description: 'folder with local model copies (<dir>/<model id>/...), for offline use' },
  { key: 'local.cacheDir', env: ['HAMLET_MODEL_CACHE'], flag: 'model-cache', kind: 'path', description: 'download cache (default ~/.cache/hamlet/models)' },
  { key: 'local.offline', env: ['HAMLET_OFFLINE', 'HF_HUB_OFFLINE'], flag: 'offline', kind: 'bool', description: 'never download models; use the cache and --models-dir only' },
  { key: 'local.remoteHost', env: ['HF_ENDPOINT'], kind: 'string', description: 'Hugging Face Hub mirror to download from' },
  { key: 'openai.baseUrls', env: ['LLM_BASE_URL'], flag: 'llm-base-url', kind: 'list', description: 'OpenAI-compatible base URL(s), comma-separated for a pool, e.g. http://localhost:8000/v1' },
  { key: 'openai.apiKey', env: ['LLM_API_KEY', 'OPENAI_API_KEY'], flag: 'llm-api-key', kind: 'string', secret: true, description: 'API key (local servers usually need none)' },
  { key: 'openai.model', env: ['LLM_MODEL'], flag: 'llm-model', kind: 'string', description: 'chat model name on the server (default: the first model it lists)' },
  { key: 'openai.embedModel', env: ['EMBED_MODEL'], flag: 'embed-model', kind: 'string', description: 'embedding model name on the server (default: one the server lists, else local MiniLM, else the server with the chat model)' },
  { key: 'openai.embedBaseUrls', env: ['EMBED_BASE_URL'], flag: 'embed-base-url', kind: 'list', description: 'base URL(s) for embeddings when not the chat server' },
  { key: 'openai.embedApiKey', env: ['EMBED_API_KEY'], flag: 'embed-api-key', kind: 'string', secret: true, description: 'API key for the embedding server (default: the chat key)' },
  { key: 'openai.structuredOutput', env: ['LLM_STRUCTURED_OUTPUT'], flag: 'llm-structured-output', kind: STRUCTURED, description: 'auto, json_schema, json_object or none (prompt only)' },
  { key: 'openai.concurrency', env: ['LLM_CONCURRENCY'], flag: 'llm-concurrency', kind: 'int', description: 'concurrent requests per endpoint (default 4)' },
  { key: 'openai.timeoutMs', env: ['LLM_TIMEOUT_MS'], flag: 'llm-timeout-ms', kind: 'int', description: 'per-request timeout in ms (default 60000)' },
  { key: 'openai.maxRetries', env: ['LLM_MAX_RETRIES'], flag: 'llm-max-retries', kind: 'int', description: 'retries on 429/5xx/timeouts (default 4)' },
  { key: 'openai.cooldownMs', env: ['LLM_COOLDOWN_MS'], kind: 'int', description: 'how long a failing endpoint of a pool is skipped (default 15000)' },
];

export interface LlmConfigSources {
  /** Parsed config file: the whole file (its `llm` section is used) or the section itself. */
  file?: unknown;
  /** Where the file came from, for messages. */
  filePath?: string;
  env?: Record<string, string | undefined>;
  /** Parsed CLI flags by name without dashes: { "llm-model": "x", "require-model": true }. */
  flags?: Record<string, string | boolean | undefined>;
  /** Base for relative paths in flags/env (default process.cwd()). */
  cwd?: string;
}

/** Resolves the configuration; throws LlmConfigError listing every problem and what to set. */
export function resolveLlmConfig(sources: LlmConfigSources = {}): LlmConfig {
  const env = sources.env ?? process.env;
  const flags = sources.flags ?? {};
  const cwd = sources.cwd ?? process.cwd();
  const config = defaultLlmConfig(env);
  const problems: string[] = [];

  const fileSection = pickLlmSection(sources.file);
  const fileName = sources.filePath ?? 'config file';
  if (fileSection !== undefined && (typeof fileSection !== 'object' || fileSection === null || Array.isArray(fileSection))) {
    problems.push(`${fileName}: "llm" must be an object`);
  } else if (fileSection) {
    const known = new Set(LLM_SETTINGS.map((s) => s.key));
    for (const [path, raw] of flatten(fileSection as Record<string, unknown>)) {
      if (!known.has(path)) {
        problems.push(`${fileName}: unknown setting "llm.${path}" (known: ${[...known].join(', ')})`);
        continue;
      }
      const setting = LLM_SETTINGS.find((s) => s.key === path)!;
      apply(config, setting, raw, `${fileName} llm.${path}`, problems, cwd);
    }
  }
  for (const setting of LLM_SETTINGS) {
    const name = setting.env.find((e) => env[e] !== undefined && env[e] !== '');
    if (name) apply(config, setting, env[name], `env ${name}`, problems, cwd);
  }
  for (const setting of LLM_SETTINGS) {
    if (!setting.flag) continue;
    const raw = flags[setting.flag];
    if (raw !== undefined) apply(config, setting, raw, `--${setting.flag}`, problems, cwd);
  }

  // An OpenAI-compatible URL selects that backend unless a backend was chosen explicitly.
  if (!config.sources.backend && config.openai.baseUrls.length > 0) {
    config.backend = 'openai';
    config.sources.backend = `implied by ${config.sources['openai.baseUrls']}`;
  }
  validate(config, problems);
  if (problems.length) throw new LlmConfigError(problems);
  return config;
}

function pickLlmSection(file: unknown): unknown {
  if (file === undefined || file === null) return undefined;
  if (typeof file === 'object' && !Array.isArray(file) && 'llm' in file) return (file as { llm: unknown }).llm;
  return undefined;
}

function flatten(obj: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if ((k === 'local' || k === 'openai') && !prefix && v && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v as Record<string, unknown>, path));
    else out.push([path, v]);
  }
  return out;
}

function apply(config: LlmConfig, setting: LlmSetting, raw: unknown, source: string, problems: string[], cwd: string): void {
  const parsed = parseValue(setting, raw, cwd);
  if ('error' in parsed) {
    problems.push(`${source}: ${parsed.error}`);
    return;
  }
  const [section, field] = setting.key.includes('.') ? setting.key.split('.') : [undefined, setting.key];
  const target = (section ? (config as unknown as Record<string, Record<string, unknown>>)[section] : config) as Record<string, unknown>;
  target[field] = parsed.value;
  config.sources[setting.key] = source;
}

function parseValue(setting: LlmSetting, raw: unknown, cwd: string): { value: unknown } | { error: string } {
  const kind = setting.kind;
  if (Array.isArray(kind)) {
    const s = String(raw).trim().toLowerCase();
    return kind.includes(s) ? { value: s } : { error: `must be one of ${kind.join(', ')} (got "${String(raw)}")` };
  }
  switch (kind) {
    case 'bool': {
      if (typeof raw === 'boolean') return { value: raw };
      const s = String(raw).trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(s)) return { value: true };
      if (['0', 'false', 'no', 'off', ''].includes(s)) return { value: false };
      return { error: `must be true or false (got "${String(raw)}")` };
    }
    case 'int': {
      const n = Number(raw);
      return Number.isInteger(n) && n >= 0 ? { value: n } : { error: `must be a whole number ≥ 0 (got "${String(raw)}")` };
    }
    case 'list': {
      const items = (Array.isArray(raw) ? raw.map(String) : String(raw).split(',')).map((s) => s.trim()).filter(Boolean);
      return { value: items.map((u) => u.replace(/\/+$/, '')) };
    }
    case 'path': {
      if (typeof raw !== 'string' || !raw.trim()) return { error: 'must be a path' };
      return { value: resolve(cwd, expandHome(raw.trim())) };
    }
    case 'string':
      if (typeof raw === 'boolean') return { error: 'needs a value' };
      return { value: String(raw).trim() };
  }
  return { error: 'unsupported setting' };
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

function validate(config: LlmConfig, problems: string[]): void {
  const o = config.openai;
  if (config.backend === 'openai' && o.baseUrls.length === 0) {
    problems.push('backend is openai but no server is set: set LLM_BASE_URL (or --llm-base-url), e.g. http://localhost:8000/v1');
  }
  for (const url of [...o.baseUrls, ...(o.embedBaseUrls ?? [])]) {
    if (!/^https?:\/\/[^/\s]+/i.test(url)) problems.push(`"${url}" is not an http(s) URL: set LLM_BASE_URL / EMBED_BASE_URL like http://localhost:11434/v1`);
  }
  if (o.embedBaseUrls?.length && !o.embedModel && config.backend === 'openai') {
    problems.push('EMBED_BASE_URL is set but EMBED_MODEL is not: set EMBED_MODEL (or --embed-model) to the embedding model name');
  }
  if (o.concurrency < 1) problems.push('LLM_CONCURRENCY (--llm-concurrency) must be at least 1');
  if (o.timeoutMs < 100) problems.push('LLM_TIMEOUT_MS (--llm-timeout-ms) must be at least 100');
  if (config.local.modelsDir && !existsSync(config.local.modelsDir)) {
    problems.push(`models dir ${config.local.modelsDir} does not exist: check HAMLET_MODELS_DIR / --models-dir`);
  }
  if (config.replayFrom && !existsSync(config.replayFrom)) problems.push(`--replay-llm file ${config.replayFrom} does not exist`);
}

/**
 * Reads a JSON config file. With no path, reads ./hamlet.config.json when it exists.
 * Returns undefined when there is no file; throws with the file name on bad JSON.
 */
export function readConfigFile(path?: string, cwd = process.cwd()): { file: unknown; filePath: string } | undefined {
  const filePath = resolve(cwd, path ?? 'hamlet.config.json');
  if (!existsSync(filePath)) {
    if (path) throw new LlmConfigError([`config file ${filePath} does not exist (--config)`]);
    return undefined;
  }
  try {
    return { file: JSON.parse(readFileSync(filePath, 'utf8')), filePath };
  } catch (err) {
    throw new LlmConfigError([`config file ${filePath} is not valid JSON: ${(err as Error).message}`]);
  }
}

// ---------------------------------------------------------------- printing

/** "sk-…4f2a": enough to tell keys apart, never the key. */
export function maskSecret(secret: string | undefined): string {
  if (!secret) return '(none)';
  if (secret.length < 12) return '(set, hidden)';
  return `${secret.slice(0, 3)}…${secret.slice(-4)}`;
}

/** A URL without user:password@ and without query parameters that look like keys. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const k of [...u.searchParams.keys()]) if (/key|token|secret|sig/i.test(k)) u.searchParams.set(k, '***');
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

/** Lines to print at start: what backend and models, where from; no secrets. */
export function describeLlmConfig(config: LlmConfig): string[] {
  const lines: string[] = [];
  const l = config.local;
  const o = config.openai;
  const localEmbed = `${l.embedModel} (local, ${l.embedDtype})`;
  if (config.backend === 'none') {
    lines.push('language model: none (rule-based mind)');
  } else if (config.backend === 'local') {
    lines.push('language model: local (transformers.js, ONNX)');
    lines.push(`  chat model:      ${l.chatModel} (${l.dtype}, device ${l.device})`);
    lines.push(`  embeddings:      ${localEmbed}`);
  } else {
    lines.push('language model: openai-compatible');
    lines.push(`  endpoints:       ${o.baseUrls.map(redactUrl).join(', ')} (${o.concurrency} concurrent each)`);
    lines.push(`  chat model:      ${o.model ?? '(first model the server lists)'}`);
    lines.push(`  api key:         ${maskSecret(o.apiKey)}`);
    const embedAt = (o.embedBaseUrls?.length ? o.embedBaseUrls : o.baseUrls).map(redactUrl).join(', ');
    lines.push(`  embeddings:      ${o.embedModel ? `${o.embedModel} at ${embedAt}` : `an embedding model the server lists, else ${localEmbed}, else the server's own endpoint`}`);
    if (o.embedApiKey) lines.push(`  embed api key:   ${maskSecret(o.embedApiKey)}`);
    lines.push(`  requests:        structured output ${o.structuredOutput}, timeout ${o.timeoutMs / 1000} s, up to ${o.maxRetries} retries`);
  }
  if (config.backend !== 'none' && (config.backend === 'local' || !o.embedModel)) {
    lines.push(`  model cache:     ${l.cacheDir}${l.offline ? ' (offline)' : ''}`);
    if (l.modelsDir) lines.push(`  models dir:      ${l.modelsDir}`);
    if (l.remoteHost) lines.push(`  hub mirror:      ${redactUrl(l.remoteHost)}`);
  }
  if (config.replayFrom) lines.push(`  replaying from:  ${config.replayFrom}`);
  if (config.requireModel) lines.push('  require model:   yes (no rule-based fallback)');
  const overridden = Object.entries(config.sources).filter(([key]) => !LLM_SETTINGS.find((s) => s.key === key)?.secret);
  if (overridden.length) lines.push(`  set by:          ${overridden.map(([k, src]) => `${k} ← ${src}`).join('; ')}`);
  return lines;
}

/** One line per flag for --help: "--llm-model <value>  chat model name ... [env LLM_MODEL]". */
export function llmFlagHelp(): string[] {
  return LLM_SETTINGS.filter((s) => s.flag).map((s) => {
    const arg = s.kind === 'bool' ? '' : Array.isArray(s.kind) ? ` <${s.kind.join('|')}>` : ' <value>';
    return `--${s.flag}${arg}  ${s.description} [env ${s.env.join(' or ')}]`;
  });
}
