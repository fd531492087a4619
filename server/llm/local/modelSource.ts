/**
 * Where a local model is loaded from, and what went wrong when it could not be. A model id is
 * looked up in `--models-dir` first (`<dir>/<id>/config.json`), then in the download cache,
 * then on the Hub (unless offline). Loading failures are classified so the user is told what
 * is missing rather than shown a stack trace.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { env } from '@huggingface/transformers';

/** The Hugging Face Hub, where models are downloaded from unless a mirror is set. */
export const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';

export interface ModelSourceOptions {
  modelsDir?: string;
  cacheDir: string;
  offline: boolean;
  /** Hub mirror URL (HF_ENDPOINT). */
  remoteHost?: string;
}

export interface LocatedModel {
  id: string;
  /** What to pass to from_pretrained: a folder path or the model id. */
  load: string;
  where: 'models-dir' | 'cache' | 'hub';
  /** Never download (offline, or a folder given explicitly). */
  localOnly: boolean;
}

export function locateModel(id: string, options: ModelSourceOptions): LocatedModel {
  const asPath = isAbsolute(id) || id.startsWith('./') || id.startsWith('../') ? resolve(id) : undefined;
  if (asPath && existsSync(join(asPath, 'config.json'))) return { id, load: asPath, where: 'models-dir', localOnly: true };
  if (options.modelsDir) {
    const dir = join(options.modelsDir, id);
    if (existsSync(join(dir, 'config.json'))) return { id, load: dir, where: 'models-dir', localOnly: true };
  }
  const cached = existsSync(join(options.cacheDir, id, 'config.json'));
  return { id, load: id, where: cached ? 'cache' : 'hub', localOnly: options.offline };
}

/** Applies the process-wide transformers.js settings that have no per-call option. */
export function configureTransformers(options: ModelSourceOptions): void {
  env.cacheDir = options.cacheDir;
  env.useFSCache = true;
  // local_files_only is not honoured everywhere (tokenizer file probes), so offline is global.
  env.allowRemoteModels = !options.offline;
  const host = options.remoteHost || DEFAULT_REMOTE_HOST;
  env.remoteHost = host.endsWith('/') ? host : `${host}/`;
}

/** Options common to every from_pretrained call. */
export function pretrainedOptions(located: LocatedModel, options: ModelSourceOptions) {
  return { cache_dir: options.cacheDir, local_files_only: located.localOnly };
}

export type UnavailableReason =
  /** Not in the cache or models dir, and downloading is off. */
  | 'not-downloaded'
  /** Download failed: no network / host unreachable. */
  | 'network'
  /** The Hub has no such model or file (wrong id, or no file for this dtype). */
  | 'not-on-hub'
  /** The Hub refused (gated or private model). */
  | 'unauthorized';

/** A model that could not be had, with what is missing. */
export class ModelUnavailableError extends Error {
  constructor(
    readonly model: string,
    readonly reason: UnavailableReason,
    readonly detail: string,
    readonly searched: string[],
  ) {
    super(`${model}: ${describeReason(reason)} (${detail})`);
    this.name = 'ModelUnavailableError';
  }

  /** What went wrong, for people: the reason, plus the detail where it adds something. */
  get summary(): string {
    return this.reason === 'not-downloaded' ? describeReason(this.reason) : `${describeReason(this.reason)}: ${this.detail}`;
  }
}

function describeReason(reason: UnavailableReason): string {
  switch (reason) {
    case 'not-downloaded':
      return 'not found locally and downloading is off';
    case 'network':
      return 'could not be downloaded (no connection to the model hub)';
    case 'not-on-hub':
      return 'the model hub has no such model or file';
    case 'unauthorized':
      return 'the model hub refused access (gated or private model: set HF_TOKEN)';
  }
}

/** Recognises errors about the model's files or their download (not about the device). */
export function classifyLoadError(err: unknown, located: LocatedModel, options: ModelSourceOptions): ModelUnavailableError | undefined {
  if (err instanceof ModelUnavailableError) return err;
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const message = String(e?.message ?? err);
  const searched = searchedPlaces(located, options);
  if (/file was not found locally|local_files_only|allowRemoteModels=false/i.test(message)) {
    return new ModelUnavailableError(located.id, 'not-downloaded', firstLine(message), searched);
  }
  if (/fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET|network|socket hang up|getaddrinfo/i.test(`${message} ${e?.cause?.code ?? ''} ${e?.cause?.message ?? ''}`)) {
    return new ModelUnavailableError(located.id, 'network', firstLine(`${message}${e?.cause?.code ? ` (${e.cause.code})` : ''}`), searched);
  }
  if (/Could not locate file|404|invalid model ID|Local file missing/i.test(message)) {
    return new ModelUnavailableError(located.id, 'not-on-hub', firstLine(message), searched);
  }
  if (/Unauthorized|Forbidden|401|403/i.test(message)) return new ModelUnavailableError(located.id, 'unauthorized', firstLine(message), searched);
  return undefined;
}

function searchedPlaces(located: LocatedModel, options: ModelSourceOptions): string[] {
  const places: string[] = [];
  if (located.where === 'models-dir') places.push(located.load);
  else {
    if (options.modelsDir) places.push(join(options.modelsDir, located.id));
    places.push(join(options.cacheDir, located.id));
    if (!located.localOnly) places.push(`${env.remoteHost.replace(/\/$/, '')}/${located.id}`);
  }
  return places;
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 300);
}
