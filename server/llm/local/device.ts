/**
 * Device selection for local ONNX models with a real fallback. transformers.js's own
 * `device: 'auto'` picks CUDA on Linux x64 and fails outright when onnxruntime's CUDA provider
 * was not installed, so Hamlet tries each device itself: auto = cuda, then webgpu, then cpu,
 * reporting which one it got and why the others failed. A device that failed once in this
 * process is not tried again (the embedder after the chat model, for instance).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LocalDevice } from '../config';

export type ConcreteDevice = 'cuda' | 'webgpu' | 'cpu';

export interface DeviceAttempt {
  device: ConcreteDevice;
  /** Why it could not be used; undefined for the one chosen. */
  failure?: string;
}

export interface DeviceChoice<T> {
  device: ConcreteDevice;
  value: T;
  attempts: DeviceAttempt[];
  /** "cpu (cuda: provider not installed; webgpu: no adapter)". */
  summary: string;
}

/** Thrown when no device could load the model; lists every attempt. */
export class DeviceUnavailableError extends Error {
  constructor(
    readonly requested: LocalDevice,
    readonly attempts: DeviceAttempt[],
  ) {
    super(`no usable device for "${requested}": ${attempts.map((a) => `${a.device}: ${a.failure}`).join('; ')}`);
    this.name = 'DeviceUnavailableError';
  }
}

export function candidateDevices(requested: LocalDevice): ConcreteDevice[] {
  return requested === 'auto' ? ['cuda', 'webgpu', 'cpu'] : [requested];
}

/** Failures that say nothing about the device (missing files, network): no point trying others. */
export type IsSourceError = (err: unknown) => boolean;

/** Known device failures in this process. */
const failedDevices = new Map<ConcreteDevice, string>();

/** Forget remembered device failures (tests). */
export function resetDeviceMemory(): void {
  failedDevices.clear();
}

export interface FallbackOptions {
  /** A reason to skip a device without trying it (default: checks for the CUDA provider library). */
  precheck?: (device: ConcreteDevice) => string | undefined;
  /** Errors that are not about the device: rethrown at once. */
  isSourceError?: IsSourceError;
  log?: (line: string) => void;
}

/**
 * Loads with the first device that works. Device errors move on to the next candidate;
 * source errors (see `isSourceError`) are rethrown unchanged.
 */
export async function withDeviceFallback<T>(
  requested: LocalDevice,
  load: (device: ConcreteDevice) => Promise<T>,
  options: FallbackOptions = {},
): Promise<DeviceChoice<T>> {
  const precheck = options.precheck ?? defaultPrecheck;
  const attempts: DeviceAttempt[] = [];
  for (const device of candidateDevices(requested)) {
    const known = failedDevices.get(device) ?? precheck(device);
    if (known) {
      failedDevices.set(device, known);
      attempts.push({ device, failure: known });
      continue;
    }
    try {
      const value = await load(device);
      attempts.push({ device });
      const summary = describeChoice(device, attempts);
      if (attempts.length > 1) options.log?.(`device: using ${summary}`);
      return { device, value, attempts, summary };
    } catch (err) {
      if (options.isSourceError?.(err)) throw err;
      const failure = shortDeviceError(device, err);
      failedDevices.set(device, failure);
      attempts.push({ device, failure });
    }
  }
  throw new DeviceUnavailableError(requested, attempts);
}

function describeChoice(device: ConcreteDevice, attempts: DeviceAttempt[]): string {
  const failed = attempts.filter((a) => a.failure);
  return failed.length ? `${device} (${failed.map((a) => `${a.device}: ${a.failure}`).join('; ')})` : device;
}

/** Turns onnxruntime's long native messages into one readable reason. */
export function shortDeviceError(device: ConcreteDevice, err: unknown): string {
  const message = String((err as Error)?.message ?? err);
  if (device === 'cuda' && /Failed to load shared library|providers_cuda|providers_shared|libcu/i.test(message)) {
    return 'CUDA provider not loadable (onnxruntime-node installed without CUDA, or CUDA 12 / cuDNN 9 libraries missing)';
  }
  if (device === 'webgpu' && /adapter/i.test(message)) return 'no WebGPU adapter (needs a GPU with Vulkan/Metal/D3D12 drivers)';
  if (/Unsupported device/i.test(message)) return `not supported on ${process.platform}/${process.arch}`;
  return message.split('\n')[0].slice(0, 200);
}

/**
 * Skips CUDA without trying it when onnxruntime-node has no CUDA provider library next to its
 * binding (the default install skips that download): trying prints a native error otherwise.
 */
function defaultPrecheck(device: ConcreteDevice): string | undefined {
  if (device === 'cuda') {
    if (process.platform !== 'linux' || process.arch !== 'x64') return `CUDA needs Linux x64 (this is ${process.platform}/${process.arch})`;
    const dir = onnxRuntimeBinDir();
    if (dir && !existsSync(join(dir, 'libonnxruntime_providers_cuda.so'))) {
      return 'CUDA provider not installed (onnxruntime-node was installed with onnxruntime-node-install=skip; see README "Enabling CUDA")';
    }
  }
  // On Linux, onnxruntime's WebGPU (Dawn) reaches the GPU through Vulkan only.
  if (device === 'webgpu' && process.platform === 'linux' && !findLibrary('libvulkan.so.1')) {
    return 'no WebGPU adapter (no Vulkan loader libvulkan.so.1 found)';
  }
  return undefined;
}

function findLibrary(name: string): boolean {
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/lib',
    '/lib64',
    '/lib',
  ];
  return dirs.some((d) => existsSync(join(d, name)));
}

function onnxRuntimeBinDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    // Resolve through transformers.js, which owns the onnxruntime-node dependency.
    const transformersMain = require.resolve('@huggingface/transformers');
    const ortMain = createRequire(transformersMain).resolve('onnxruntime-node'); // <pkg>/dist/index.js
    return join(dirname(dirname(ortMain)), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}
