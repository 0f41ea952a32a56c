import { describe, expect, it } from 'vitest';
import { isTapeopError } from '../errors/tapeop-error.js';
import type { AdapterManifest } from '../generated/types.js';
import { defineAdapter } from './define-adapter.js';

const manifest: AdapterManifest = {
  schema: 'AdapterManifest.1',
  name: 'tiny',
  daw: 'Tiny DAW',
  transports: ['osc'],
  capabilities: ['markers.read'],
};

const lifecycle = {
  connect: async () => {},
  close: async () => {},
  describe: async () => ({ manifest, daw: { name: 'Tiny DAW' } }),
};

describe('defineAdapter', () => {
  it('answers supports() from the manifest', () => {
    const adapter = defineAdapter(manifest, { ...lifecycle, readMarkers: async () => [] });
    expect(adapter.supports('markers.read')).toBe(true);
    expect(adapter.supports('markers.write')).toBe(false);
  });

  it('throws UNSUPPORTED, naming the DAW and the capability, for undeclared operations', async () => {
    const adapter = defineAdapter(manifest, {
      ...lifecycle,
      readMarkers: async () => [],
      writeMarkers: async () => ({ written: [], removed: 0, warnings: [] }),
    });
    await expect(adapter.writeMarkers([])).rejects.toThrow(
      'Tiny DAW (adapter "tiny") cannot write markers: it does not have the capability "markers.write"',
    );
    await expect(
      adapter.loadSongs({ sampleRate: 48_000, layout: 'track-per-song', songs: [] }),
    ).rejects.toSatisfy((e) => isTapeopError(e, 'UNSUPPORTED'));
  });

  it('refuses a manifest that declares what the implementation lacks', () => {
    expect(() =>
      defineAdapter(
        { ...manifest, capabilities: ['markers.read', 'transport'] },
        { ...lifecycle, readMarkers: async () => [] },
      ),
    ).toThrow(
      'adapter "tiny" declares capabilities it does not implement: transport needs locate(); transport needs play(); transport needs stop(); transport needs transportState()',
    );
  });

  it('refuses an invalid manifest', () => {
    expect(() => defineAdapter({ ...manifest, name: 'Tiny DAW' }, lifecycle)).toThrow(
      /manifest "Tiny DAW" is not valid/,
    );
  });

  it('wraps plain errors from the implementation into TapeopError, keeping the cause', async () => {
    const cause = new Error('socket closed');
    const adapter = defineAdapter(manifest, {
      ...lifecycle,
      readMarkers: async () => {
        throw cause;
      },
    });
    const error = await adapter.readMarkers().catch((e: unknown) => e);
    expect(isTapeopError(error, 'INTERNAL')).toBe(true);
    expect((error as Error).message).toBe('adapter "tiny" failed in readMarkers: socket closed');
    expect((error as Error).cause).toBe(cause);
  });

  it('gives adapters without events a subscribe() that never calls back', () => {
    const adapter = defineAdapter(manifest, { ...lifecycle, readMarkers: async () => [] });
    const stop = adapter.subscribe(() => expect.unreachable());
    expect(typeof stop).toBe('function');
    stop();
  });
});
