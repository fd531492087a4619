import { beforeEach, describe, expect, it } from 'vitest';
import { candidateDevices, DeviceUnavailableError, resetDeviceMemory, shortDeviceError, withDeviceFallback, type ConcreteDevice } from '../../../server/llm/local/device';

beforeEach(() => resetDeviceMemory());

/** A loader where the listed devices fail with onnxruntime-like messages. */
function loader(failing: Partial<Record<ConcreteDevice, string>>) {
  const tried: ConcreteDevice[] = [];
  const load = async (device: ConcreteDevice) => {
    tried.push(device);
    const message = failing[device];
    if (message) throw new Error(message);
    return `model on ${device}`;
  };
  return { load, tried };
}

const noPrecheck = () => undefined;

describe('device selection', () => {
  it('auto tries cuda, then webgpu, then cpu', () => {
    expect(candidateDevices('auto')).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(candidateDevices('cpu')).toEqual(['cpu']);
  });

  it('falls back to cpu and says why cuda and webgpu failed', async () => {
    const { load, tried } = loader({
      cuda: 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
      webgpu: 'webgpu_context.cc:136 Failed to get a WebGPU adapter: No supported adapters',
    });
    const logs: string[] = [];
    const choice = await withDeviceFallback('auto', load, { precheck: noPrecheck, log: (l) => logs.push(l) });
    expect(choice.device).toBe('cpu');
    expect(choice.value).toBe('model on cpu');
    expect(tried).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(choice.attempts.map((a) => a.device)).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(choice.summary).toMatch(/^cpu \(cuda: CUDA provider not loadable.*; webgpu: no WebGPU adapter.*\)$/);
    expect(logs).toHaveLength(1);
  });

  it('takes cuda when it works', async () => {
    const { load, tried } = loader({});
    const choice = await withDeviceFallback('auto', load, { precheck: noPrecheck });
    expect(choice).toMatchObject({ device: 'cuda', summary: 'cuda' });
    expect(tried).toEqual(['cuda']);
  });

  it('remembers a failed device for later loads in the process', async () => {
    await withDeviceFallback('auto', loader({ cuda: 'Failed to load shared library', webgpu: 'no adapter' }).load, { precheck: noPrecheck });
    const second = loader({});
    const choice = await withDeviceFallback('auto', second.load, { precheck: noPrecheck });
    expect(second.tried).toEqual(['cpu']);
    expect(choice.attempts.filter((a) => a.failure)).toHaveLength(2);
  });

  it('skips devices the precheck rules out without trying them', async () => {
    const { load, tried } = loader({ webgpu: 'adapter missing' });
    const choice = await withDeviceFallback('auto', load, { precheck: (d) => (d === 'cuda' ? 'CUDA provider not installed' : undefined) });
    expect(tried).toEqual(['webgpu', 'cpu']);
    expect(choice.attempts[0]).toEqual({ device: 'cuda', failure: 'CUDA provider not installed' });
  });

  it('an explicit device does not fall back', async () => {
    const err = await withDeviceFallback('cuda', loader({ cuda: 'Failed to load shared library' }).load, { precheck: noPrecheck }).catch((e) => e);
    expect(err).toBeInstanceOf(DeviceUnavailableError);
    expect(err.message).toMatch(/no usable device for "cuda": cuda: CUDA provider not loadable/);
  });

  it('rethrows errors about the model files instead of trying other devices', async () => {
    const { load, tried } = loader({ cuda: 'file was not found locally' });
    await expect(withDeviceFallback('auto', load, { precheck: noPrecheck, isSourceError: (e) => /not found/.test(String(e)) })).rejects.toThrow(/not found/);
    expect(tried).toEqual(['cuda']);
  });

  it('shortens native messages', () => {
    expect(shortDeviceError('cpu', new Error('first line\nsecond line'))).toBe('first line');
    expect(shortDeviceError('webgpu', new Error('Unsupported device: "webgpu". Should be one of: cpu'))).toMatch(/not supported on/);
  });
});
