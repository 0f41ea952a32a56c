import { BRIDGE_COMMAND_ID } from '../bridge/bridge-script.js';

// What the installer is asked and what it reports.

export interface InstallReaperBridgeOptions {
  /** REAPER's web interface: the port to add it on when there is none (default 8080), or false. */
  web?: false | { port?: number };
  /**
   * An OSC surface with tapeop's pattern file: REAPER listens on `listenPort` (8000) and sends
   * feedback to `deviceHost`:`devicePort` (127.0.0.1:9000); or false.
   */
  osc?: false | { listenPort?: number; deviceHost?: string; devicePort?: number };
  /** Start the bridge with REAPER from Scripts/__startup.lua (default true). */
  startup?: boolean;
  /** The bridge script to copy (default: the one shipped with this package). */
  bridgeScript?: string;
  /** The OSC pattern file to copy (default: the one shipped with this package). */
  oscPatternFile?: string;
  /** Work out and report every change without writing anything. */
  dryRun?: boolean;
  /** Line ending of files the installer creates (default: the system's). */
  eol?: '\n' | '\r\n';
  /** The time of the run, for the backup folder's name and the record (default now). */
  now?: Date;
}

export interface InstallFileChange {
  /** The file, relative to the resource folder. */
  file: string;
  action: 'created' | 'updated' | 'deleted' | 'restored';
  /** Where the file was backed up before it was touched (relative to the resource folder). */
  backup?: string;
  /** What changed, one plain sentence each. */
  changes: string[];
}

export interface ReaperBridgeInstallResult {
  resourcePath: string;
  dryRun: boolean;
  /** False when everything was already as asked (a second install, an uninstall with nothing to do). */
  changed: boolean;
  files: InstallFileChange[];
  /** This run's backup folder, when it backed anything up. */
  backupFolder?: string;
  /** The command id REAPER gives the bridge (`/_/_TAPEOP_BRIDGE` over the web interface). */
  commandId: string;
  /** The web interface tapeop connects to, and whether this run added it. */
  webInterface?: { port?: number; added: boolean };
  osc?: { listenPort?: number; deviceHost?: string; devicePort?: number; added: boolean };
  /** What the user should know or do next. */
  notes: string[];
}

/** A result with nothing done yet. */
export function emptyResult(resourcePath: string, dryRun: boolean): ReaperBridgeInstallResult {
  return {
    resourcePath,
    dryRun,
    changed: false,
    files: [],
    commandId: BRIDGE_COMMAND_ID,
    notes: [],
  };
}
