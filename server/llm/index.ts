/**
 * The public API of server/llm: the model interfaces, typed tasks, configuration, the factory
 * that builds a backend, and the recorder/replay wrappers. Import from here; the files under
 * local/ and openai/ are backend internals.
 */
export type { CallOutcome, CallTag, ChatMessage, Embedder, GenerateRequest, GenerateResult, LanguageModel, Usage } from './types';
export { defineTask, runTask, interpretAnswer, coerceToSchema, TaskCounters, taskCounters } from './task';
export type { Task, TaskSpec, TaskPrompt, TaskResult, TaskOutcome, TaskCount, RunTaskOptions } from './task';
export { extractJson, parseNumberWord } from './jsonRepair';
export type { JsonExtraction, JsonRepair } from './jsonRepair';
export {
  resolveLlmConfig,
  readConfigFile,
  describeLlmConfig,
  llmFlagHelp,
  defaultLlmConfig,
  LLM_SETTINGS,
  LlmConfigError,
  DEFAULT_CHAT_MODEL,
  DEFAULT_EMBED_MODEL,
  KNOWN_MODEL_SIZES,
} from './config';
export type { LlmConfig, LlmBackend, LocalDevice, LocalDtype, StructuredOutputMode, LlmConfigSources, LlmSetting } from './config';
export { createLanguageModels, instrumentModels } from './factory';
export type { LanguageModelsResult, FactoryOptions, InstrumentedModels } from './factory';
export { RecordingLanguageModel, RecordingEmbedder, promptHash } from './recorder';
export type { CallSink, RecordedCall, RecordedEmbedding, RecorderTotals } from './recorder';
export { ReplayLanguageModel, ReplayEmbedder, ReplayMissError, RecordedFailureError } from './replay';
export type { ReplayRecord, ReplayStats } from './replay';
export { createProgressPrinter } from './local/progress';
export type { ModelLoadEvent, ProgressListener } from './local/progress';
