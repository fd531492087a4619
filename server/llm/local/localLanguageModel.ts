/**
 * LanguageModel over a local ONNX instruct model through @huggingface/transformers: the prompt
 * goes through the model's chat template (or a plain fallback when it has none), tokens are
 * counted with the model's tokenizer, and calls are queued one at a time on the single ONNX
 * session (queued, never rejected).
 */
import { AutoConfig, AutoModelForCausalLM, AutoTokenizer, StoppingCriteria, TextStreamer, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { LocalDevice, LocalDtype } from '../config';
import { withSchemaInstruction, strictJson } from '../schemaPrompt';
import { Semaphore } from '../semaphore';
import type { ChatMessage, GenerateRequest, GenerateResult, LanguageModel } from '../types';
import { withDeviceFallback, type ConcreteDevice } from './device';
import { classifyLoadError, configureTransformers, locateModel, ModelUnavailableError, pretrainedOptions, type ModelSourceOptions } from './modelSource';
import { fromTransformersProgress, type ProgressListener } from './progress';

export interface LocalModelOptions extends ModelSourceOptions {
  /** Model id (or a folder path). */
  model: string;
  device: LocalDevice;
  dtype: LocalDtype;
  onProgress?: ProgressListener;
  log?: (line: string) => void;
}

/** Loads a model with device fallback; errors about files become ModelUnavailableError. */
export async function loadPretrained<T>(
  options: LocalModelOptions,
  loadOn: (load: string, common: Record<string, unknown>, device: ConcreteDevice) => Promise<T>,
  beforeModel?: (load: string, common: Record<string, unknown>) => Promise<void>,
): Promise<{ value: T; device: ConcreteDevice; summary: string }> {
  configureTransformers(options);
  const located = locateModel(options.model, options);
  const listener = options.onProgress;
  const common = {
    ...pretrainedOptions(located, options),
    progress_callback: listener
      ? (info: unknown) => {
          const event = fromTransformersProgress(options.model, info);
          if (event) listener(event);
        }
      : undefined,
  };
  try {
    // config.json first: a missing model then fails with a clear "not found" instead of a
    // TypeError from the tokenizer loader.
    await AutoConfig.from_pretrained(located.load, common);
    try {
      await beforeModel?.(located.load, common);
    } catch (err) {
      if (classifyLoadError(err, located, options)) throw err;
      const reason = located.localOnly ? 'not-downloaded' : 'not-on-hub';
      throw new ModelUnavailableError(options.model, reason, `tokenizer could not be loaded: ${(err as Error).message}`, [located.load]);
    }
    const choice = await withDeviceFallback(options.device, (device) => loadOn(located.load, common, device), {
      isSourceError: (err) => classifyLoadError(err, located, options) !== undefined,
      log: options.log,
    });
    listener?.({ kind: 'ready', model: options.model });
    return { value: choice.value, device: choice.device, summary: choice.summary };
  } catch (err) {
    throw classifyLoadError(err, located, options) ?? err;
  }
}

/** "onnx-community/Qwen2.5-0.5B-Instruct" → "Qwen2.5-0.5B-Instruct". */
export function shortModelName(id: string): string {
  return id.replace(/\/+$/, '').split('/').pop() ?? id;
}

/** Stops generation between tokens once the request's signal aborts. */
class AbortCriteria extends StoppingCriteria {
  constructor(private readonly signal: AbortSignal) {
    super();
  }
  override _call(inputIds: number[][]): boolean[] {
    return new Array(inputIds.length).fill(this.signal.aborted);
  }
}

export class LocalLanguageModel implements LanguageModel {
  readonly name: string;
  private readonly queue = new Semaphore(1);

  private constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    /** The device in use. */
    readonly device: ConcreteDevice,
    /** Which device was chosen and why others failed. */
    readonly deviceSummary: string,
    readonly dtype: LocalDtype,
    modelId: string,
  ) {
    this.name = `${shortModelName(modelId)} · local ${device} ${dtype}`;
  }

  /** Loads tokenizer and model (downloading on first use unless offline). */
  static async load(options: LocalModelOptions): Promise<LocalLanguageModel> {
    let tokenizer: PreTrainedTokenizer | undefined;
    const loaded = await loadPretrained(
      options,
      (load, common, device) => AutoModelForCausalLM.from_pretrained(load, { ...common, device, dtype: options.dtype }) as Promise<PreTrainedModel>,
      async (load, common) => {
        tokenizer = await AutoTokenizer.from_pretrained(load, common);
      },
    );
    return new LocalLanguageModel(tokenizer!, loaded.value, loaded.device, loaded.summary, options.dtype, options.model);
  }

  /** Whether the tokenizer brings its own chat template. */
  get hasChatTemplate(): boolean {
    return Boolean((this.tokenizer as unknown as { chat_template?: unknown }).chat_template);
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.queue.run(() => this.run(request), request.signal);
  }

  /** Token ids of the prompt as the model will see it (chat template applied). */
  promptIds(request: Pick<GenerateRequest, 'system' | 'messages' | 'schema'>): { input_ids: unknown; attention_mask: unknown; length: number } {
    const system = withSchemaInstruction(request.system, request.schema?.schema);
    const messages: ChatMessage[] = [...(system ? [{ role: 'system' as const, content: system }] : []), ...request.messages];
    const encoded = this.hasChatTemplate
      ? (this.tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: true, return_dict: true }) as unknown as Record<string, unknown>)
      : (this.tokenizer(plainChatPrompt(messages)) as unknown as Record<string, unknown>);
    const ids = encoded.input_ids as { dims: number[] };
    return { input_ids: encoded.input_ids, attention_mask: encoded.attention_mask, length: ids.dims[ids.dims.length - 1] };
  }

  private async run(request: GenerateRequest): Promise<GenerateResult> {
    if (request.signal?.aborted) throw new Error('aborted');
    const prompt = this.promptIds(request);
    const temperature = request.temperature ?? 0;
    const output = (await this.model.generate({
      input_ids: prompt.input_ids,
      attention_mask: prompt.attention_mask,
      max_new_tokens: request.maxTokens,
      do_sample: temperature > 0,
      ...(temperature > 0 ? { temperature } : {}),
      ...(request.signal ? { stopping_criteria: [new AbortCriteria(request.signal)] } : {}),
      // transformers.js' streamer decodes whole words as they complete and hands them on.
      ...(request.onText ? { streamer: new TextStreamer(this.tokenizer, { skip_prompt: true, skip_special_tokens: true, callback_function: (piece: string) => piece && request.onText!(piece) }) } : {}),
    } as Parameters<PreTrainedModel['generate']>[0])) as unknown as { tolist(): bigint[][] };
    if (request.signal?.aborted) throw new Error('aborted');
    const generated = output.tolist()[0].slice(prompt.length).map(Number);
    const text = this.tokenizer.decode(generated, { skip_special_tokens: true }).trim();
    return {
      text,
      json: request.schema ? strictJson(text) : undefined,
      usage: { inputTokens: prompt.length, outputTokens: generated.length },
      model: this.name,
    };
  }

  async close(): Promise<void> {
    await this.model.dispose();
  }
}

/** The prompt for models without a chat template. */
export function plainChatPrompt(messages: ChatMessage[]): string {
  const parts = messages.map((m) => (m.role === 'system' ? `${m.content}\n` : `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content}`));
  return `${parts.join('\n')}\nAssistant:`;
}
