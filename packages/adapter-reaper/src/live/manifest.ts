import type { AdapterManifest, Capability } from '@tapeop/core';

const capabilities: Capability[] = [
  'songs.load',
  'tracks.list',
  'markers.read',
  'markers.write',
  'snapshot.capture',
  'snapshot.apply',
  'notes.read',
  'notes.write',
  'transport',
  'events',
  'project.offline-write',
  'project.offline-read',
];

export const reaperManifest: AdapterManifest = {
  schema: 'AdapterManifest.1',
  name: 'reaper',
  daw: 'REAPER',
  dawVersions: '>=6.0',
  description:
    "REAPER through its web interface (HTTP) and an OSC surface, with tapeop's Lua bridge script inside REAPER for loading, markers, snapshots and notes.",
  transports: ['http', 'osc', 'lua-bridge'],
  capabilities,
};

export const reaperSimManifest: AdapterManifest = {
  ...reaperManifest,
  name: 'reaper-sim',
  daw: 'REAPER (tapeop simulator)',
  description:
    "tapeop's REAPER simulator (started or attached to), through the same web interface, OSC surface and bridge script as a real REAPER.",
};
