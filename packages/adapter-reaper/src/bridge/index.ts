// The bridge script that runs inside REAPER, and the protocol tapeop speaks with it.
export {
  adapterPackageRoot,
  BRIDGE_ACTION_DESCRIPTION,
  BRIDGE_ACTION_NAME,
  BRIDGE_COMMAND_ID,
  BRIDGE_FILE_NAME,
  bridgeScriptPath,
  readBridgeScript,
} from './bridge-script.js';
export {
  BRIDGE_PROTOCOL,
  type BridgeAnnouncement,
  type BridgeErrorBody,
  type BridgeOperation,
  type BridgeReply,
  type BridgeRequest,
  bridgeOperations,
  INLINE_REQUEST_LIMIT,
  MAILBOX_SECTION,
  mailboxKeys,
  PART_SIZE,
  type ReplyMode,
} from './protocol.js';
