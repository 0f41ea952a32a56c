import type { AdapterManifest } from '@tapeop/core';

/** What the Ardour adapter is and can do (AdapterManifest.1). */
export const ardourManifest: AdapterManifest = {
  schema: 'AdapterManifest.1',
  name: 'ardour',
  daw: 'Ardour',
  dawVersions: '7.x',
  description:
    "Live control over Ardour's OSC surface, a Lua bridge inside Ardour for tracks, audio placement, markers and plug-in parameters, and offline .ardour sessions.",
  transports: ['osc', 'lua-bridge', 'file'],
  capabilities: [
    'songs.load',
    'tracks.list',
    'markers.read',
    'markers.write',
    'snapshot.capture',
    'snapshot.apply',
    'transport',
    'events',
    'project.offline-write',
    'project.offline-read',
  ],
};
