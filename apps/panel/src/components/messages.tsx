import { usePanel, usePanelState } from '../views/panel-context.js';

/** What the last operations did, or why they failed, with the hint on what to do. */
export function Messages() {
  const controller = usePanel();
  const { messages } = usePanelState();
  return (
    <section class="messages" aria-label="Messages">
      <div role="log" aria-live="polite" aria-relevant="additions">
        <ul>
          {messages.map((message) => (
            <li key={message.id} class={`message message-${message.tone}`}>
              <div class="message-body">
                <p>
                  <span class="visually-hidden">
                    {message.tone === 'error' ? 'Problem: ' : 'Done: '}
                  </span>
                  {message.text}
                </p>
                {message.lines && message.lines.length > 0 && (
                  <ul class="message-lines">
                    {message.lines.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
                {message.hint && <p class="hint">{message.hint}</p>}
              </div>
              <button
                type="button"
                class="quiet"
                aria-label={`Dismiss: ${message.text}`}
                onClick={() => controller.dismiss(message.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
