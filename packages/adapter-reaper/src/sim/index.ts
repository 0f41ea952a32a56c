// Public API of the sim part of @tapeop/adapter-reaper (`@tapeop/adapter-reaper/sim`).
export { OscFace, type OscFaceOptions } from './osc-face.js';
export {
  fillOscAddress,
  matchOscAddress,
  type OscFlag,
  type OscMatch,
  type OscPattern,
  type OscPatternConfig,
  oscSetting,
  parseOscPatternFile,
} from './osc-patterns.js';
export {
  builtinPlugins,
  findPlugin,
  genericPlugin,
  type SimParamDef,
  type SimPluginDef,
} from './plugins.js';
export type {
  SimFx,
  SimItem,
  SimMarker,
  SimProject,
  SimSource,
  SimTake,
  SimTrack,
} from './project-model.js';
export { actions as reaperActions, SimReaper } from './reaper-app.js';
export { type ReaperSim, type ReaperSimOptions, startReaperSim } from './reaper-sim.js';
export { parseSignature, reascriptSignatures } from './reascript-signatures.js';
