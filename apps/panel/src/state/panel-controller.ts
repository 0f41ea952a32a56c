import { formatGap, plural } from '../format/format.js';
import { type ConnectionState, type HubClient, HubError } from '../hub/hub-client.js';
import type {
  ApplyResult,
  CaptureResult,
  DawEvent,
  DawStatusResult,
  DiffResult,
  HubInfo,
  ListedEntry,
  LoadResult,
  MarkersWriteResult,
  Note,
  NoteKind,
  NotesAddParams,
  NotesExportResult,
  NotesListResult,
  Problem,
  RequestStatus,
  SequenceReport,
  Session,
  SessionShowResult,
  SnapshotList,
  TransportState,
} from '../hub/hub-types.js';
import { qcBySong, type SongQc } from './qc-by-song.js';
import { songAt } from './song-at.js';
import { Store } from './store.js';

export interface Message {
  id: number;
  tone: 'ok' | 'error';
  text: string;
  /** Lines under the text: the changes written, the problems found. */
  lines?: string[];
  hint?: string;
}

export interface NoteFilter {
  songId?: string;
  kind?: NoteKind;
  versionId?: string;
  /** Open client requests only. */
  openRequests?: boolean;
}

export interface DawState {
  /** The hub was started with a DAW. */
  available: boolean;
  adapter?: string;
  connected: boolean;
  /** The panel is asking the DAW how it is (connecting to it, the first time). */
  checking: boolean;
  status?: DawStatusResult;
  /** Why the DAW cannot be reached, with what to do. */
  problem?: { text: string; hint?: string };
  /** The bridge's last heartbeat (the DAW's clock) and when the panel heard it. */
  heartbeat?: { at: string; receivedAt: number };
  /** What changed in the DAW lately, newest first. */
  activity: Array<{ at: number; text: string }>;
}

export interface RecallState {
  diff?: DiffResult;
  /** A recall waiting for the engineer's confirmation (a dry run's answer). */
  pendingApply?: ApplyResult;
  lastCapture?: CaptureResult;
}

export interface PanelState {
  connection: ConnectionState;
  /** The first full load after connecting has finished. */
  loaded: boolean;
  info?: HubInfo;
  session?: Session;
  sessionWarnings: Problem[];
  sequence?: SequenceReport;
  /** Why the album cannot be laid out (an invalid sequence). */
  sequenceProblem?: string;
  snapshots?: SnapshotList;
  notes?: ListedEntry[];
  /** Every client request, whatever the filter. */
  requests?: ListedEntry[];
  /** Journal lines the hub could not use. */
  notesIssues: number;
  noteFilter: NoteFilter;
  /** Ids of notes that arrived live, for a short highlight. */
  freshNotes: ReadonlySet<string>;
  qc: Map<string, SongQc>;
  daw: DawState;
  recall: RecallState;
  /** Operations running now, by key (buttons show it and wait). */
  busy: Readonly<Record<string, true>>;
  messages: Message[];
}

/** Where the DAW's play head is, as last reported, and when the panel heard it. */
export interface TransportView {
  known: boolean;
  playing: boolean;
  positionSec: number;
  receivedAt: number;
}

const MAX_MESSAGES = 4;
const MAX_ACTIVITY = 8;

