import { formatAge, formatClockTime, formatPosition } from '../format/format.js';
import { songAt } from '../state/song-at.js';
import { useNow, useOnline, usePanel, usePanelState, usePosition } from './panel-context.js';
import { markerLabel, markerSeconds, timelineMarkerKinds } from './timeline.js';

/** A heartbeat older than this means the bridge inside the DAW has stopped (as the adapter judges). */
const STALE_HEARTBEAT_MS = 6000;

export function DawView() {
  const controller = usePanel();
  const online = useOnline();
  const { daw, busy, sequence } = usePanelState();
  const now = useNow(1000);
  if (!daw.available)
    return (
      <section class="view view-daw" aria-labelledby="daw-heading">
        <h2 id="daw-heading" tabIndex={-1}>
          DAW
        </h2>
        <p>
          This hub was started without a DAW. Start it with one to locate, load, write markers and
          recall: <code>tapeop serve &lt;session&gt; --daw reaper</code> (or{' '}
          <code>--daw reaper-sim</code> to try it without REAPER).
        </p>
      </section>
    );
  const status = daw.status;
  const heartbeatAge = daw.heartbeat ? now - daw.heartbeat.receivedAt : undefined;
  const canAct = online && daw.available;
  return (
    <section class="view view-daw" aria-labelledby="daw-heading">
      <h2 id="daw-heading" tabIndex={-1}>
        DAW
      </h2>
      <div class="columns">
        <div class="column">
          <dl class="facts daw-facts" data-testid="daw-facts">
            <div>
              <dt>Connection</dt>
              <dd
                data-testid="daw-connection"
                class={daw.connected ? 'tone-ok' : daw.checking ? '' : 'tone-error'}
              >
                {daw.connected ? 'Connected' : daw.checking ? 'Connecting…' : 'Not connected'}
                {daw.adapter && <span class="muted"> (adapter {daw.adapter})</span>}
              </dd>
            </div>
            <div>
              <dt>DAW</dt>
              <dd data-testid="daw-name">
                {status
                  ? `${status.daw.name}${status.daw.version ? ` ${status.daw.version}` : ''}`
                  : '—'}
              </dd>
            </div>
            {status?.daw.project && (
              <div>
                <dt>Project</dt>
                <dd>
                  {status.daw.project.name ?? status.daw.project.path ?? 'unsaved project'}
                  {status.daw.project.sampleRate ? (
                    <span class="muted"> · {status.daw.project.sampleRate / 1000} kHz</span>
                  ) : null}
                </dd>
              </div>
            )}
            <div>
              <dt>Bridge heartbeat</dt>
              <dd
                data-testid="daw-heartbeat"
                class={
                  heartbeatAge !== undefined && heartbeatAge > STALE_HEARTBEAT_MS
                    ? 'tone-warning'
                    : ''
                }
              >
                {daw.heartbeat && heartbeatAge !== undefined
                  ? `${formatAge(heartbeatAge)} (${formatClockTime(daw.heartbeat.at)} by the DAW's clock)${heartbeatAge > STALE_HEARTBEAT_MS ? ': not heard lately' : ''}`
                  : daw.connected
                    ? 'Waiting for the first beat…'
                    : '—'}
              </dd>
            </div>
          </dl>
          {daw.problem && (
            <div class="problem" role="alert">
              <p>{daw.problem.text}</p>
              {daw.problem.hint && <pre class="hint">{daw.problem.hint}</pre>}
            </div>
          )}
          <Transport />
          <fieldset class="actions">
            <legend class="visually-hidden">DAW actions</legend>
            <button
              type="button"
              disabled={!canAct || busy.load}
              onClick={() => void controller.loadAlbum()}
            >
              {busy.load ? 'Loading…' : 'Load the album into the DAW'}
            </button>
            <button
              type="button"
              disabled={!canAct || busy.markers}
              onClick={() => void controller.writeMarkers()}
            >
              {busy.markers ? 'Writing…' : 'Write the CD markers'}
            </button>
            <button
              type="button"
              class="quiet"
              disabled={!online}
              onClick={() => void controller.refreshDawStatus()}
            >
              Check the DAW again
            </button>
          </fieldset>
          <Activity />
        </div>
        <div class="column">
          {sequence && (
            <section aria-labelledby="jump-heading">
              <h3 id="jump-heading">Go to</h3>
              <ul class="jump-list">
                {sequence.markers
                  .filter((m) => timelineMarkerKinds.has(m.kind) || m.kind === 'album')
                  .map((marker) => (
                    <li
                      key={`${marker.kind}-${marker.timeSamples}-${marker.trackNumber}-${marker.indexNumber}`}
                      class={`jump-${marker.kind}`}
                    >
                      <button
                        type="button"
                        class="link"
                        disabled={!canAct}
                        onClick={() =>
                          void controller.locate(markerSeconds(marker), markerLabel(marker))
                        }
                      >
                        <span class="marker-time">{formatPosition(markerSeconds(marker))}</span>{' '}
                        {markerLabel(marker)}
                      </button>
                    </li>
                  ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </section>
  );
}

function Transport() {
  const controller = usePanel();
  const online = useOnline();
  const { daw, busy, sequence } = usePanelState();
  const position = usePosition();
  const song = position.known ? songAt(sequence?.songs ?? [], position.shownSec) : undefined;
  return (
    <fieldset class="transport">
      <legend class="visually-hidden">Transport</legend>
      <p class="big-clock">
        <span class="visually-hidden">Play position: </span>
        <span data-testid="daw-position">
          {position.known ? formatPosition(position.shownSec) : '–:––.–'}
        </span>
      </p>
      <p class="muted" data-testid="daw-play-state">
        {!position.known ? 'Position not known yet' : position.playing ? 'Playing' : 'Stopped'}
        {song ? ` · in ${song.trackNumber}. ${song.title}` : ''}
      </p>
      <div class="transport-buttons">
        <button
          type="button"
          disabled={!online || !daw.available || busy['daw.play']}
          onClick={() => void controller.transportCommand('daw.play')}
        >
          <span aria-hidden="true">▶ </span>Play
        </button>
        <button
          type="button"
          disabled={!online || !daw.available || busy['daw.stop']}
          onClick={() => void controller.transportCommand('daw.stop')}
        >
          <span aria-hidden="true">■ </span>Stop
        </button>
      </div>
    </fieldset>
  );
}

function Activity() {
  const { daw } = usePanelState();
  const now = useNow(5000);
  if (daw.activity.length === 0) return null;
  return (
    <section aria-labelledby="activity-heading">
      <h3 id="activity-heading">Lately in the DAW</h3>
      <ul class="activity">
        {daw.activity.map((item) => (
          <li key={`${item.at}-${item.text}`}>
            {item.text} <span class="muted small">{formatAge(now - item.at)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
