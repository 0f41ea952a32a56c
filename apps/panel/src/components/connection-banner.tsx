import { useNow, usePanel, usePanelState } from '../views/panel-context.js';

/** Says plainly when the panel is not connected to the hub, and that it is trying again. */
export function ConnectionBanner() {
  const controller = usePanel();
  const { connection, loaded } = usePanelState();
  const now = useNow(500);
  let text: string | undefined;
  let detail: string | undefined;
  if (connection.status === 'connecting') {
    text = connection.attempt > 1 || loaded ? 'Reconnecting to the hub…' : 'Connecting to the hub…';
    if (connection.lastError) detail = `Last try: ${connection.lastError}.`;
  } else if (connection.status === 'waiting') {
    const seconds = Math.max(0, Math.ceil((connection.retryAt - now) / 1000));
    text = `Not connected to the hub: ${connection.lastError}. Trying again${seconds > 0 ? ` in ${seconds} s` : ' now'} (attempt ${connection.attempt + 1}).`;
    detail = 'What you see may be out of date; changes wait until the hub is back.';
  } else if (connection.status === 'stopped') {
    text = 'The panel is not connected.';
  }
  return (
    <div
      class={`connection ${text ? 'connection-down' : 'connection-up'}`}
      role="status"
      aria-live="polite"
    >
      {text ? (
        <>
          <p>
            <strong>{text}</strong> {detail}
          </p>
          {connection.status === 'waiting' && (
            <button type="button" onClick={() => controller.client.retryNow()}>
              Try now
            </button>
          )}
        </>
      ) : (
        <span class="visually-hidden">Connected to the hub.</span>
      )}
    </div>
  );
}
