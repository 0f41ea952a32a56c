import { useEffect, useRef, useState } from 'preact/hooks';
import { formatWhen, plural } from '../format/format.js';
import type { ApplyResult, ChangeLine, SnapshotSummary } from '../hub/hub-types.js';
import { useOnline, usePanel, usePanelState } from './panel-context.js';

const snapshotLabel = (s: SnapshotSummary) => s.name ?? s.id;

export function RecallView() {
  const { snapshots, daw, loaded } = usePanelState();
  const list = snapshots?.snapshots ?? [];
  return (
    <section class="view view-recall" aria-labelledby="recall-heading">
      <h2 id="recall-heading" tabIndex={-1}>
        Recall
      </h2>
      <div class="columns">
        <div class="column">
          <CaptureForm dawAvailable={daw.available} />
          <section aria-labelledby="snapshots-heading">
            <h3 id="snapshots-heading">Snapshots</h3>
            {!snapshots && (
              <p class="muted">{loaded ? 'No snapshots.' : 'Loading the snapshots…'}</p>
            )}
            {snapshots && list.length === 0 && (
              <p class="muted">
                No snapshot yet. Capture one to keep the DAW's mastering settings for a recall.
              </p>
            )}
            <ol class="snapshot-list" data-testid="snapshot-list" reversed>
              {[...list].reverse().map((snapshot) => (
                <SnapshotRow key={snapshot.id} snapshot={snapshot} dawAvailable={daw.available} />
              ))}
            </ol>
            {snapshots && snapshots.unreadable.length > 0 && (
              <ul class="problems">
                {snapshots.unreadable.map((u) => (
                  <li key={u.file} class="severity-warning">
                    <span class="severity-label">Unreadable:</span> {u.file}: {u.reason}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div class="column">
          <Compare snapshots={list} dawAvailable={daw.available} />
        </div>
      </div>
      <ApplyDialog />
    </section>
  );
}

function CaptureForm({ dawAvailable }: { dawAvailable: boolean }) {
  const controller = usePanel();
  const online = useOnline();
  const { busy, recall } = usePanelState();
  const [name, setName] = useState('');
  return (
    <section aria-labelledby="capture-heading">
      <h3 id="capture-heading">Capture now</h3>
      <form
        class="inline-form capture-form"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await controller.capture(name)) setName('');
        }}
      >
        <span class="field">
          <label for="capture-name">Name</label>
          <input
            id="capture-name"
            type="text"
            placeholder="v3, before the client call"
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </span>
        <button type="submit" disabled={!online || !dawAvailable || busy.capture}>
          {busy.capture ? 'Capturing…' : 'Capture'}
        </button>
      </form>
      {!dawAvailable && (
        <p class="muted small">This hub has no DAW: start it with --daw to capture.</p>
      )}
      {recall.lastCapture && recall.lastCapture.changes.length > 0 && (
        <div class="last-capture">
          <p>
            Changes in {snapshotLabel(recall.lastCapture.snapshot)} since{' '}
            {recall.lastCapture.previous ? snapshotLabel(recall.lastCapture.previous) : 'nothing'}:
          </p>
          <ChangeList changes={recall.lastCapture.changes} showAll={false} />
        </div>
      )}
    </section>
  );
}

function SnapshotRow({
  snapshot,
  dawAvailable,
}: {
  snapshot: SnapshotSummary;
  dawAvailable: boolean;
}) {
  const controller = usePanel();
  const online = useOnline();
  const { busy } = usePanelState();
  const label = snapshotLabel(snapshot);
  return (
    <li class="snapshot" data-snapshot-id={snapshot.id}>
      <div>
        <strong>{label}</strong>
        <span class="muted small">
          {' '}
          {formatWhen(snapshot.capturedAt)} · {snapshot.daw} ·{' '}
          {plural(snapshot.trackCount, 'track')}
        </span>
      </div>
      <button
        type="button"
        disabled={!online || !dawAvailable || busy.apply}
        aria-label={`Recall ${label} into the DAW…`}
        onClick={() => void controller.previewApply(snapshot.id)}
      >
        Recall…
      </button>
    </li>
  );
}

function Compare({
  snapshots,
  dawAvailable,
}: {
  snapshots: SnapshotSummary[];
  dawAvailable: boolean;
}) {
  const controller = usePanel();
  const online = useOnline();
  const { recall, busy } = usePanelState();
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('');
  const [showAll, setShowAll] = useState(false);
  // Default: the last two snapshots, once there are two.
  const fromValue = from || snapshots.at(-2)?.id || snapshots.at(-1)?.id || '';
  const toValue = to || (snapshots.length >= 2 ? snapshots.at(-1)!.id : dawAvailable ? 'daw' : '');
  const diff = recall.diff;
  // On arrival, the latest two snapshots are compared: what changed last is what is asked most.
  const latestPair = snapshots.length >= 2 ? `${snapshots.at(-2)!.id}:${snapshots.at(-1)!.id}` : '';
  useEffect(() => {
    if (online && latestPair && !recall.diff) {
      const [older, newer] = latestPair.split(':');
      void controller.diff(older!, newer!);
    }
  }, [online, latestPair]);
  return (
    <section aria-labelledby="compare-heading">
      <h3 id="compare-heading">Compare</h3>
      <form
        class="compare-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (fromValue && toValue) void controller.diff(fromValue, toValue);
        }}
      >
        <span class="field">
          <label for="compare-from">From</label>
          <select
            id="compare-from"
            value={fromValue}
            onChange={(event) => setFrom(event.currentTarget.value)}
          >
            {snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {snapshotLabel(s)} ({formatWhen(s.capturedAt)})
              </option>
            ))}
          </select>
        </span>
        <span class="field">
          <label for="compare-to">To</label>
          <select
            id="compare-to"
            value={toValue}
            onChange={(event) => setTo(event.currentTarget.value)}
          >
            {snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {snapshotLabel(s)} ({formatWhen(s.capturedAt)})
              </option>
            ))}
            {dawAvailable && <option value="daw">The DAW now</option>}
          </select>
        </span>
        <button type="submit" disabled={!online || !fromValue || !toValue || busy.diff}>
          {busy.diff ? 'Comparing…' : 'Show the changes'}
        </button>
      </form>
      {diff && (
        <div class="diff" data-testid="diff">
          <p>
            From <strong>{snapshotLabel(diff.from)}</strong> to{' '}
            <strong>{snapshotLabel(diff.to)}</strong>:{' '}
            {diff.changes.length === 0
              ? 'no changes.'
              : plural(diff.changes.filter((c) => c.significant).length, 'change')}
            {diff.changes.some((c) => !c.significant) &&
              ` (and ${plural(diff.changes.filter((c) => !c.significant).length, 'change')} below the noise threshold)`}
          </p>
          <ChangeList changes={diff.changes} showAll={showAll} />
          {diff.changes.some((c) => !c.significant) && (
            <label class="checkbox">
              <input
                type="checkbox"
                checked={showAll}
                onChange={(event) => setShowAll(event.currentTarget.checked)}
              />
              Show the changes below the noise threshold
            </label>
          )}
          {diff.warnings.length > 0 && (
            <ul class="problems">
              {diff.warnings.map((w) => (
                <li key={w} class="severity-warning">
                  <span class="severity-label">Warning:</span> {w}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** The changes in the words of the change notes. */
function ChangeList({ changes, showAll }: { changes: ChangeLine[]; showAll: boolean }) {
  const shown = changes.filter((c) => showAll || c.significant);
  if (shown.length === 0) return null;
  return (
    <ul class="change-list">
      {shown.map((change, i) => (
        <li key={`${i}-${change.text}`} class={change.significant ? '' : 'insignificant'}>
          {change.text}
        </li>
      ))}
    </ul>
  );
}

/** The confirmation before a recall: what will change in the DAW, then Recall or Cancel. */
function ApplyDialog() {
  const controller = usePanel();
  const { recall, busy, daw } = usePanelState();
  const dialog = useRef<HTMLDialogElement>(null);
  const pending: ApplyResult | undefined = recall.pendingApply;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (pending && !element.open) element.showModal();
    if (!pending && element.open) element.close();
  }, [pending]);
  const label = pending ? snapshotLabel(pending.snapshot) : '';
  const dawName = daw.status?.daw.name ?? 'the DAW';
  const significant = pending?.changes.filter((c) => c.significant) ?? [];
  return (
    <dialog
      ref={dialog}
      class="apply-dialog"
      aria-labelledby="apply-heading"
      aria-describedby="apply-summary"
      onClose={() => controller.cancelApply()}
    >
      {pending && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            void controller.confirmApply();
          }}
        >
          <h3 id="apply-heading">
            Recall {label} into {dawName}?
          </h3>
          {pending.changes.length === 0 ? (
            <p id="apply-summary">
              {dawName} already matches {label}: nothing would change.
            </p>
          ) : (
            <>
              <p id="apply-summary">
                This changes {plural(pending.changes.length, 'setting')} in {dawName} (
                {plural(pending.operations, 'operation')}):
              </p>
              <ChangeList changes={pending.changes} showAll={true} />
              {significant.length < pending.changes.length && (
                <p class="muted small">
                  Lines in grey are below the noise threshold; they are recalled too.
                </p>
              )}
            </>
          )}
          {pending.warnings.length > 0 && (
            <ul class="problems">
              {pending.warnings.map((w) => (
                <li key={w} class="severity-warning">
                  <span class="severity-label">Warning:</span> {w}
                </li>
              ))}
            </ul>
          )}
          <div class="dialog-actions">
            {pending.changes.length > 0 && (
              <button type="submit" class="primary" disabled={busy.apply}>
                {busy.apply ? 'Recalling…' : `Recall ${label}`}
              </button>
            )}
            <button type="button" onClick={() => controller.cancelApply()}>
              {pending.changes.length > 0 ? 'Cancel' : 'Close'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
