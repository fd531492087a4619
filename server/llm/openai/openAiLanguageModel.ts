/**
 * LanguageModel over any OpenAI-compatible chat-completions server (OpenAI, vLLM, SGLang,
 * Ollama, llama.cpp server, LM Studio), through an EndpointPool. Schema requests use
 * `response_format: json_schema`; when a server rejects that (400/422) the endpoint steps
 * down to `json_object`, then to prompt-only, and remembers what works.
 */
import { APIError } from 'openai';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { StructuredOutputMode } from '../config';
import { strictJson, withSchemaInstruction } from '../schemaPrompt';
import { estimateTokens } from '../tokens';
import type { GenerateRequest, GenerateResult, LanguageModel, Usage } from '../types';
import type { Endpoint, EndpointPool, LearnedStructuredMode } from './endpointPool';
import { MalformedResponseError } from './retry';

export interface OpenAiLanguageModelOptions {
  pool: EndpointPool;
  model: string;
  structuredOutput: StructuredOutputMode;
  log?: (line: string) => void;
}

const STEP_DOWN: Record<LearnedStructuredMode, LearnedStructuredMode | undefined> = {
  json_schema: 'json_object',
  json_object: 'none',
  none: undefined,
};

export class OpenAiLanguageModel implements LanguageModel {
  readonly name: string;

  constructor(private readonly options: OpenAiLanguageModelOptions) {
    this.name = `${options.model} · openai-compatible ${options.pool.where}`;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.options.pool.run((endpoint, signal) => this.complete(endpoint, request, signal), request.signal);
  }

  /** One request to one endpoint; steps down structured output when the server refuses it. */
  private async complete(endpoint: Endpoint, request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult> {
    for (;;) {
      const mode = request.schema ? this.modeFor(endpoint) : 'none';
      const messages = this.messages(request, mode);
      const body: ChatCompletionCreateParamsNonStreaming = {
        model: this.options.model,
        messages,
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(endpoint.tokenParam === 'max_tokens' ? { max_tokens: request.maxTokens } : { max_completion_tokens: request.maxTokens }),
      };
      if (request.schema && mode === 'json_schema') {
        body.response_format = { type: 'json_schema', json_schema: { name: request.schema.name, schema: request.schema.schema, strict: false } };
      } else if (request.schema && mode === 'json_object') {
        body.response_format = { type: 'json_object' };
      }
      try {
        if (request.onText) return await this.streamed(endpoint, body, messages, request, signal);
        const completion = await endpoint.client.chat.completions.create(body, { signal });
        return this.toResult(completion, messages, request);
      } catch (err) {
        if (!(err instanceof APIError) || (err.status !== 400 && err.status !== 422)) throw err;
        const text = `${err.message} ${JSON.stringify(err.error ?? '')}`;
        if (endpoint.tokenParam === 'max_tokens' && /max_tokens/.test(text) && /max_completion_tokens/.test(text)) {
          endpoint.tokenParam = 'max_completion_tokens';
          continue;
        }
        // Step down only when the complaint is about the answer format, not e.g. context length.
        const aboutFormat = /response_format|json_schema|json_object|schema|structured|guided|grammar|format/i.test(text);
        const next = body.response_format && aboutFormat && this.options.structuredOutput === 'auto' ? STEP_DOWN[mode] : undefined;
        if (!next) throw err;
        endpoint.structuredMode = next;
        this.options.log?.(`${endpoint.url}: server refused response_format ${mode} (HTTP ${err.status}); using ${next === 'none' ? 'prompt-only JSON' : next} from now on`);
      }
    }
  }

  /**
   * The same request with `stream: true`: text pieces go to request.onText as they arrive; the
   * result is assembled from them (usage from the final chunk when the server sends it).
   */
  private async streamed(
    endpoint: Endpoint,
    body: ChatCompletionCreateParamsNonStreaming,
    messages: ChatCompletionMessageParam[],
    request: GenerateRequest,
    signal?: AbortSignal,
  ): Promise<GenerateResult> {
    const stream = await endpoint.client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal });
    let text = '';
    let model = '';
    let usage: ChatCompletion['usage'];
    for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
      if (chunk?.model) model = chunk.model;
      if (chunk?.usage) usage = chunk.usage;
      const piece = chunk?.choices?.[0]?.delta?.content;
      if (typeof piece === 'string' && piece) {
        text += piece;
        request.onText!(piece);
      }
    }
    const completion = { model: model || this.options.model, usage, choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content: text, refusal: null } }] } as unknown as ChatCompletion;
    return this.toResult(completion, messages, request);
  }

  private modeFor(endpoint: Endpoint): LearnedStructuredMode {
    const configured = this.options.structuredOutput;
    if (configured !== 'auto') return configured;
    return endpoint.structuredMode ?? 'json_schema';
  }

  private messages(request: GenerateRequest, mode: LearnedStructuredMode): ChatCompletionMessageParam[] {
    // Without enforced json_schema the model still needs to see the shape.
    const system = mode === 'json_schema' ? request.system : withSchemaInstruction(request.system, request.schema?.schema);
    const out: ChatCompletionMessageParam[] = [];
    if (system) out.push({ role: 'system', content: system });
    for (const m of request.messages) out.push({ role: m.role, content: m.content });
    return out;
  }

  private toResult(completion: ChatCompletion, messages: ChatCompletionMessageParam[], request: GenerateRequest): GenerateResult {
    if (!completion || typeof completion !== 'object' || !Array.isArray(completion.choices) || completion.choices.length === 0) {
      throw new MalformedResponseError(`chat completion without choices: ${JSON.stringify(completion).slice(0, 200)}`);
    }
    const message = completion.choices[0]?.message;
    if (!message || typeof message !== 'object') throw new MalformedResponseError('chat completion choice without a message');
    const text = typeof message.content === 'string' ? message.content : '';
    const usage = usageOf(completion, messages, text);
    const json = request.schema ? strictJson(text) : undefined;
    return { text, json, usage, model: typeof completion.model === 'string' && completion.model ? completion.model : this.options.model };
  }
}

function usageOf(completion: ChatCompletion, messages: ChatCompletionMessageParam[], text: string): Usage {
  const u = completion.usage;
  if (u && typeof u.prompt_tokens === 'number' && typeof u.completion_tokens === 'number') {
    return { inputTokens: u.prompt_tokens, outputTokens: u.completion_tokens };
  }
  const promptChars = messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  return { inputTokens: estimateTokens(promptChars), outputTokens: estimateTokens(text), estimated: true };
}
