import { basename, dirname, join } from 'node:path';
import type { OfflineProjectSupport } from '@tapeop/core';
import { readArdourSession } from './read-ardour-session.js';
import { writeArdourSession } from './write-ardour-session.js';

/**
 * Offline .ardour sessions for the registry (`tapeop load --offline out.ardour`). An Ardour
 * session is a folder: `out.ardour` becomes the folder `out/` holding `out.ardour`, the copied
 * mixes and tapeop's sidecar.
 */
export const ardourOffline: OfflineProjectSupport = {
  extensions: ['.ardour'],
  async write(input) {
    const name = basename(input.outFile).replace(/\.ardour$/i, '');
    const dir = join(dirname(input.outFile), name);
    const result = await writeArdourSession(input.session, dir, {
      plan: input.plan,
      markers: input.markers,
      ...(input.snapshot ? { snapshot: input.snapshot } : {}),
    });
    return { path: result.path, warnings: result.warnings };
  },
  async read(path) {
    const session = await readArdourSession(path);
    return { sampleRate: session.sampleRate, tracks: session.tracks, markers: session.markers };
  },
};
