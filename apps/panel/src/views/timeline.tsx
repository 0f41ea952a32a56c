import { formatPosition } from '../format/format.js';
import type { Marker, SequenceReport } from '../hub/hub-types.js';
import { usePanel, usePosition } from './panel-context.js';

const percent = (seconds: number, total: number) =>
  `${Math.max(0, Math.min(100, (seconds / total) * 100))}%`;

/** Markers drawn on the timeline: CD track starts, pauses and indexes (not the song regions). */
export const timelineMarkerKinds = new Set<Marker['kind']>(['cd-track', 'cd-pregap', 'cd-index']);

export const markerSeconds = (marker: Marker) => marker.timeSamples / marker.sampleRate;

/** The label a person reads for a marker: `Track 2 · City Lights`, `Pause before City Lights`. */
export function markerLabel(marker: Marker): string {
  if (marker.kind === 'cd-track')
    return `Track ${marker.trackNumber ?? '?'} · ${marker.name ?? ''}`.trim();
  if (marker.kind === 'cd-index')
    return `Index ${marker.indexNumber ?? '?'} of track ${marker.trackNumber ?? '?'}${marker.name ? ` · ${marker.name}` : ''}`;
  if (marker.kind === 'album') return `Album end (lead-out) · ${marker.name ?? ''}`.trim();
  return marker.name ?? marker.kind;
}

/**
 * The album in time: songs as blocks (gaps left empty, crossfades shown where two songs
 * overlap), CD markers as ticks, and the DAW's play head. Pointer users click a block or a tick
 * to move the DAW there; the song list and the marker list below offer the same by keyboard,
 * so this drawing stays out of the tab order and away from screen readers.
 */
export function Timeline({ sequence, online }: { sequence: SequenceReport; online: boolean }) {
  const controller = usePanel();
  const total = Math.max(sequence.totalSec, 1);
  const markers = sequence.markers.filter((m) => timelineMarkerKinds.has(m.kind));
  return (
    <div class="timeline" aria-hidden="true" data-testid="timeline">
      <div class="timeline-markers">
        {markers.map((marker) => (
          <button
            key={`${marker.kind}-${marker.timeSamples}-${marker.trackNumber}-${marker.indexNumber}`}
            type="button"
            tabIndex={-1}
            class={`tick tick-${marker.kind}`}
            style={{ left: percent(markerSeconds(marker), total) }}
            title={`${markerLabel(marker)} (${formatPosition(markerSeconds(marker))})`}
            disabled={!online}
            onClick={() => void controller.locate(markerSeconds(marker), markerLabel(marker))}
          >
            {marker.kind === 'cd-track' && <span class="tick-label">{marker.trackNumber}</span>}
          </button>
        ))}
      </div>
      <div class="timeline-lane">
        {sequence.songs.map((song, i) => (
          <button
            key={song.songId}
            type="button"
            tabIndex={-1}
            class={`block block-${i % 2 ? 'odd' : 'even'}`}
            style={{ left: percent(song.startSec, total), width: percent(song.lengthSec, total) }}
            title={`${song.trackNumber}. ${song.title}: starts ${song.trackStart}, ${song.trackLength} long`}
            data-song-id={song.songId}
            disabled={!online}
            onClick={() => void controller.locate(song.songId, `the start of ${song.title}`)}
          >
            <span class="block-number">{song.trackNumber}</span>
            <span class="block-title">{song.title}</span>
          </button>
        ))}
        {sequence.songs
          .filter((song) => song.crossfadeSec > 0)
          .map((song) => (
            <span
              key={`xfade-${song.songId}`}
              class="crossfade"
              style={{
                left: percent(song.startSec, total),
                width: percent(song.crossfadeSec, total),
              }}
              title={`Crossfade into ${song.title}: ${song.crossfadeSec} s`}
            />
          ))}
        <PlayHead total={total} />
      </div>
      <div class="timeline-scale">
        <span>0:00</span>
        <span>{sequence.totalLength}</span>
      </div>
    </div>
  );
}

function PlayHead({ total }: { total: number }) {
  const position = usePosition();
  if (!position.known) return null;
  return (
    <span
      class="playhead"
      data-testid="playhead"
      style={{ left: percent(position.shownSec, total) }}
    />
  );
}
