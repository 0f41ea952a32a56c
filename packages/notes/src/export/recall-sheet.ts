import {
  type FxState,
  MINUS,
  type Note,
  type Person,
  type Session,
  type Snapshot,
  type Song,
  type TrackState,
} from '@tapeop/core';
import type { JournalIssue } from '../journal/journal-issue.js';
import type { JournalEntry, JournalView } from '../model/journal-view.js';
import {
  dataFacts,
  formatFader,
  formatPan,
  formatParam,
  type QcFigure,
  qcFigures,
  scopeLabel,
  timeFormatter,
} from './sheet-format.js';

/**
 * The recall sheet as data: what the HTML and Markdown pages show, and what the JSON export
 * is. Every value is ready to print (times in one stated zone, levels with units).
 */
/** One labelled fact, ready to print: `UPC/EAN: 5010017088439`. */
export interface Fact {
  label: string;
  value: string;
}

export interface RecallSheet {
  format: 'tapeop.recall-sheet';
  formatVersion: 1;
  generatedAt: string;
  /** The time zone the times are printed in. */
  timeZone: string;
  album: Session['album'];
  client?: Person;
  engineer?: Person;
  sampleRate: number;
  deliveryTargets: string[];
  /** The header's facts in print order (label, catalogue number, UPC/EAN, client, ...). */
  facts: Fact[];
  /** Songs in album order, then songs not in the sequence. */
  songs: SheetSong[];
  /** The revision history: each milestone and what was done and asked after it. */
  versions: SheetVersion[];
  openRequests: SheetEntry[];
  /** Session-wide notes and decisions. */
  sessionNotes: SheetEntry[];
  /** QC figures of the album as a whole (session-scoped qc notes). */
  albumQc: SheetQc[];
  deliveries: SheetEntry[];
  /** The chain as the last snapshot captured it; undefined without snapshots. */
  snapshot?: SheetSnapshot;
  journal: { path: string; entries: number; withdrawn: number; issues: JournalIssue[] };
}

export interface SheetEntry {
  id: string;
  kind: Note['kind'];
  /** When first written, formatted. */
  time: string;
  author: string;
  text: string;
  /** What it is about, in words ('Headlights @ 00:01:40.000'). */
  about: string;
  status?: Note['status'];
  requestedBy?: string;
  versionId?: string;
  tags?: string[];
  /** The last amendment's time and author, when the entry was amended. */
  amended?: { time: string; author: string; count: number };
  /** For deliveries: the plain facts in the entry's data (files, checksums, formats). */
  details?: Fact[];
  /** About, when, who (and who asked), amendments and tags, in one line. */
  byline: string;
}

export interface SheetSong {
  id: string;
  /** Place in the album (1-based), when sequenced. */
  number?: number;
  title: string;
  performer?: string;
  isrc?: string;
  versionLabel?: string;
  /** The delivered mix: file and format. */
  mix?: { path: string; format: string; duration: string; sha256?: string };
  gapSec?: number;
  /** The song's facts in print order (performer, ISRC, mix, gap, ...). */
  facts: Fact[];
  /** Notes, decisions, client requests and deliveries about the song (changes are under versions, QC below). */
  notes: SheetEntry[];
  changeCount: number;
  qc: SheetQc[];
  /** The song's tracks in the last snapshot. */
  tracks: SheetTrack[];
}

export interface SheetQc {
  entryId: string;
  time: string;
  text: string;
  figures: QcFigure[];
}

export interface SheetVersion {
  /** Undefined for the work before the first milestone. */
  id?: string;
  name: string;
  date?: string;
  snapshot?: string;
  /** Id, date and snapshot in one line, when there are any. */
  meta?: string;
  /** Entries attached to this milestone: the changes made and requests received after it. */
  changes: SheetEntry[];
  requests: SheetEntry[];
  other: SheetEntry[];
}

export interface SheetSnapshot {
  id: string;
  name?: string;
  capturedAt: string;
  daw: string;
  project?: string;
  master?: SheetTrack;
  /** Tracks that play no song of the session. */
  otherTracks: SheetTrack[];
}

export interface SheetTrack {
  name: string;
  /** Fader, pan, width and switches in one line: `fader −0.5 dB · pan C · muted`. */
  summary: string;
  volume: string;
  pan: string;
  width?: string;
  flags: string[];
  fx: SheetFx[];
}

export interface SheetFx {
  slot: number;
  name: string;
  /** Format, vendor and version: 'VST3 · FabFilter · 3.21'. */
  plugin: string;
  state: 'on' | 'bypassed' | 'offline';
  preset?: string;
  params: Array<{ name: string; value: string }>;
}

