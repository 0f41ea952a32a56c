import { createAdapterRegistry, validateAdapterManifest } from '@tapeop/core';
import { describe, expect, it } from 'vitest';
import { adapters } from '../index.js';
import { reaperOfflineProjects } from './offline-project.js';

describe('the offline part of the REAPER adapter factories', () => {
  it('is offered by `reaper` and `reaper-sim` for .rpp files, and declared in their manifests', () => {
    const registry = createAdapterRegistry({ builtins: adapters });
    for (const name of ['reaper', 'reaper-sim']) {
      const factory = registry.get(name);
      expect(factory.offline).toBe(reaperOfflineProjects);
      expect(factory.offline?.extensions).toEqual(['.rpp']);
      expect(factory.manifest.capabilities).toEqual(
        expect.arrayContaining(['project.offline-write', 'project.offline-read']),
      );
      expect(validateAdapterManifest(factory.manifest).ok).toBe(true);
    }
  });
});
