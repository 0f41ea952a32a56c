// @tapeop/cli as a library: the hub (for tools that embed it) and the descriptions of every
// command and hub method (for documentation and for clients such as the panel).
export type { Action, ActionEnv, ActionOutcome, AnyAction } from './actions/action.js';
// The hub methods' params and results, for typed clients (the panel imports these as types only).
export type {
  DawStatusResult,
  LoadParams,
  LoadResult,
  LocateParams,
  MarkersReadParams,
  MarkersReadResult,
  MarkersWriteResult,
} from './actions/daw.js';
export { allActions, hubActions } from './actions/index.js';
export type {
  ListedEntry,
  NotesAddParams,
  NotesAmendParams,
  NotesExportParams,
  NotesExportResult,
  NotesListParams,
  NotesListResult,
} from './actions/notes.js';
export type {
  ApplyParams,
  ApplyResult,
  CaptureParams,
  CaptureResult,
  ChangeLine,
  DiffParams,
  DiffResult,
} from './actions/recall.js';
export type {
  SequenceChangeLine,
  SequenceInput,
  SequenceReport,
  SequenceSong,
} from './actions/sequence-operation.js';
export type {
  SessionShowResult,
  SessionUpdateParams,
  SessionUpdateResult,
} from './actions/session.js';
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
export type { SnapshotSummary } from './session-folder/snapshot-store.js';
