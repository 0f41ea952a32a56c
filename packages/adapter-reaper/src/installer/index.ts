// Public API of the installer part of @tapeop/adapter-reaper: the bridge installed into (and
// removed from) a REAPER resource folder.
export {
  bridgeRegistrationLine,
  defaultReaperResourcePath,
  type InstallFileChange,
  type InstallReaperBridgeOptions,
  installReaperBridge,
  OSC_PATTERN_NAME,
  type ReaperBridgeInstallResult,
  uninstallReaperBridge,
} from './install-bridge.js';
export {
  BACKUP_FOLDER,
  type InstallRecord,
  RECORD_FILE,
  readInstallRecord,
} from './install-record.js';
export { startupBlock } from './startup-script.js';
