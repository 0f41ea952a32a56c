import type { AnyCommand, CommandGroup } from '../cli/command.js';
import { adaptersCommand } from './adapters.js';
import { ardourInstallCommand, ardourUninstallCommand } from './ardour.js';
import {
  dawLocateCommand,
  dawPlayCommand,
  dawStatusCommand,
  dawStopCommand,
  loadCommand,
  markersReadCommand,
  markersWriteCommand,
} from './daw.js';
import {
  deliverCueCommand,
  deliverDdpCommand,
  deliverPqCommand,
  deliverSplitCommand,
  deliverVerifyCommand,
} from './deliver.js';
import { demoCommand } from './demo.js';
import { initCommand, scanCommand } from './intake.js';
import {
  notesAddCommand,
  notesAmendCommand,
  notesExportCommand,
  notesListCommand,
  notesRetractCommand,
} from './notes.js';
import { qcCommand } from './qc.js';
import { reaperInstallCommand, reaperUninstallCommand } from './reaper.js';
import {
  recallApplyCommand,
  recallCaptureCommand,
  recallDiffCommand,
  recallListCommand,
} from './recall.js';
import { sequenceCommand } from './sequence.js';
import { serveCommand } from './serve.js';
import { sessionShowCommand, sessionUpdateCommand } from './session.js';
import { simReaperCommand } from './sim.js';

/** Every command, in the order help and the reference list them (the order of the work). */
export const commands: readonly AnyCommand[] = [
  initCommand,
  scanCommand,
  qcCommand,
  sessionShowCommand,
  sessionUpdateCommand,
  sequenceCommand,
  loadCommand,
  markersWriteCommand,
  markersReadCommand,
  recallCaptureCommand,
  recallDiffCommand,
  recallApplyCommand,
  recallListCommand,
  notesAddCommand,
  notesListCommand,
  notesAmendCommand,
  notesRetractCommand,
  notesExportCommand,
  deliverDdpCommand,
  deliverCueCommand,
  deliverPqCommand,
  deliverVerifyCommand,
  deliverSplitCommand,
  dawStatusCommand,
  dawLocateCommand,
  dawPlayCommand,
  dawStopCommand,
  reaperInstallCommand,
  reaperUninstallCommand,
  ardourInstallCommand,
  ardourUninstallCommand,
  simReaperCommand,
  serveCommand,
  demoCommand,
  adaptersCommand,
];

export const groups: readonly CommandGroup[] = [
  { path: ['session'], summary: 'Read and change session.json.' },
  { path: ['markers'], summary: "The album's CD markers in the DAW." },
  { path: ['recall'], summary: 'Snapshots of the mastering chain: capture, compare, recall.' },
  { path: ['notes'], summary: "The session's journal and the recall sheet." },
  { path: ['deliver'], summary: 'DDP, CUE, PQ sheet, per-song masters.' },
  { path: ['daw'], summary: 'The DAW connection and transport.' },
  { path: ['reaper'], summary: 'The tapeop bridge in REAPER.' },
  { path: ['ardour'], summary: 'The tapeop bridge in Ardour.' },
  { path: ['sim'], summary: 'Simulated DAWs, for trying tapeop without one.' },
];
