import { type ApplyOptions, type ApplyResult, type Snapshot, TapeopError } from '@tapeop/core';
import { planRecall, type RecallOperation, type TrackTarget } from '@tapeop/session';
import type { BridgeEnsuredTrack, BridgeTrack } from '../bridge/bridge-types.js';
import type { ArdourConnection } from './ardour-connection.js';
import { captureSnapshot, panToOscPosition } from './live-snapshot.js';

interface LiveTrack {
  id: string;
  name: string;
}

/**
 * Turns the session's state into `target`: @tapeop/session plans the fewest operations from a
 * fresh capture, then each runs where Ardour can do it: fader, pan, mute, solo and names over
 * OSC (each one confirmed by Ardour's feedback), polarity, width and plug-in bypass and
 * parameters through the bridge. What Ardour 7.3 offers no way to do remotely (moving tracks
 * or plug-ins, adding or removing plug-ins, presets, state blobs) is reported in `warnings`.
 */
export async function applySnapshot(
  live: ArdourConnection,
  target: Snapshot,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const current = await captureSnapshot(live);
  const plan = planRecall(current, target, { exact: options.exact ?? false });
  const warnings = [...plan.warnings];
  const tracks: LiveTrack[] = (await live.tracks())
    .sort((a: BridgeTrack, b: BridgeTrack) => a.order - b.order)
    .map((t) => ({ id: t.id, name: t.name }));
  const masterId = current.master?.guid;
  let strips = await live.stripsByName();

  const resolve = (target: TrackTarget): LiveTrack | 'master' => {
    if (target.scope === 'master') return 'master';
    const track = tracks[target.index];
    const matches = track && (target.guid ? track.id === target.guid : track.name === target.name);
    if (!matches) {
      throw new TapeopError(
        'CONFLICT',
        `the Ardour session changed while recalling: track ${target.index + 1} is ${track ? `"${track.name}"` : 'missing'}, expected "${target.name}"`,
        { hint: 'Capture the current state again and apply the snapshot again.' },
      );
    }
    return track;
  };
  const ssid = (track: LiveTrack): number => {
    const strip = strips.get(track.name);
    if (!strip)
      throw new TapeopError(
        'DAW_REJECTED',
        `Ardour's OSC surface has no strip named "${track.name}"`,
      );
    return strip.ssid;
  };

  const unsupported = (op: RecallOperation, what: string) =>
    warnings.push(`${what} is not possible in Ardour 7.3 from outside; do it by hand (${op.op})`);

  for (const op of plan.operations) {
    switch (op.op) {
      case 'set-track': {
        const where = resolve(op.track);
        const v = op.values;
        if (where === 'master') {
          if (v.volumeDb !== undefined) await live.osc.setMasterGainDb(v.volumeDb);
          if (v.pan !== undefined) await live.osc.setMasterPan(panToOscPosition(v.pan));
          if (v.mute !== undefined) await live.osc.setMasterMute(v.mute);
          if (v.solo !== undefined) warnings.push('the master bus has no solo');
        } else {
          const id = ssid(where);
          if (v.volumeDb !== undefined) await live.osc.setGainDb(id, v.volumeDb);
          if (v.pan !== undefined) await live.osc.setPan(id, panToOscPosition(v.pan));
          if (v.mute !== undefined) await live.osc.setMute(id, v.mute);
          if (v.solo !== undefined) await live.osc.setSolo(id, v.solo);
        }
        const routeId = where === 'master' ? masterId : where.id;
        if ((v.phaseInvert !== undefined || v.width !== undefined) && routeId) {
          await live.bridge.call('mixer.set', {
            changes: [
              {
                id: routeId,
                ...(v.phaseInvert !== undefined ? { phaseInvert: v.phaseInvert } : {}),
                ...(v.width !== undefined ? { width: v.width } : {}),
              },
            ],
          });
        }
        break;
      }
      case 'rename-track': {
        const where = resolve(op.track);
        if (where === 'master') break;
        await live.osc.rename(ssid(where), op.name);
        where.name = op.name;
        strips = await live.stripsByName();
        break;
      }
      case 'add-track': {
        const [made] = await live.bridge.call<BridgeEnsuredTrack[]>('tracks.ensure', {
          tracks: [{ name: op.name, channels: 2 }],
        });
        if (made)
          tracks.splice(Math.min(op.index, tracks.length), 0, { id: made.id, name: made.name });
        warnings.push(`track "${op.name}" was added empty, at the end of Ardour's track list`);
        strips = await live.stripsByName();
        break;
      }
      case 'set-fx-enabled':
      case 'set-fx-params': {
        const where = resolve(op.track);
        const routeId = where === 'master' ? masterId : where.id;
        if (!routeId) break;
        const changes =
          op.op === 'set-fx-enabled'
            ? [{ id: routeId, plugin: op.fx.position, enabled: op.enabled }]
            : op.params.map((p) => ({
                id: routeId,
                plugin: op.fx.position,
                param: p.index,
                normalized: p.normalized,
              }));
        await live.bridge.call('mixer.set', { changes });
        break;
      }
      case 'move-track':
        unsupported(op, `moving "${op.track.name}"`);
        break;
      case 'remove-track':
        unsupported(op, `removing "${op.track.name}"`);
        break;
      case 'add-fx':
        unsupported(op, `adding ${op.name}`);
        break;
      case 'remove-fx':
      case 'move-fx':
      case 'rename-fx':
      case 'set-fx-offline':
      case 'set-fx-preset':
      case 'restore-fx-state':
        unsupported(op, `changing ${op.fx.name}`);
        break;
    }
  }
  return { operations: plan.operations.length, warnings };
}
