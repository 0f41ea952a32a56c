import { useEffect, useRef, useState } from 'preact/hooks';
import { ConnectionBanner } from './components/connection-banner.js';
import { Messages } from './components/messages.js';
import { TransportBadge } from './components/transport-badge.js';
import { AlbumView } from './views/album-view.js';
import { DawView } from './views/daw-view.js';
import { NotesView } from './views/notes-view.js';
import { usePanelState } from './views/panel-context.js';
import { RecallView } from './views/recall-view.js';
import { SongsView } from './views/songs-view.js';

const views = [
  { id: 'album', label: 'Album', View: AlbumView },
  { id: 'songs', label: 'Songs', View: SongsView },
  { id: 'recall', label: 'Recall', View: RecallView },
  { id: 'notes', label: 'Notes', View: NotesView },
  { id: 'daw', label: 'DAW', View: DawView },
] as const;

type ViewId = (typeof views)[number]['id'];

const viewFromHash = (hash: string): ViewId => {
  const id = hash.replace(/^#\/?/, '');
  return views.some((v) => v.id === id) ? (id as ViewId) : 'album';
};

/** The view named by the address (#/notes), kept in step with the back button. */
function useRoute(): ViewId {
  const [view, setView] = useState(() => viewFromHash(location.hash));
  useEffect(() => {
    const changed = () => setView(viewFromHash(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return view;
}

export function App() {
  const { session, info, loaded } = usePanelState();
  const view = useRoute();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const current = views.find((v) => v.id === view)!;

  useEffect(() => {
    document.title = `${current.label} · ${session?.album.title ?? 'tapeop'} · tapeop panel`;
  }, [current, session?.album.title]);

  // After choosing a view, its heading takes the focus so that a screen reader says where we are.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [view]);

  const folder = info?.session.replace(/[\\/]session\.json$/, '');
  return (
    <>
      <button type="button" class="skip-link" onClick={() => main.current?.focus()}>
        Skip to the {current.label.toLowerCase()} view
      </button>
      <header class="top">
        <div class="brand">
          <p class="app-name">tapeop</p>
          <h1>{session?.album.title ?? 'Session'}</h1>
          {(session?.album.artist || folder) && (
            <p class="muted subtitle">
              {session?.album.artist}
              {session?.album.artist && folder ? ' · ' : ''}
              {folder && (
                <span class="path" title={folder}>
                  {folder}
                </span>
              )}
            </p>
          )}
        </div>
        <TransportBadge />
        <nav aria-label="Views">
          <ul>
            {views.map((v) => (
              <li key={v.id}>
                <a href={`#/${v.id}`} aria-current={v.id === view ? 'page' : undefined}>
                  {v.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <ConnectionBanner />
      <main
        id="main"
        ref={main}
        tabIndex={-1}
        aria-labelledby={`${view}-heading`}
        data-loaded={loaded ? 'true' : 'false'}
      >
        <current.View />
      </main>
      <Messages />
    </>
  );
}
