// Public API of the live part of @tapeop/adapter-reaper: the adapter for a running REAPER.
export {
  BridgeClient,
  type BridgeClientOptions,
  INSTALL_BRIDGE_HINT,
  parseHeartbeat,
  splitForUrl,
} from './bridge-client.js';
export { adapter, adapters, reaperAdapterFactory, reaperSimAdapterFactory } from './factories.js';
export { reaperFadeShapes } from './load-mapping.js';
export { reaperManifest, reaperSimManifest } from './manifest.js';
export { markersFromBridge, writeMarkersArgs } from './marker-mapping.js';
export {
  f,
  i,
  type OscArg,
  type OscFeedback,
  ReaperOscClient,
  type ReaperOscOptions,
  s,
} from './osc-client.js';
export {
  createReaperAdapter,
  type ReaperAdapter,
  type ReaperAdapterOptions,
  type ReaperAdapterStats,
  readWebReply,
} from './reaper-adapter.js';
export { addByNameCandidates, bridgeRecallOps } from './recall-mapping.js';
export { pluginIdentity, snapshotFromCapture } from './snapshot-mapping.js';
export {
  ENABLE_WEB_INTERFACE_HINT,
  WebInterfaceClient,
  type WebInterfaceOptions,
} from './web-interface-client.js';
export {
  parseExtState,
  parseMarkerList,
  parseTrack,
  parseTransport,
  splitReply,
  unescapeReplyString,
} from './web-replies.js';