export interface SheetOptions {
  /** Time zone for printed times (IANA name). Default: this machine's. */
  timeZone?: string;
  /** The time written as "generated at". Default: now. */
  now?: Date;
}

const DOT = ' · ';

export function buildRecallSheet(
  session: Session,
  view: JournalView,
  snapshots: readonly Snapshot[],
  options: SheetOptions = {},
): RecallSheet {
  const time = timeFormatter(options.timeZone);
  const entry = (e: JournalEntry): SheetEntry => {
    const last = e.amendments.at(-1);
    const { author, requestedBy, tags } = { ...e.note, author: e.original.author };
    const byline = [
      scopeLabel(e.note, session),
      time.format(e.original.time),
      requestedBy && requestedBy !== author ? `${author}, asked by ${requestedBy}` : author,
      last
        ? `amended ${e.amendments.length === 1 ? '' : `${e.amendments.length}× `}${time.format(last.time)} by ${last.author}`
        : undefined,
      tags?.length ? tags.map((t) => `#${t}`).join(' ') : undefined,
    ]
      .filter(Boolean)
      .join(DOT);
    return {
      byline,
      id: e.id,
      kind: e.note.kind,
      time: time.format(e.original.time),
      author: e.original.author,
      text: e.note.text,
      about: scopeLabel(e.note, session),
      ...(e.note.status ? { status: e.note.status } : {}),
      ...(e.note.requestedBy ? { requestedBy: e.note.requestedBy } : {}),
      ...(e.versionId ? { versionId: e.versionId } : {}),
      ...(e.note.tags?.length ? { tags: e.note.tags } : {}),
      ...(last
        ? {
            amended: {
              time: time.format(last.time),
              author: last.author,
              count: e.amendments.length,
            },
          }
        : {}),
    };
  };
  const qcOf = (e: JournalEntry): SheetQc => ({
    entryId: e.id,
    time: time.format(e.original.time),
    text: e.note.text,
    figures: qcFigures(e.note.data),
  });

  const last = latestSnapshot(snapshots);
  const snapshotName = (id: string | undefined) => {
    if (!id) return undefined;
    const found = snapshots.find((s) => s.id === id);
    return found ? `${found.name ?? found.id} (${time.format(found.capturedAt)})` : id;
  };

  const songs = orderedSongs(session).map(({ song, number, gapSec }): SheetSong => {
    const about = view.entries.filter((e) => e.note.scope.songId === song.id);
    const tracks = last ? last.tracks.filter((t) => t.songId === song.id) : [];
    return {
      id: song.id,
      ...(number ? { number } : {}),
      title: song.title,
      ...(song.performer ? { performer: song.performer } : {}),
      ...(song.isrc ? { isrc: song.isrc } : {}),
      ...(song.versionLabel ? { versionLabel: song.versionLabel } : {}),
      ...(song.source ? { mix: mixOf(song) } : {}),
      ...(gapSec !== undefined ? { gapSec } : {}),
      facts: songFacts(song, gapSec, about.filter((e) => e.note.kind === 'change').length),
      notes: about.filter((e) => !['change', 'version', 'qc'].includes(e.note.kind)).map(entry),
      changeCount: about.filter((e) => e.note.kind === 'change').length,
      qc: about.filter((e) => e.note.kind === 'qc').map(qcOf),
      tracks: tracks.map(trackOf),
    };
  });

  const versions = versionsOf(view, entry, snapshotName, time.format);
  const generatedAt = time.format((options.now ?? new Date()).toISOString());
  const sessionScoped = view.entries.filter((e) => e.note.scope.kind === 'session');

  return {
    format: 'tapeop.recall-sheet',
    formatVersion: 1,
    generatedAt,
    timeZone: time.zone,
    album: session.album,
    ...(session.client ? { client: session.client } : {}),
    ...(session.engineer ? { engineer: session.engineer } : {}),
    sampleRate: session.sampleRate,
    deliveryTargets: (session.deliveryTargets ?? []).map(describeTarget),
    facts: headerFacts(session, last, time.format, time.zone, generatedAt),
    songs,
    versions,
    openRequests: view.entries
      .filter((e) => e.note.kind === 'client-request' && e.note.status === 'open')
      .map(entry),
    sessionNotes: sessionScoped
      .filter((e) => e.note.kind === 'note' || e.note.kind === 'decision')
      .map(entry),
    albumQc: sessionScoped.filter((e) => e.note.kind === 'qc').map(qcOf),
    deliveries: view.entries
      .filter((e) => e.note.kind === 'delivery')
      .map((e) => ({
        ...entry(e),
        ...deliveryFacts(e),
      })),
    ...(last ? { snapshot: snapshotOf(last, session, time.format) } : {}),
    journal: {
      path: view.path,
      entries: view.entries.length,
      withdrawn: view.retracted.length,
      issues: view.issues,
    },
  };
}

