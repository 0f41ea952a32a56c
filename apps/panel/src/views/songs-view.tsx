import { formatLevel, formatSeconds, formatWhen } from '../format/format.js';
import type { Problem, SequenceReport, Song } from '../hub/hub-types.js';
import type { SongQc } from '../state/qc-by-song.js';
import { usePanelState } from './panel-context.js';

const containers: Record<string, string> = {
  wav: 'WAV',
  rf64: 'RF64',
  bw64: 'BW64',
  aiff: 'AIFF',
  aifc: 'AIFF-C',
  flac: 'FLAC',
  mp3: 'MP3',
  aac: 'AAC',
  ogg: 'Ogg',
  other: 'Other',
};

const codecs: Record<string, string> = {
  'pcm-int': 'PCM',
  'pcm-float': 'float',
  flac: 'FLAC',
  lossy: 'lossy',
  other: 'other coding',
};

function channelsText(channels: number): string {
  if (channels === 1) return 'mono';
  if (channels === 2) return 'stereo';
  return `${channels} channels`;
}

/** `WAV, 24-bit PCM, 48 kHz, stereo`. */
export function formatText(source: NonNullable<Song['source']>): string {
  const rate = `${Number((source.sampleRate / 1000).toFixed(1))} kHz`;
  return `${containers[source.container] ?? source.container}, ${source.bitDepth}-bit ${codecs[source.codec] ?? source.codec}, ${rate}, ${channelsText(source.channels)}`;
}

interface SongProblem {
  severity: 'error' | 'warning';
  text: string;
}

/** What the hub's checks found about one song: Red Book, session checks, QC. */
function problemsOf(
  song: Song,
  songIndex: number,
  sequence: SequenceReport | undefined,
  warnings: Problem[],
  qc: SongQc | undefined,
): SongProblem[] {
  const found: SongProblem[] = [];
  for (const problem of sequence?.redBook.problems ?? [])
    if (problem.songId === song.id)
      found.push({ severity: problem.severity, text: problem.message });
  for (const warning of warnings)
    if (
      warning.pointer === `/songs/${songIndex}` ||
      warning.pointer.startsWith(`/songs/${songIndex}/`)
    )
      found.push({ severity: warning.severity, text: warning.message });
  for (const check of qc?.checks ?? [])
    if (check.severity === 'error' || check.severity === 'warning')
      found.push({ severity: check.severity, text: check.message });
  if (qc?.status === 'failed') found.push({ severity: 'error', text: qc.text });
  return found;
}

export function SongsView() {
  const { session, sequence, sessionWarnings, qc, loaded } = usePanelState();
  if (!session)
    return (
      <section class="view" aria-labelledby="songs-heading">
        <h2 id="songs-heading" tabIndex={-1}>
          Songs
        </h2>
        <p class="muted">{loaded ? 'No session.' : 'Loading the songs…'}</p>
      </section>
    );
  const order = new Map(sequence?.songs.map((s) => [s.songId, s.trackNumber]) ?? []);
  const songs = session.songs
    .map((song, index) => ({ song, index, track: order.get(song.id) }))
    .sort((a, b) => (a.track ?? 1e9) - (b.track ?? 1e9) || a.index - b.index);
  const anyQc = qc.size > 0;
  return (
    <section class="view view-songs" aria-labelledby="songs-heading">
      <h2 id="songs-heading" tabIndex={-1}>
        Songs
      </h2>
      <p class="muted small">
        The delivered mixes as scanned{anyQc ? ', with the latest QC of each' : ''}.{' '}
        {!anyQc && 'No QC figures yet: run tapeop qc on the session to measure loudness and peaks.'}
      </p>
      <ul class="song-cards" data-testid="song-cards">
        {songs.map(({ song, index, track }) => (
          <SongCard
            key={song.id}
            song={song}
            track={track}
            qc={qc.get(song.id)}
            problems={problemsOf(song, index, sequence, sessionWarnings, qc.get(song.id))}
          />
        ))}
      </ul>
    </section>
  );
}

function SongCard({
  song,
  track,
  qc,
  problems,
}: {
  song: Song;
  track: number | undefined;
  qc: SongQc | undefined;
  problems: SongProblem[];
}) {
  const headingId = `song-${song.id}`;
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <li
      class={`card song-card${errors ? ' has-errors' : problems.length ? ' has-warnings' : ''}`}
      data-song-id={song.id}
    >
      <article aria-labelledby={headingId}>
        <h3 id={headingId}>
          <span class="song-number">{track ?? '–'}</span> {song.title}
          {song.versionLabel && <span class="badge">{song.versionLabel}</span>}
        </h3>
        {track === undefined && <p class="muted small">Not in the sequence.</p>}
        <dl class="card-facts">
          <div>
            <dt>File</dt>
            <dd class="path">{song.source?.path ?? 'no mix'}</dd>
          </div>
          {song.source && (
            <>
              <div>
                <dt>Format</dt>
                <dd>{formatText(song.source)}</dd>
              </div>
              <div>
                <dt>Duration</dt>
                <dd>{formatSeconds(song.source.durationSec)}</dd>
              </div>
            </>
          )}
          {song.isrc && (
            <div>
              <dt>ISRC</dt>
              <dd>{song.isrc}</dd>
            </div>
          )}
        </dl>
        {qc?.figures ? (
          <dl class="qc-figures" aria-label={`QC of ${song.title}`} data-testid="qc-figures">
            <div>
              <dt>Integrated</dt>
              <dd>{formatLevel(qc.figures.integratedLufs, 'LUFS')}</dd>
            </div>
            <div>
              <dt>True peak</dt>
              <dd>{formatLevel(qc.figures.truePeakDbtp, 'dBTP')}</dd>
            </div>
            <div>
              <dt>LRA</dt>
              <dd>{formatLevel(qc.figures.loudnessRangeLu, 'LU')}</dd>
            </div>
          </dl>
        ) : (
          <p class="muted small">{qc ? qc.text : 'No QC yet.'}</p>
        )}
        {qc && <p class="muted small">QC of {formatWhen(qc.time)}</p>}
        {problems.length > 0 && (
          <ul class="song-problems" aria-label={`Problems with ${song.title}`}>
            {problems.map((problem) => (
              <li key={problem.text} class={`severity-${problem.severity}`}>
                <span class="severity-label">
                  {problem.severity === 'error' ? 'Error' : 'Warning'}:
                </span>{' '}
                {problem.text}
              </li>
            ))}
          </ul>
        )}
      </article>
    </li>
  );
}
