// @tapeop/adapter-ardour: everything tapeop needs to work with Ardour 7, in one package.

export {
  type ArdourAdapterOptions,
  ardourAdapterFactory,
  createArdourAdapter,
} from './adapter/ardour-adapter.js';
export { type ArdourConnectionOptions, oscPortFromConfig } from './adapter/ardour-connection.js';
export { ardourManifest } from './adapter/manifest.js';
export { BridgeClient, type BridgeClientOptions, mailboxDir } from './bridge/bridge-client.js';
export { bridgeDir, bridgeScriptPath, serveScriptPath } from './bridge/bridge-files.js';
export {
  BRIDGE_ACTION_NAME,
  defaultArdourConfigDir,
  type InstallResult,
  installArdourBridge,
  installedBridgeSlot,
  type UninstallResult,
  uninstallArdourBridge,
} from './installer/install.js';
export type { ArdourLocation } from './markers/ardour-location.js';
export { ardourMarkerName, locationsToMarkers, planLocations } from './markers/marker-mapping.js';
export {
  ArdourOsc,
  type ArdourOscEvent,
  type ArdourOscOptions,
  FEEDBACK,
  type StripFeedback,
  type StripInfo,
} from './osc/ardour-osc.js';
export {
  decodeOsc,
  encodeOsc,
  float,
  int,
  type OscArg,
  type OscMessage,
  str,
} from './osc/osc-codec.js';
export { addMediaToSessionFile } from './session-file/add-media.js';
export { buildArdourSession, type MediaFacts } from './session-file/build-session.js';
export { enableOscInSessionFile } from './session-file/enable-osc.js';
export { ardourOffline } from './session-file/offline.js';
export {
  type ArdourItem,
  type ArdourSessionContents,
  type ArdourTrack,
  parseArdourSessionXml,
  readArdourSession,
} from './session-file/read-ardour-session.js';
export { SIDECAR_FILE } from './session-file/sidecar.js';
export {
  formatTimepos,
  isExactRate,
  parseTimepos,
  SUPERCLOCK_PER_SECOND,
  samplesToSuperclock,
  superclockToSamples,
} from './session-file/superclock.js';
export {
  type WriteArdourSessionOptions,
  type WriteArdourSessionResult,
  writeArdourSession,
} from './session-file/write-ardour-session.js';

import { ardourAdapterFactory } from './adapter/ardour-adapter.js';

/** What tapeop's adapter registry loads. */
export const adapter = ardourAdapterFactory;
export default ardourAdapterFactory;
