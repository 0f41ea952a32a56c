// The hub's documents and method results, as types only: the schema's generated types from
// @tapeop/core and the hub's own result types from @tapeop/cli. Nothing here reaches the
// browser bundle (type imports are erased).

export type {
  ApplyResult,
  CaptureResult,
  ChangeLine,
  DawStatusResult,
  DiffResult,
  ListedEntry,
  LoadResult,
  MarkersWriteResult,
  NotesAddParams,
  NotesExportResult,
  NotesListParams,
  NotesListResult,
  SequenceChangeLine,
  SequenceReport,
  SequenceSong,
  SessionShowResult,
  SnapshotSummary,
} from '@tapeop/cli';
export type {
  DawEvent,
  Marker,
  Note,
  Problem,
  QcCheck,
  QcFigures,
  Session,
  Song,
  TransportState,
} from '@tapeop/core';

import type { SnapshotSummary } from '@tapeop/cli';

/** `hub.info`. */
export interface HubInfo {
  version: string;
  /** The session.json the hub serves. */
  session: string;
  /** Absent when the hub was started without --daw. */
  daw?: { adapter: string; connected: boolean };
  methods: string[];
  clients: number;
  maxMessageBytes: number;
}

/** `recall.list`. */
export interface SnapshotList {
  session: string;
  snapshots: SnapshotSummary[];
  unreadable: Array<{ file: string; reason: string }>;
}

export type NoteKind =
  | 'note'
  | 'change'
  | 'client-request'
  | 'decision'
  | 'qc'
  | 'delivery'
  | 'version';
export type RequestStatus = 'open' | 'done' | 'wontfix';