function facts(rows: Array<[string, string | undefined]>): Fact[] {
  return rows
    .filter((row): row is [string, string] => Boolean(row[1]))
    .map(([label, value]) => ({ label, value }));
}

function headerFacts(
  session: Session,
  snapshot: Snapshot | undefined,
  format: (iso: string) => string,
  zone: string,
  generatedAt: string,
): Fact[] {
  const { album } = session;
  const person = (p: Person | undefined) =>
    p ? [p.name, p.company].filter(Boolean).join(', ') : undefined;
  const daw = snapshot
    ? [snapshot.source.daw, snapshot.source.dawVersion].filter(Boolean).join(' ')
    : '';
  return facts([
    ['Label', album.label],
    ['Catalogue number', album.catalogNumber],
    ['UPC/EAN', album.upc],
    ['Release date', album.releaseDate],
    ['Client', person(session.client)],
    ['Mastering engineer', person(session.engineer)],
    ['Session sample rate', `${session.sampleRate} Hz`],
    ['Delivery', (session.deliveryTargets ?? []).map(describeTarget).join('; ') || undefined],
    [
      'Last snapshot',
      snapshot
        ? `${snapshot.name ?? snapshot.id}, ${format(snapshot.capturedAt)} (${daw})`
        : undefined,
    ],
    ['Generated', `${generatedAt} (${zone})`],
  ]);
}

function songFacts(song: Song, gapSec: number | undefined, changes: number): Fact[] {
  const mix = song.source ? mixOf(song) : undefined;
  return facts([
    ['Performer', song.performer],
    ['ISRC', song.isrc],
    ['Mix', mix ? `${mix.path} (${mix.format}, ${mix.duration})` : undefined],
    ['Mix version', song.versionLabel],
    ['Mix SHA-256', mix?.sha256],
    ['Gap before', gapSec !== undefined ? `${gapSec} s` : undefined],
    ['Changes noted', String(changes)],
  ]);
}

function deliveryFacts(e: JournalEntry): Partial<SheetEntry> {
  const facts = dataFacts(e.note.data);
  return facts.length === 0 ? {} : { details: facts.map(([label, value]) => ({ label, value })) };
}

function latestSnapshot(snapshots: readonly Snapshot[]): Snapshot | undefined {
  let latest: Snapshot | undefined;
  for (const snapshot of snapshots) {
    if (!latest || Date.parse(snapshot.capturedAt) >= Date.parse(latest.capturedAt))
      latest = snapshot;
  }
  return latest;
}

function orderedSongs(session: Session): Array<{ song: Song; number?: number; gapSec?: number }> {
  const byId = new Map(session.songs.map((s) => [s.id, s]));
  const result: Array<{ song: Song; number?: number; gapSec?: number }> = [];
  const placed = new Set<string>();
  session.sequence.entries.forEach((sequenced, i) => {
    const song = byId.get(sequenced.songId);
    if (!song || placed.has(song.id)) return;
    placed.add(song.id);
    result.push({ song, number: i + 1, gapSec: sequenced.gapSec });
  });
  for (const song of session.songs) if (!placed.has(song.id)) result.push({ song });
  return result;
}

function mixOf(song: Song): NonNullable<SheetSong['mix']> {
  const source = song.source!;
  const rate =
    source.sampleRate % 1000 === 0
      ? `${source.sampleRate / 1000}`
      : (source.sampleRate / 1000).toFixed(1);
  const channels =
    source.channels === 1 ? 'mono' : source.channels === 2 ? 'stereo' : `${source.channels} ch`;
  // Rounded to the tenth first, so 59.96 s reads 1:00.0, not 0:60.0.
  const tenths = Math.round(source.durationSec * 10);
  const minutes = Math.floor(tenths / 600);
  const seconds = ((tenths - minutes * 600) / 10).toFixed(1).padStart(4, '0');
  return {
    path: source.path,
    format: `${source.bitDepth}-bit ${rate} kHz ${channels} ${source.container.toUpperCase()}`,
    duration: `${minutes}:${seconds}`,
    ...(source.sha256 ? { sha256: source.sha256 } : {}),
  };
}