/** Everything said by an error, for people: the message, the problems and the hint. */
export function describeError(error: unknown): { text: string; lines?: string[]; hint?: string } {
  if (error instanceof HubError) {
    const problems = (
      error.data as { problems?: Array<{ pointer?: string; message?: string }> } | undefined
    )?.problems;
    return {
      text: error.message,
      ...(problems?.length
        ? { lines: problems.map((p) => `${p.pointer || '/'}: ${p.message ?? ''}`) }
        : {}),
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  return { text: error instanceof Error ? error.message : String(error) };
}

/**
 * The panel's state and everything it does, over one hub connection. Views read the stores
 * and call these methods; all work on the session happens in the hub.
 */
export class PanelController {
  readonly store = new Store<PanelState>({
    connection: { status: 'stopped' },
    loaded: false,
    sessionWarnings: [],
    notesIssues: 0,
    noteFilter: {},
    freshNotes: new Set(),
    qc: new Map(),
    daw: { available: false, connected: false, checking: false, activity: [] },
    recall: {},
    busy: {},
    messages: [],
  });
  readonly transport = new Store<TransportView>({
    known: false,
    playing: false,
    positionSec: 0,
    receivedAt: 0,
  });
  private nextMessage = 1;
  private notesRefresh: Promise<void> | undefined;
  private notesAgain = false;
  private notesRequest = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(readonly client: HubClient) {
    client.onState((connection) => {
      this.store.set({ connection });
      if (connection.status === 'open') void this.refreshAll();
      else if (connection.status !== 'connecting')
        this.transport.set({ known: false, playing: false });
    });
    client.subscribe(
      'notes.subscribe',
      'notes.added',
      (params) => this.onNotes((params.notes as Note[]) ?? []),
      {
        // Anything written between the first list and the subscription is fetched now.
        onSubscribed: () => this.requestNotesRefresh(),
      },
    );
    client.subscribe(
      'session.subscribe',
      'session.changed',
      (params) => this.onSession(params.document as Session),
      {
        onSubscribed: () => void this.refreshSequence(),
      },
    );
    client.subscribe(
      'daw.subscribe',
      'daw.event',
      (params) => this.onDawEvent(params.event as DawEvent),
      {
        onSubscribed: (result) =>
          this.setDaw({ available: true, connected: result.connected === true }),
        onError: () => this.setDaw({ available: false, connected: false }),
      },
    );
  }

  get state(): PanelState {
    return this.store.get();
  }

  start(): void {
    this.client.start();
  }

  stop(): void {
    this.client.stop();
    for (const timer of this.timers) clearTimeout(timer);
  }

  // ---- reading

  async refreshAll(): Promise<void> {
    // Everything at once: one round trip to the hub, not one per question.
    const info = this.client
      .call<HubInfo>('hub.info')
      .then(async (hubInfo) => {
        this.store.set((s) => ({
          info: hubInfo,
          daw: {
            ...s.daw,
            available: hubInfo.daw !== undefined,
            ...(hubInfo.daw
              ? { adapter: hubInfo.daw.adapter, connected: hubInfo.daw.connected }
              : { connected: false }),
          },
        }));
        if (hubInfo.daw) await this.refreshDawStatus();
      })
      .catch((error: unknown) => this.report(error));
    await Promise.allSettled([
      info,
      this.refreshSession(),
      this.refreshSequence(),
      this.refreshSnapshots(),
      this.refreshNotes(),
      this.refreshQc(),
    ]);
    this.store.set({ loaded: true });
  }

  async refreshSession(): Promise<void> {
    try {
      const shown = await this.client.call<SessionShowResult>('session.show');
      this.store.set({ session: shown.document, sessionWarnings: shown.warnings });
    } catch (error) {
      this.report(error);
    }
  }

  async refreshSequence(): Promise<void> {
    try {
      const sequence = await this.client.call<SequenceReport>('sequence');
      this.store.set({ sequence, sequenceProblem: undefined });
    } catch (error) {
      if (error instanceof HubError && error.code === 'HUB_DISCONNECTED') return;
      this.store.set({ sequenceProblem: describeError(error).text });
    }
  }

  async refreshSnapshots(): Promise<void> {
    try {
      this.store.set({ snapshots: await this.client.call<SnapshotList>('recall.list') });
    } catch (error) {
      this.report(error);
    }
  }

  async refreshNotes(): Promise<void> {
    const request = ++this.notesRequest;
    const filter = this.state.noteFilter;
    try {
      const [listed, requests] = await Promise.all([
        this.client.call<NotesListResult>('notes.list', {
          ...(filter.songId ? { song: filter.songId } : {}),
          ...(filter.kind ? { kind: [filter.kind] } : {}),
          ...(filter.versionId ? { versionId: filter.versionId } : {}),
          ...(filter.openRequests ? { open: true } : {}),
        }),
        this.client.call<NotesListResult>('notes.list', { kind: ['client-request'] }),
      ]);
      // An older answer that arrives after a newer request is dropped.
      if (request === this.notesRequest)
        this.store.set({
          notes: listed.entries,
          requests: requests.entries,
          notesIssues: listed.issues.length,
        });
    } catch (error) {
      this.report(error);
    }
  }

  async refreshQc(): Promise<void> {
    try {
      const listed = await this.client.call<NotesListResult>('notes.list', { kind: ['qc'] });
      this.store.set({ qc: qcBySong(listed.entries) });
    } catch (error) {
      this.report(error);
    }
  }

  async refreshDawStatus(): Promise<void> {
    this.setDaw({ checking: true });
    try {
      const status = await this.client.call<DawStatusResult>('daw.status');
      this.setDaw({ status, connected: true, problem: undefined });
      if (status.transport) this.onTransport(status.transport);
    } catch (error) {
      if (error instanceof HubError && error.code === 'HUB_DISCONNECTED') return;
      const { text, hint } = describeError(error);
      this.setDaw({ connected: false, problem: { text, ...(hint ? { hint } : {}) } });
    } finally {
      this.setDaw({ checking: false });
    }
  }

  setNoteFilter(filter: NoteFilter): void {
    this.store.set({ noteFilter: filter });
    this.requestNotesRefresh();
  }

  // ---- live feeds

  /**
   * Fetches the notes again, once more after the current fetch when asked during it. No timer
   * is involved: a panel in a background tab (whose timers the browser slows to once a second)
   * shows a new note as soon as the hub says so.
   */
  private requestNotesRefresh(): void {
    if (this.notesRefresh) {
      this.notesAgain = true;
      return;
    }
    this.notesRefresh = (async () => {
      do {
        this.notesAgain = false;
        await this.refreshNotes();
      } while (this.notesAgain);
    })().finally(() => {
      this.notesRefresh = undefined;
    });
  }

  private onNotes(notes: Note[]): void {
    if (notes.length === 0) return;
    const ids = notes.map((n) => n.amends ?? n.retracts ?? n.id);
    this.store.set((s) => ({ freshNotes: new Set([...s.freshNotes, ...ids]) }));
    this.later(
      () =>
        this.store.set((s) => ({
          freshNotes: new Set([...s.freshNotes].filter((id) => !ids.includes(id))),
        })),
      6000,
    );
    this.requestNotesRefresh();
    if (notes.some((n) => n.kind === 'qc')) void this.refreshQc();
    // A capture or a recall writes notes; the snapshot list may have grown.
    if (
      notes.some(
        (n) => n.kind === 'change' || n.scope.kind === 'snapshot' || n.links?.snapshots?.length,
      )
    )
      void this.refreshSnapshots();
  }

  private onSession(document: Session | undefined): void {
    if (document) this.store.set({ session: document });
    void this.refreshSequence();
  }

  private onTransport(transport: TransportState): void {
    this.transport.set({
      known: true,
      playing: transport.playing,
      positionSec: transport.positionSec,
      receivedAt: Date.now(),
    });
  }

  private onDawEvent(event: DawEvent | undefined): void {
    if (!event) return;
    switch (event.type) {
      case 'transport':
        this.onTransport(event);
        return;
      case 'heartbeat':
        this.setDaw({ heartbeat: { at: event.at, receivedAt: Date.now() } });
        return;
      case 'connection':
        this.setDaw({
          connected: event.state === 'connected',
          ...(event.state === 'connected' ? { problem: undefined } : {}),
        });
        this.activity(
          event.state === 'connected'
            ? 'The DAW is connected'
            : `The DAW went away${event.reason ? `: ${event.reason}` : ''}`,
        );
        if (event.state === 'connected') void this.refreshDawStatus();
        else this.transport.set({ known: false, playing: false });
        return;
      case 'track-changed': {
        const what = Object.entries(event.changes)
          .map(
            ([field, value]) =>
              `${field} ${typeof value === 'number' ? Number(value.toFixed(2)) : String(value)}`,
          )
          .join(', ');
        this.activity(`Track ${event.index + 1}: ${what}`);
        return;
      }
      case 'markers-changed':
        this.activity('Markers changed in the DAW');
        return;
      case 'error':
        return; // connection events say what matters; polling errors repeat too often to list
    }
  }

  private activity(text: string): void {
    this.setDaw({
      activity: [{ at: Date.now(), text }, ...this.state.daw.activity].slice(0, MAX_ACTIVITY),
    });
  }

  private setDaw(patch: Partial<DawState>): void {
    this.store.set((s) => ({ daw: { ...s.daw, ...patch } }));
  }

  // ---- messages and busy work

  say(message: Omit<Message, 'id'>): void {
    const id = this.nextMessage++;
    this.store.set((s) => ({
      messages: [{ ...message, id }, ...s.messages].slice(0, MAX_MESSAGES),
    }));
    // Confirmations go by themselves; errors stay until dismissed.
    if (message.tone === 'ok') this.later(() => this.dismiss(id), 10_000);
  }

  dismiss(id: number): void {
    this.store.set((s) => ({ messages: s.messages.filter((m) => m.id !== id) }));
  }

  private report(error: unknown): void {
    if (error instanceof HubError && error.code === 'HUB_DISCONNECTED') return;
    this.say({ tone: 'error', ...describeError(error) });
  }

  private later(work: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  isBusy(key: string): boolean {
    return this.state.busy[key] === true;
  }

  /** Runs one operation: marks it busy, reports a failure in plain words, returns its result. */
  private async run<R>(key: string, work: () => Promise<R>): Promise<R | undefined> {
    if (this.isBusy(key)) return undefined;
    this.store.set((s) => ({ busy: { ...s.busy, [key]: true } }));
    try {
      return await work();
    } catch (error) {
      this.report(error);
      return undefined;
    } finally {
      this.store.set((s) => {
        const { [key]: _done, ...rest } = s.busy;
        return { busy: rest };
      });
    }
  }

  // ---- album

  private async changeSequence(key: string, params: object, what: string): Promise<void> {
    const report = await this.run(key, () => this.client.call<SequenceReport>('sequence', params));
    if (!report) return;
    this.store.set({ sequence: report, sequenceProblem: undefined });
    if (report.changes.length === 0) this.say({ tone: 'ok', text: `${what}: nothing changed` });
    else
      this.say({
        tone: 'ok',
        text: `${what}: saved to the session, ${plural(report.changes.length, 'change note')} written`,
        lines: report.changes.map((c) => c.text),
      });
  }

  /** Moves a song `by` places in the play order. */
  moveSong(songId: string, by: number): Promise<void> {
    const songs = this.state.sequence?.songs ?? [];
    const order = songs.map((s) => s.songId);
    const from = order.indexOf(songId);
    const to = from + by;
    if (from < 0 || to < 0 || to >= order.length) return Promise.resolve();
    order.splice(to, 0, ...order.splice(from, 1));
    return this.changeSequence('sequence', { order }, 'New order');
  }

  setGap(songId: string, gapSec: number): Promise<void> {
    const title = this.state.sequence?.songs.find((s) => s.songId === songId)?.title ?? songId;
    return this.changeSequence(
      'sequence',
      { gaps: { [songId]: gapSec } },
      `Gap before ${title} set to ${formatGap(gapSec)}`,
    );
  }

  layOutForCd(): Promise<void> {
    return this.changeSequence('sequence', { cd: true }, 'Laid out for CD');
  }

  // ---- DAW

  async locate(to: string | number, label: string): Promise<void> {
    // Every click counts (no busy guard): the hub queues DAW work in order.
    const result = await this.client
      .call<{ positionSec: number; transport: TransportState }>('daw.locate', { to })
      .catch((error: unknown) => {
        this.report(error);
        return undefined;
      });
    if (!result) return;
    this.onTransport(result.transport);
    this.say({ tone: 'ok', text: `DAW at ${label}` });
  }

  async transportCommand(command: 'daw.play' | 'daw.stop'): Promise<void> {
    const result = await this.run(command, () =>
      this.client.call<{ transport: TransportState }>(command),
    );
    if (result) this.onTransport(result.transport);
  }

  async loadAlbum(): Promise<void> {
    const result = await this.run('load', () => this.client.call<LoadResult>('load'));
    if (!result) return;
    this.say({
      tone: 'ok',
      text: `Album loaded into ${result.daw?.name ?? result.adapter}: ${plural(result.songs.length, 'song')} on ${plural(result.tracks.length, 'track')}`,
      ...(result.warnings.length ? { lines: result.warnings } : {}),
    });
  }

  async writeMarkers(): Promise<void> {
    const result = await this.run('markers', () =>
      this.client.call<MarkersWriteResult>('markers.write'),
    );
    if (!result) return;
    this.say({
      tone: 'ok',
      text: `${plural(result.written.length, 'marker')} written to the DAW${result.removed ? ` (${result.removed} earlier ones replaced)` : ''}`,
      ...(result.warnings.length ? { lines: result.warnings } : {}),
    });
  }

  // ---- recall

  async diff(from: string, to: string): Promise<void> {
    const diff = await this.run('diff', () =>
      this.client.call<DiffResult>('recall.diff', { from, to }),
    );
    if (diff) this.store.set((s) => ({ recall: { ...s.recall, diff } }));
  }

  async capture(name: string): Promise<CaptureResult | undefined> {
    const captured = await this.run('capture', () =>
      this.client.call<CaptureResult>('recall.capture', name.trim() ? { name: name.trim() } : {}),
    );
    if (!captured) return undefined;
    this.store.set((s) => ({ recall: { ...s.recall, lastCapture: captured } }));
    const label = captured.snapshot.name ?? captured.snapshot.id;
    this.say({
      tone: 'ok',
      text: captured.previous
        ? `Snapshot ${label} captured: ${plural(captured.changes.length, 'change')} since ${captured.previous.name ?? captured.previous.id}, ${plural(captured.notesWritten, 'change note')} written`
        : `Snapshot ${label} captured (the first one: nothing to compare with)`,
      ...(captured.warnings.length ? { lines: captured.warnings } : {}),
    });
    await this.refreshSnapshots();
    return captured;
  }

  /** Asks the hub what recalling `snapshot` would change, for the confirmation. */
  async previewApply(snapshot: string): Promise<void> {
    const preview = await this.run('apply', () =>
      this.client.call<ApplyResult>('recall.apply', { snapshot, dryRun: true }),
    );
    if (preview) this.store.set((s) => ({ recall: { ...s.recall, pendingApply: preview } }));
  }

  cancelApply(): void {
    this.store.set((s) => ({ recall: { ...s.recall, pendingApply: undefined } }));
  }

  async confirmApply(): Promise<void> {
    const pending = this.state.recall.pendingApply;
    if (!pending) return;
    const applied = await this.run('apply', () =>
      this.client.call<ApplyResult>('recall.apply', { snapshot: pending.snapshot.id }),
    );
    this.cancelApply();
    if (!applied) return;
    const label = applied.snapshot.name ?? applied.snapshot.id;
    this.say({
      tone: 'ok',
      text: applied.applied
        ? `Snapshot ${label} recalled into the DAW (${plural(applied.operations, 'operation')})`
        : `Snapshot ${label}: the DAW already matches it, nothing was changed`,
      ...(applied.warnings.length ? { lines: applied.warnings } : {}),
    });
  }

  // ---- notes

  /** The DAW's position and the song it is in, for stamping a note. */
  stampNow(): { atSec: number; songId?: string; title?: string } | undefined {
    const transport = this.transport.get();
    if (!transport.known || !this.state.daw.connected) return undefined;
    const positionSec = transport.playing
      ? transport.positionSec + (Date.now() - transport.receivedAt) / 1000
      : transport.positionSec;
    const song = songAt(this.state.sequence?.songs ?? [], positionSec);
    return {
      atSec: Math.max(0, positionSec),
      ...(song ? { songId: song.songId, title: song.title } : {}),
    };
  }

  async addNote(params: NotesAddParams): Promise<boolean> {
    const added = await this.run('note', () =>
      this.client.call<{ note: Note }>('notes.add', params),
    );
    if (!added) return false;
    this.say({
      tone: 'ok',
      text: `${added.note.kind === 'client-request' ? 'Client request' : 'Note'} added to the journal`,
    });
    this.requestNotesRefresh();
    return true;
  }

  async setRequestStatus(id: string, status: RequestStatus): Promise<void> {
    const amended = await this.run(`status:${id}`, () =>
      this.client.call<{ note: Note }>('notes.amend', { id, status }),
    );
    if (amended) {
      this.say({
        tone: 'ok',
        text: `Client request marked ${status === 'wontfix' ? "won't fix" : status}`,
      });
      this.requestNotesRefresh();
    }
  }

  /** The recall sheet's text, for a download. */
  async exportSheet(format: 'html' | 'md' | 'json'): Promise<NotesExportResult | undefined> {
    return this.run('export', () =>
      this.client.call<NotesExportResult>('notes.export', { format }),
    );
  }

  /** Writes the recall sheet into the session folder (deliver/). */
  async saveSheet(format: 'html' | 'md' | 'json', out: string): Promise<void> {
    const saved = await this.run('export', () =>
      this.client.call<NotesExportResult>('notes.export', { format, out }),
    );
    if (saved) this.say({ tone: 'ok', text: `Recall sheet saved: ${saved.file ?? out}` });
  }
}
