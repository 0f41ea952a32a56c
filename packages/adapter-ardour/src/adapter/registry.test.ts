import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapterRegistry, isTapeopError } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import defaultFactory, { adapter, ardourAdapterFactory, ardourManifest } from '../index.js';

describe('the registry entry', () => {
  it('registers as "ardour" with offline .ardour support', async () => {
    expect(adapter).toBe(ardourAdapterFactory);
    expect(defaultFactory).toBe(ardourAdapterFactory);
    const registry = createAdapterRegistry({ builtins: [ardourAdapterFactory] });
    const factory = registry.get('ardour');
    expect(factory.manifest).toBe(ardourManifest);
    expect(factory.offline?.extensions).toEqual(['.ardour']);
    const instance = await factory.create({ port: 9, timeoutMs: 100 });
    expect(instance.supports('songs.load')).toBe(true);
    expect(instance.supports('notes.write')).toBe(false);
    await expect(instance.readNotes()).rejects.toSatisfy(
      (e) => isTapeopError(e, 'UNSUPPORTED') && /Ardour/.test(e.message),
    );
  });

  it('passes the connection options through, and names the port it could not reach', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'tapeop-ardour-registry-'));
    const registry = createAdapterRegistry({ builtins: [ardourAdapterFactory] });
    await expect(
      registry.open('ardour', { host: '127.0.0.1', oscPort: 9, timeoutMs: 200, configDir }),
    ).rejects.toSatisfy(
      (e) => isTapeopError(e, 'DAW_UNREACHABLE') && /127\.0\.0\.1:9 within 200 ms/.test(e.message),
    );
    await rm(configDir, { recursive: true, force: true });
  });
});