function trackOf(track: TrackState): SheetTrack {
  const flags = [
    ...(track.mute ? ['muted'] : []),
    ...(track.solo ? ['soloed'] : []),
    ...(track.phaseInvert ? ['polarity inverted'] : []),
  ];
  const volume = formatFader(track.volumeDb);
  const pan = formatPan(track.pan);
  const width =
    track.width !== undefined && track.width !== 1
      ? `${Math.round(track.width * 100)}%`
      : undefined;
  return {
    name: track.name,
    summary: [`fader ${volume}`, `pan ${pan}`, width ? `width ${width}` : undefined, ...flags]
      .filter(Boolean)
      .join(DOT),
    volume,
    pan,
    ...(width ? { width } : {}),
    flags,
    fx: track.fx.map(fxOf),
  };
}

function fxOf(fx: FxState, slot: number): SheetFx {
  return {
    slot: slot + 1,
    name: fx.name,
    plugin: [
      fx.plugin.format,
      fx.plugin.vendor,
      fx.plugin.version ? `v${fx.plugin.version}` : undefined,
    ]
      .filter(Boolean)
      .join(DOT),
    state: fx.offline ? 'offline' : fx.enabled ? 'on' : 'bypassed',
    ...(fx.preset ? { preset: fx.preset } : {}),
    params: [...fx.params]
      .sort((a, b) => a.index - b.index)
      .map((p) => ({ name: p.name || `#${p.index}`, value: formatParam(p) })),
  };
}

function snapshotOf(
  snapshot: Snapshot,
  session: Session,
  format: (iso: string) => string,
): SheetSnapshot {
  const songIds = new Set(session.songs.map((s) => s.id));
  const daw = [snapshot.source.daw, snapshot.source.dawVersion].filter(Boolean).join(' ');
  return {
    id: snapshot.id,
    ...(snapshot.name ? { name: snapshot.name } : {}),
    capturedAt: format(snapshot.capturedAt),
    daw,
    ...(snapshot.source.project ? { project: snapshot.source.project } : {}),
    ...(snapshot.master ? { master: trackOf(snapshot.master) } : {}),
    otherTracks: snapshot.tracks.filter((t) => !t.songId || !songIds.has(t.songId)).map(trackOf),
  };
}

function versionsOf(
  view: JournalView,
  entry: (e: JournalEntry) => SheetEntry,
  snapshotName: (id: string | undefined) => string | undefined,
  format: (iso: string) => string,
): SheetVersion[] {
  const groups: SheetVersion[] = [];
  const byId = new Map<string | undefined, SheetVersion>();
  const group = (id: string | undefined): SheetVersion => {
    let found = byId.get(id);
    if (!found) {
      const milestone = view.versions.find((v) => v.id === id);
      const snapshot = snapshotName(milestone?.snapshotId);
      const name = milestone?.name ?? (id ? id : 'Before the first version');
      const date = milestone ? format(milestone.date) : undefined;
      const meta = [
        id && id !== name ? id : undefined,
        date,
        snapshot ? `snapshot ${snapshot}` : undefined,
      ]
        .filter(Boolean)
        .join(DOT);
      found = {
        ...(id ? { id } : {}),
        name,
        ...(date ? { date } : {}),
        ...(snapshot ? { snapshot } : {}),
        ...(meta ? { meta } : {}),
        changes: [],
        requests: [],
        other: [],
      };
      byId.set(id, found);
      groups.push(found);
    }
    return found;
  };
  // Milestones first, in date order, so each appears even when nothing followed it yet.
  const hasUnversioned = view.entries.some(
    (e) => e.versionId === undefined && e.note.kind !== 'version',
  );
  if (hasUnversioned) group(undefined);
  for (const milestone of view.versions) group(milestone.id);
  for (const e of view.entries) {
    if (e.note.kind === 'version') continue;
    const target = group(e.versionId);
    if (e.note.kind === 'change') target.changes.push(entry(e));
    else if (e.note.kind === 'client-request') target.requests.push(entry(e));
    else if (e.note.kind === 'decision' || e.note.kind === 'delivery') target.other.push(entry(e));
  }
  return groups;
}

function describeTarget(target: NonNullable<Session['deliveryTargets']>[number]): string {
  const parts: string[] = [
    target.kind === 'cd' ? 'CD' : target.kind === 'hi-res' ? 'Hi-res' : 'Streaming',
  ];
  if (target.service) parts.push(target.service);
  if (target.sampleRate) parts.push(`${target.sampleRate / 1000} kHz`);
  if (target.bitDepth) parts.push(`${target.bitDepth}-bit`);
  if (target.loudnessLufs !== undefined)
    parts.push(`${target.loudnessLufs} LUFS`.replace(/^-/, MINUS));
  if (target.truePeakDbtp !== undefined)
    parts.push(`${target.truePeakDbtp} dBTP max`.replace(/^-/, MINUS));
  return parts.join(DOT);
}
