// @tapeop/cli as a library: the hub (for tools that embed it) and the descriptions of every
// command and hub method (for documentation and for clients such as the panel).
export type { Action, ActionEnv, ActionOutcome, AnyAction } from './actions/action.js';
export { allActions, hubActions } from './actions/index.js';
export { exitCodes } from './cli/exit-codes.js';
export { type CliIo, runCli } from './cli/run-cli.js';
export { commands, groups } from './commands/index.js';
export {
  DEFAULT_HUB_PORT,
  DEFAULT_MAX_MESSAGE_BYTES,
  type Hub,
  type HubOptions,
  hubOnlyMethods,
  RPC_PATH,
  startHub,
} from './hub/hub.js';
export { rpcErrors } from './hub/json-rpc.js';
