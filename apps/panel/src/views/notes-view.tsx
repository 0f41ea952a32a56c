import { useState } from 'preact/hooks';
import { formatPosition, formatWhen, plural } from '../format/format.js';
import type {
  ListedEntry,
  Note,
  NoteKind,
  NotesAddParams,
  RequestStatus,
  Session,
} from '../hub/hub-types.js';
import { songAt } from '../state/song-at.js';
import { useOnline, usePanel, usePanelState, usePosition } from './panel-context.js';

export const kindLabels: Record<NoteKind, string> = {
  note: 'Note',
  change: 'Change',
  'client-request': 'Client request',
  decision: 'Decision',
  qc: 'QC',
  delivery: 'Delivery',
  version: 'Version',
};

const statusLabels: Record<RequestStatus, string> = {
  open: 'Open',
  done: 'Done',
  wontfix: "Won't fix",
};

/** What a note is about, in words: `City Lights`, `1:23.4 in City Lights`, `snapshot v2`. */
function scopeText(note: Note, session: Session | undefined): string | undefined {
  const title = (id: string | undefined) =>
    id ? (session?.songs.find((s) => s.id === id)?.title ?? id) : undefined;
  const scope = note.scope;
  switch (scope.kind) {
    case 'song':
      return title(scope.songId);
    case 'position': {
      const at =
        scope.positionSamples !== undefined && scope.sampleRate
          ? formatPosition(scope.positionSamples / scope.sampleRate)
          : '?';
      const song = title(scope.songId);
      return song ? `at ${at} in ${song}` : `at ${at}`;
    }
    case 'marker':
      return `marker ${scope.markerId ?? ''}`.trim();
    case 'snapshot':
      return 'a snapshot';
    default:
      return undefined;
  }
}

export function NotesView() {
  return (
    <section class="view view-notes" aria-labelledby="notes-heading">
      <h2 id="notes-heading" tabIndex={-1}>
        Notes
      </h2>
      <div class="columns">
        <div class="column">
          <AddNote />
          <ClientRequests />
          <RecallSheet />
        </div>
        <div class="column column-wide">
          <Journal />
        </div>
      </div>
    </section>
  );
}

type Stamp = { atSec: number; songId?: string; title?: string };

function AddNote() {
  const controller = usePanel();
  const online = useOnline();
  const { sequence, session, busy, daw } = usePanelState();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<NoteKind>('note');
  const [requestedBy, setRequestedBy] = useState('');
  const [useStamp, setUseStamp] = useState(true);
  const [stamp, setStamp] = useState<Stamp | undefined>(undefined);
  // '' = the song at the position; '-' = the whole session; else a song id.
  const [song, setSong] = useState('');
  const position = usePosition();
  const songs = sequence?.songs ?? [];
  const titleOf = (id: string | undefined) =>
    id ? session?.songs.find((s) => s.id === id)?.title : undefined;
  const live: Stamp | undefined =
    daw.connected && position.known
      ? (() => {
          const at = songAt(songs, position.shownSec);
          return {
            atSec: position.shownSec,
            ...(at ? { songId: at.songId, title: at.title } : {}),
          };
        })()
      : undefined;
  const shownStamp = useStamp ? (stamp ?? live) : undefined;
  const shownTitle = song === '-' ? undefined : song ? titleOf(song) : shownStamp?.title;

  const onText = (value: string) => {
    // The position is taken when the engineer starts writing: that is the moment the note is about.
    if (text.trim() === '' && value.trim() !== '') setStamp(controller.stampNow());
    if (value.trim() === '') setStamp(undefined);
    setText(value);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    const at = useStamp ? (stamp ?? controller.stampNow()) : undefined;
    const songId = song === '-' ? undefined : song || at?.songId;
    const params: NotesAddParams = {
      text: text.trim(),
      kind,
      ...(at ? { atSec: Number(at.atSec.toFixed(3)) } : {}),
      ...(songId ? { song: songId } : {}),
      ...(kind === 'client-request' && requestedBy.trim()
        ? { requestedBy: requestedBy.trim() }
        : {}),
    };
    if (await controller.addNote(params)) {
      setText('');
      setStamp(undefined);
    }
  };

  return (
    <section aria-labelledby="add-note-heading">
      <h3 id="add-note-heading">Add a note</h3>
      <form class="note-form" onSubmit={submit}>
        <label for="note-text">Note</label>
        <textarea
          id="note-text"
          rows={3}
          required
          value={text}
          placeholder="What you heard, what was asked, what was decided"
          onInput={(event) => onText(event.currentTarget.value)}
        />
        <div class="form-row">
          <span class="field">
            <label for="note-kind">Kind</label>
            <select
              id="note-kind"
              value={kind}
              onChange={(event) => setKind(event.currentTarget.value as NoteKind)}
            >
              <option value="note">Note</option>
              <option value="client-request">Client request</option>
              <option value="decision">Decision</option>
            </select>
          </span>
          {kind === 'client-request' && (
            <span class="field">
              <label for="note-requested-by">Requested by</label>
              <input
                id="note-requested-by"
                type="text"
                value={requestedBy}
                onInput={(event) => setRequestedBy(event.currentTarget.value)}
              />
            </span>
          )}
          <span class="field">
            <label for="note-song">Song</label>
            <select
              id="note-song"
              value={song}
              onChange={(event) => setSong(event.currentTarget.value)}
            >
              <option value="">
                {useStamp && daw.connected ? 'The song at the position' : 'None (the session)'}
              </option>
              <option value="-">None (the session)</option>
              {songs.map((s) => (
                <option key={s.songId} value={s.songId}>
                  {s.trackNumber}. {s.title}
                </option>
              ))}
            </select>
          </span>
        </div>
        <div class="stamp">
          <label class="checkbox">
            <input
              type="checkbox"
              checked={useStamp}
              onChange={(event) => setUseStamp(event.currentTarget.checked)}
            />
            Stamp with the DAW's position
          </label>
          <p class="muted small" data-testid="note-stamp" aria-live="polite">
            {!useStamp
              ? 'Not stamped.'
              : shownStamp
                ? `At ${formatPosition(shownStamp.atSec)}${shownTitle ? ` in ${shownTitle}` : ''}${stamp ? ' (when you started writing)' : ''}.`
                : 'No position: the DAW is not connected.'}
          </p>
          {useStamp && daw.connected && text.trim() !== '' && (
            <button type="button" class="quiet" onClick={() => setStamp(controller.stampNow())}>
              Take the position now
            </button>
          )}
        </div>
        <button type="submit" class="primary" disabled={!online || busy.note || !text.trim()}>
          {busy.note ? 'Adding…' : kind === 'client-request' ? 'Add the request' : 'Add the note'}
        </button>
      </form>
    </section>
  );
}

