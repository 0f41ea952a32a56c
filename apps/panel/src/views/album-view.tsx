import { useEffect, useState } from 'preact/hooks';
import { formatGap, formatPosition, plural } from '../format/format.js';
import type { SequenceReport, SequenceSong } from '../hub/hub-types.js';
import { useOnline, usePanel, usePanelState } from './panel-context.js';
import { markerLabel, markerSeconds, Timeline, timelineMarkerKinds } from './timeline.js';

/** Marked once, when the album first shows with its data: the browser tests time the panel by it. */
export const ALBUM_SHOWN_MARK = 'tapeop:album-shown';

export function AlbumView() {
  const { sequence, sequenceProblem, loaded } = usePanelState();
  const online = useOnline();
  useEffect(() => {
    if (sequence && performance.getEntriesByName(ALBUM_SHOWN_MARK).length === 0)
      performance.mark(ALBUM_SHOWN_MARK);
  }, [sequence]);
  return (
    <section class="view view-album" aria-labelledby="album-heading">
      <h2 id="album-heading" tabIndex={-1}>
        Album
      </h2>
      {sequenceProblem && (
        <p class="problem" role="alert">
          The album cannot be laid out: {sequenceProblem}
        </p>
      )}
      {!sequence && !sequenceProblem && (
        <p class="muted">{loaded ? 'No sequence.' : 'Loading the album…'}</p>
      )}
      {sequence && (
        <>
          <AlbumSummary sequence={sequence} online={online} />
          {sequence.songs.length > 0 ? (
            <Timeline sequence={sequence} online={online} />
          ) : (
            <p class="muted">No song is in the sequence yet.</p>
          )}
          <SongSequence sequence={sequence} online={online} />
          <MarkerList sequence={sequence} online={online} />
          {sequence.notes.length > 0 && (
            <section class="layout-notes" aria-labelledby="layout-notes-heading">
              <h3 id="layout-notes-heading">How the album was laid out</h3>
              <ul>
                {sequence.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}

function AlbumSummary({ sequence, online }: { sequence: SequenceReport; online: boolean }) {
  const controller = usePanel();
  const { busy } = usePanelState();
  const { redBook } = sequence;
  let status: string;
  let tone: 'ok' | 'warning' | 'error' | 'neutral';
  if (!redBook.checked) {
    status = 'Not checked: the session is not laid out for CD (it has no CD delivery target).';
    tone = 'neutral';
  } else if (redBook.errors > 0) {
    status = `Not ready for CD: ${plural(redBook.errors, 'error')}${redBook.warnings ? ` and ${plural(redBook.warnings, 'warning')}` : ''}.`;
    tone = 'error';
  } else if (redBook.warnings > 0) {
    status = `Meets the Red Book, with ${plural(redBook.warnings, 'warning')}.`;
    tone = 'warning';
  } else {
    status = 'Meets the Red Book: ready for CD.';
    tone = 'ok';
  }
  return (
    <div class="album-summary">
      <dl class="facts" data-testid="album-facts">
        <div>
          <dt>Songs</dt>
          <dd>{sequence.songs.length}</dd>
        </div>
        <div>
          <dt>Total time</dt>
          <dd data-testid="total-length">
            {sequence.totalLength}
            <span class="muted"> {sequence.cd ? 'MM:SS:FF to the lead-out' : 'MM:SS:FF'}</span>
          </dd>
        </div>
        <div>
          <dt>Layout</dt>
          <dd>{sequence.cd ? 'CD (tracks on CD frames, 2 s lead-in)' : 'Not for CD'}</dd>
        </div>
      </dl>
      <div class={`red-book tone-${tone}`} data-testid="red-book">
        <p>
          <strong>Red Book:</strong> {status}
        </p>
        {redBook.problems.length > 0 && (
          <ul>
            {redBook.problems.map((problem) => (
              <li key={`${problem.rule}-${problem.message}`} class={`severity-${problem.severity}`}>
                <span class="severity-label">
                  {problem.severity === 'error' ? 'Error' : 'Warning'}:
                </span>{' '}
                {problem.message}
              </li>
            ))}
          </ul>
        )}
        {!redBook.checked && (
          <button
            type="button"
            disabled={!online || busy.sequence}
            onClick={() => void controller.layOutForCd()}
          >
            Lay out for CD and check
          </button>
        )}
      </div>
    </div>
  );
}

function SongSequence({ sequence, online }: { sequence: SequenceReport; online: boolean }) {
  const { busy } = usePanelState();
  const working = busy.sequence === true;
  return (
    <section class="sequence" aria-labelledby="sequence-heading">
      <h3 id="sequence-heading">Sequence</h3>
      <p class="muted small">
        Times are CD track starts (index 1) and lengths in MM:SS:FF. Moving a song or changing a gap
        is written to the session with a change note.
      </p>
      <ol class="song-list" data-testid="song-list" aria-busy={working}>
        {sequence.songs.map((song, index) => (
          <SongRow
            key={song.songId}
            song={song}
            index={index}
            count={sequence.songs.length}
            disabled={!online || working}
            online={online}
          />
        ))}
      </ol>
    </section>
  );
}

function SongRow({
  song,
  index,
  count,
  disabled,
  online,
}: {
  song: SequenceSong;
  index: number;
  count: number;
  disabled: boolean;
  online: boolean;
}) {
  const controller = usePanel();
  const gapId = `gap-${song.songId}`;
  return (
    <li class="song-row" data-song-id={song.songId}>
      <span class="song-number" aria-hidden="true">
        {song.trackNumber}
      </span>
      <div class="song-main">
        <button
          type="button"
          class="link song-title"
          disabled={!online}
          aria-label={`${song.title}: locate the DAW to track ${song.trackNumber} at ${song.trackStart}`}
          onClick={() => void controller.locate(song.songId, `the start of ${song.title}`)}
        >
          {song.title}
        </button>
        <span class="song-times">
          <span data-testid="track-start" title="Track start (index 1)">
            {song.trackStart}
          </span>
          <span class="muted"> · </span>
          <span data-testid="track-length" title="Track length">
            {song.trackLength}
          </span>
          {song.isrc && <span class="muted isrc"> · ISRC {song.isrc}</span>}
        </span>
      </div>
      <div class="song-gap">
        {song.crossfadeSec > 0 ? (
          <span class="crossfade-note">Crossfade {formatGap(song.crossfadeSec)}</span>
        ) : null}
        <GapInput song={song} id={gapId} first={index === 0} disabled={disabled} />
      </div>
      <fieldset class="song-move">
        <legend class="visually-hidden">Move {song.title}</legend>
        <button
          type="button"
          disabled={disabled || index === 0}
          aria-label={`Move ${song.title} up, to position ${index}`}
          onClick={() => void controller.moveSong(song.songId, -1)}
        >
          <span aria-hidden="true">↑</span>
        </button>
        <button
          type="button"
          disabled={disabled || index === count - 1}
          aria-label={`Move ${song.title} down, to position ${index + 2}`}
          onClick={() => void controller.moveSong(song.songId, 1)}
        >
          <span aria-hidden="true">↓</span>
        </button>
      </fieldset>
    </li>
  );
}

function GapInput({
  song,
  id,
  first,
  disabled,
}: {
  song: SequenceSong;
  id: string;
  first: boolean;
  disabled: boolean;
}) {
  const controller = usePanel();
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const shown = draft ?? String(song.gapSec);
  const commit = () => {
    if (draft === undefined) return;
    const value = Number(draft);
    setDraft(undefined);
    if (draft.trim() === '' || !Number.isFinite(value) || value < 0 || value > 3600) {
      controller.say({
        tone: 'error',
        text: `"${draft}" is not a gap: give seconds from 0 to 3600`,
      });
      return;
    }
    if (value !== song.gapSec || song.crossfadeSec > 0) void controller.setGap(song.songId, value);
  };
  return (
    <span class="gap-field">
      <label for={id}>
        {first ? 'Silence before' : 'Gap before'}
        <span class="visually-hidden"> {song.title}, in seconds</span>
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min="0"
        max="3600"
        step="0.1"
        value={shown}
        disabled={disabled}
        onInput={(event) => setDraft(event.currentTarget.value)}
        onChange={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(undefined);
        }}
      />
      <span aria-hidden="true">s</span>
    </span>
  );
}

function MarkerList({ sequence, online }: { sequence: SequenceReport; online: boolean }) {
  const controller = usePanel();
  const markers = sequence.markers.filter(
    (m) => timelineMarkerKinds.has(m.kind) || m.kind === 'album',
  );
  return (
    <details class="markers">
      <summary>
        CD markers ({markers.length}) <span class="muted">as tapeop writes them to the DAW</span>
      </summary>
      <ul class="marker-list">
        {markers.map((marker) => (
          <li
            key={`${marker.kind}-${marker.timeSamples}-${marker.trackNumber}-${marker.indexNumber}`}
          >
            <button
              type="button"
              class="link"
              disabled={!online}
              onClick={() => void controller.locate(markerSeconds(marker), markerLabel(marker))}
            >
              <span class="marker-time">{formatPosition(markerSeconds(marker))}</span>{' '}
              {markerLabel(marker)}
            </button>
            {marker.isrc && <span class="muted"> ISRC {marker.isrc}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
