import { createContext } from 'preact';
import { useContext, useEffect, useReducer, useState } from 'preact/hooks';
import type { PanelController, TransportView } from '../state/panel-controller.js';
import type { Store } from '../state/store.js';

export const PanelContext = createContext<PanelController | undefined>(undefined);

export function usePanel(): PanelController {
  const controller = useContext(PanelContext);
  if (!controller) throw new Error('usePanel outside <PanelContext.Provider>');
  return controller;
}

/** Re-renders the component whenever `store` changes; returns its value. */
export function useStore<T extends object>(store: Store<T>): T {
  const [, changed] = useReducer((n: number) => n + 1, 0);
  useEffect(() => store.subscribe(() => changed(undefined)), [store]);
  return store.get();
}

/** The panel's state (re-rendering on every change). */
export function usePanelState() {
  return useStore(usePanel().store);
}

/** True while the hub connection is open: actions are offered only then. */
export function useOnline(): boolean {
  return usePanelState().connection.status === 'open';
}

/** The current time, updated every `ms` (for ages such as "heartbeat 2 s ago"). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * The DAW's play position, moved along between reports while it plays (the hub reports about
 * four times a second), so the clock and the play head run smoothly.
 */
export function usePosition(): TransportView & { shownSec: number } {
  const transport = useStore(usePanel().transport);
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!transport.playing) return;
    const timer = setInterval(() => tick(undefined), 100);
    return () => clearInterval(timer);
  }, [transport.playing]);
  // Never more than 2 s past the last report: a DAW that stopped answering is not guessed at.
  const shownSec = transport.playing
    ? transport.positionSec + Math.min(2, (Date.now() - transport.receivedAt) / 1000)
    : transport.positionSec;
  return { ...transport, shownSec };
}