function StatusSelect({ entry }: { entry: ListedEntry }) {
  const controller = usePanel();
  const online = useOnline();
  const { busy } = usePanelState();
  const status = (entry.note.status ?? 'open') as RequestStatus;
  const id = `status-${entry.id}`;
  return (
    <span class="status-field">
      <label for={id} class="visually-hidden">
        Status of the request “{entry.note.text}”
      </label>
      <select
        id={id}
        class={`status status-${status}`}
        value={status}
        disabled={!online || busy[`status:${entry.id}`]}
        onChange={(event) =>
          void controller.setRequestStatus(entry.id, event.currentTarget.value as RequestStatus)
        }
      >
        {(Object.keys(statusLabels) as RequestStatus[]).map((value) => (
          <option key={value} value={value}>
            {statusLabels[value]}
          </option>
        ))}
      </select>
    </span>
  );
}

function ClientRequests() {
  const { requests, session } = usePanelState();
  const live = (requests ?? []).filter((r) => !r.retracted);
  const open = live.filter((r) => (r.note.status ?? 'open') === 'open');
  const order = (r: ListedEntry) => ((r.note.status ?? 'open') === 'open' ? 0 : 1);
  return (
    <section aria-labelledby="requests-heading">
      <h3 id="requests-heading">
        Client requests{' '}
        <span class="muted">
          ({open.length} open of {live.length})
        </span>
      </h3>
      {live.length === 0 ? (
        <p class="muted small">No client requests.</p>
      ) : (
        <ul class="request-list" data-testid="request-list">
          {[...live]
            .sort((a, b) => order(a) - order(b) || b.note.time.localeCompare(a.note.time))
            .map((entry) => (
              <li
                key={entry.id}
                class={`request status-${entry.note.status ?? 'open'}`}
                data-note-id={entry.id}
              >
                <p>{entry.note.text}</p>
                <p class="muted small">
                  {entry.note.requestedBy ? `${entry.note.requestedBy} · ` : ''}
                  {scopeText(entry.note, session) ? `${scopeText(entry.note, session)} · ` : ''}
                  {formatWhen(entry.note.time)}
                </p>
                <StatusSelect entry={entry} />
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}

/** Entries drawn at first; a long journal shows more on request instead of all at once. */
const JOURNAL_PAGE = 100;

function Journal() {
  const controller = usePanel();
  const { notes, noteFilter, session, sequence, freshNotes, notesIssues } = usePanelState();
  const [shown, setShown] = useState(JOURNAL_PAGE);
  const entries = notes ?? [];
  const newestFirst = entries.slice(Math.max(0, entries.length - shown)).reverse();
  const songs = sequence?.songs ?? [];
  const versions = session?.versions ?? [];
  return (
    <section aria-labelledby="journal-heading">
      <h3 id="journal-heading">
        Journal{' '}
        <span class="muted">({plural(entries.length, 'entry', 'entries')}, newest first)</span>
      </h3>
      <form
        class="filters"
        aria-label="Filter the journal"
        onSubmit={(event) => event.preventDefault()}
      >
        <span class="field">
          <label for="filter-song">Song</label>
          <select
            id="filter-song"
            value={noteFilter.songId ?? ''}
            onChange={(event) =>
              controller.setNoteFilter({
                ...noteFilter,
                songId: event.currentTarget.value || undefined,
              })
            }
          >
            <option value="">All songs</option>
            {songs.map((s) => (
              <option key={s.songId} value={s.songId}>
                {s.trackNumber}. {s.title}
              </option>
            ))}
          </select>
        </span>
        <span class="field">
          <label for="filter-kind">Kind</label>
          <select
            id="filter-kind"
            value={noteFilter.kind ?? ''}
            onChange={(event) =>
              controller.setNoteFilter({
                ...noteFilter,
                kind: (event.currentTarget.value || undefined) as NoteKind | undefined,
              })
            }
          >
            <option value="">All kinds</option>
            {(Object.keys(kindLabels) as NoteKind[]).map((kind) => (
              <option key={kind} value={kind}>
                {kindLabels[kind]}
              </option>
            ))}
          </select>
        </span>
        <span class="field">
          <label for="filter-version">Version</label>
          <select
            id="filter-version"
            value={noteFilter.versionId ?? ''}
            onChange={(event) =>
              controller.setNoteFilter({
                ...noteFilter,
                versionId: event.currentTarget.value || undefined,
              })
            }
          >
            <option value="">All versions</option>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {v.id}: {v.name}
              </option>
            ))}
          </select>
        </span>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={noteFilter.openRequests === true}
            onChange={(event) =>
              controller.setNoteFilter({
                ...noteFilter,
                openRequests: event.currentTarget.checked || undefined,
              })
            }
          />
          Open requests only
        </label>
      </form>
      {notesIssues > 0 && (
        <p class="severity-warning small">
          <span class="severity-label">Warning:</span> {plural(notesIssues, 'line')} of notes.jsonl
          could not be read (see tapeop notes list).
        </p>
      )}
      <ol class="feed" data-testid="journal" aria-label="Journal entries, newest first">
        {newestFirst.map((entry) => (
          <li
            key={entry.id}
            class={`entry kind-${entry.note.kind}${freshNotes.has(entry.id) ? ' fresh' : ''}${entry.retracted ? ' retracted' : ''}`}
            data-note-id={entry.id}
          >
            <p class="entry-meta small">
              <span class={`kind-badge kind-${entry.note.kind}`}>
                {kindLabels[entry.note.kind]}
              </span>{' '}
              <time dateTime={entry.note.time}>{formatWhen(entry.note.time)}</time>
              <span class="muted">
                {' · '}
                {entry.note.author}
                {scopeText(entry.note, session) ? ` · ${scopeText(entry.note, session)}` : ''}
                {entry.versionId ? ` · ${entry.versionId}` : ''}
                {entry.amendments > 0 ? ' · amended' : ''}
                {entry.retracted ? ' · withdrawn' : ''}
              </span>
            </p>
            <p class="entry-text">{entry.note.text}</p>
            {entry.note.kind === 'client-request' && !entry.retracted && (
              <StatusSelect entry={entry} />
            )}
          </li>
        ))}
      </ol>
      {entries.length > newestFirst.length && (
        <button type="button" class="more" onClick={() => setShown(shown + JOURNAL_PAGE)}>
          Show {Math.min(JOURNAL_PAGE, entries.length - newestFirst.length)} older entries (of{' '}
          {entries.length - newestFirst.length})
        </button>
      )}
    </section>
  );
}

function download(name: string, content: string, type: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const sheetTypes = {
  html: { label: 'HTML (to print)', mime: 'text/html' },
  md: { label: 'Markdown', mime: 'text/markdown' },
  json: { label: 'JSON', mime: 'application/json' },
} as const;

function RecallSheet() {
  const controller = usePanel();
  const online = useOnline();
  const { session, busy } = usePanelState();
  const [format, setFormat] = useState<keyof typeof sheetTypes>('html');
  const base = `${(session?.album.title ?? 'session').replace(/[\\/:*?"<>|]+/g, '-')} recall sheet`;
  return (
    <section aria-labelledby="sheet-heading">
      <h3 id="sheet-heading">Recall sheet</h3>
      <p class="muted small">The session report: album, sequence, snapshots and every note.</p>
      <div class="inline-form">
        <label for="sheet-format">Format</label>
        <select
          id="sheet-format"
          value={format}
          onChange={(event) => setFormat(event.currentTarget.value as keyof typeof sheetTypes)}
        >
          {(Object.keys(sheetTypes) as Array<keyof typeof sheetTypes>).map((f) => (
            <option key={f} value={f}>
              {sheetTypes[f].label}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!online || busy.export}
          onClick={async () => {
            const sheet = await controller.exportSheet(format);
            if (sheet?.content !== undefined)
              download(`${base}.${format}`, sheet.content, sheetTypes[format].mime);
          }}
        >
          Download
        </button>
        <button
          type="button"
          disabled={!online || busy.export}
          onClick={() => void controller.saveSheet(format, `deliver/${base}.${format}`)}
        >
          Save in deliver/
        </button>
      </div>
    </section>
  );
}
