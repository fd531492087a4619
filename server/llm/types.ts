/**
 * The only ways the rest of Hamlet talks to a model. Minds depend on these interfaces;
 * backends (local ONNX, OpenAI-compatible, record/replay) implement them.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What a call is for, so the recorder can account cost per task, agent and step. */
export interface CallTag {
  task: string;
  agentId?: string;
  step?: number;
  /** 1 for the first try of a typed task, 2 for its first retry, ... (set by runTask). */
  attempt?: number;
  /** Identifies one run of a typed task across its attempts (set by runTask). */
  runId?: string;
}

/**
 * What became of one model call inside a typed task: the final attempt carries the task's
 * outcome (ok, repaired, retried, fail-safe); earlier attempts were rejected or errored.
 */
export type CallOutcome = 'ok' | 'repaired' | 'retried' | 'fail-safe' | 'rejected' | 'error';

export interface GenerateRequest {
  system?: string;
  messages: ChatMessage[];
  /** JSON schema of the expected answer; backends use structured output where they can. */
  schema?: { name: string; schema: Record<string, unknown> };
  maxTokens: number;
  temperature?: number;
  tag?: CallTag;
  signal?: AbortSignal;
  /**
   * Streaming: called with each piece of text as it is generated (OpenAI-compatible `stream: true`,
   * transformers.js' TextStreamer). The result is the same as without it; backends that cannot
   * stream ignore it (the caller then gets the whole text at the end).
   */
  onText?: (piece: string) => void;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** True when the server gave no usage and the counts were estimated from text length. */
  estimated?: boolean;
}

export interface GenerateResult {
  text: string;
  /** Parsed JSON when the backend produced valid JSON for a schema request. */
  json?: unknown;
  usage: Usage;
  /** Model that answered (for the recorder and the status badge). */
  model: string;
  /** True when the answer came from a record or cache rather than a live model. */
  cached?: boolean;
}

export interface LanguageModel {
  /** Human-readable name shown in the CLI and on the page, e.g. "Qwen2.5-0.5B-Instruct (local, cpu, q4)". */
  readonly name: string;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /**
   * Told by runTask what became of a call it made (identified by the request's tag), so a
   * recorder can store the outcome next to the call. Plain backends leave it out.
   */
  reportOutcome?(tag: CallTag, outcome: CallOutcome, detail?: string): void;
  close?(): Promise<void>;
}

export interface Embedder {
  readonly name: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  close?(): Promise<void>;
}
