// Public API of the installer part of @tapeop/adapter-reaper: the bridge installed into (and
// removed from) a REAPER resource folder.
export {
  bridgeRegistrationLine,
  INSTALLED_FILES,
  installReaperBridge,
  OSC_PATTERN_NAME,
} from './install-bridge.js';
export {
  BACKUP_FOLDER,
  type InstallRecord,
  RECORD_FILE,
  readInstallRecord,
} from './install-record.js';
export type {
  InstallFileChange,
  InstallReaperBridgeOptions,
  ReaperBridgeInstallResult,
} from './install-result.js';
export { defaultReaperResourcePath } from './resource-path.js';
export { startupBlock } from './startup-script.js';
export { uninstallReaperBridge } from './uninstall-bridge.js';
