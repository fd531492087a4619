/**
 * Embedder over a local feature-extraction model (default all-MiniLM-L6-v2, 384-d) through
 * transformers.js: mean pooling over tokens, normalised to unit length. Calls share one ONNX
 * session, one batch at a time.
 */
import { pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import type { LocalDtype } from '../config';
import { Semaphore } from '../semaphore';
import type { Embedder } from '../types';
import type { ConcreteDevice } from './device';
import { loadPretrained, shortModelName, type LocalModelOptions } from './localLanguageModel';

export interface LocalEmbedderOptions extends LocalModelOptions {
  /** Texts per model run (default 32). */
  batchSize?: number;
}

export class LocalEmbedder implements Embedder {
  readonly name: string;
  private readonly queue = new Semaphore(1);

  private constructor(
    private readonly extractor: FeatureExtractionPipeline,
    readonly dimensions: number,
    readonly device: ConcreteDevice,
    readonly deviceSummary: string,
    readonly dtype: LocalDtype,
    modelId: string,
    private readonly batchSize: number,
  ) {
    this.name = `${shortModelName(modelId)} · local ${device} ${dtype}`;
  }

  /** Loads the model and embeds one probe text to learn the width. */
  static async load(options: LocalEmbedderOptions): Promise<LocalEmbedder> {
    const loaded = await loadPretrained(options, (load, common, device) =>
      pipeline('feature-extraction', load, { ...common, device, dtype: options.dtype }) as Promise<FeatureExtractionPipeline>,
    );
    const probe = await loaded.value('dimension probe', { pooling: 'mean', normalize: true });
    const dims = probe.dims[probe.dims.length - 1];
    return new LocalEmbedder(loaded.value, dims, loaded.device, loaded.summary, options.dtype, options.model, options.batchSize ?? 32);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    return this.queue.run(async () => {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += this.batchSize) {
        const batch = texts.slice(i, i + this.batchSize);
        const tensor = await this.extractor(batch, { pooling: 'mean', normalize: true });
        const data = tensor.data as Float32Array;
        for (let j = 0; j < batch.length; j++) out.push(data.slice(j * this.dimensions, (j + 1) * this.dimensions));
      }
      return out;
    });
  }

  async close(): Promise<void> {
    await this.extractor.dispose();
  }
}
