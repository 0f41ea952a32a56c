import { formatPosition } from '../format/format.js';
import { songAt } from '../state/song-at.js';
import { usePanelState, usePosition } from '../views/panel-context.js';

/** The DAW's play position and song, always in view. */
export function TransportBadge() {
  const { daw, sequence } = usePanelState();
  const position = usePosition();
  if (!daw.available) return null;
  if (!daw.connected || !position.known)
    return (
      <p class="transport-badge muted">
        <span aria-hidden="true">○ </span>DAW{' '}
        {daw.connected ? 'connected' : daw.checking ? 'connecting…' : 'not connected'}
      </p>
    );
  const song = songAt(sequence?.songs ?? [], position.shownSec);
  const spoken = `DAW ${position.playing ? 'playing' : 'stopped'} at ${formatPosition(position.shownSec)}${song ? `, in ${song.title}` : ''}`;
  return (
    <p class="transport-badge">
      <span class="visually-hidden">{spoken}</span>
      <span aria-hidden="true">
        <span class={position.playing ? 'playing' : ''}>{position.playing ? '▶' : '■'}</span>{' '}
        <span class="clock" data-testid="header-position">
          {formatPosition(position.shownSec)}
        </span>
        {song && (
          <>
            <span class="muted"> · </span>
            <span class="song">{song.title}</span>
          </>
        )}
      </span>
    </p>
  );
}
