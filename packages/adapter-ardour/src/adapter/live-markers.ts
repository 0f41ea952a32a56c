import { type Marker, TapeopError, type WriteMarkersResult } from '@tapeop/core';
import type { BridgeLocation } from '../bridge/bridge-types.js';
import type { ArdourLocation } from '../markers/ardour-location.js';
import { isMachinery, isRange } from '../markers/ardour-location.js';
import {
  locationsToMarkers,
  planLocations,
  type WrittenMarker,
} from '../markers/marker-mapping.js';
import type { ArdourConnection } from './ardour-connection.js';

const asLocation = (l: BridgeLocation): ArdourLocation => ({
  name: l.name,
  startSamples: l.start,
  endSamples: l.end,
  flags: l.flags,
});

async function locations(live: ArdourConnection): Promise<ArdourLocation[]> {
  return (await live.bridge.call<BridgeLocation[]>('locations.list')).map(asLocation);
}

/** The album markers in Ardour: tapeop's own (recognised through the sidecar) and the user's. */
export async function readMarkers(live: ArdourConnection): Promise<Marker[]> {
  const sidecar = await live.sidecar();
  return locationsToMarkers(await locations(live), live.sampleRate, sidecar.markers).map(
    ({ tapeop: _tapeop, ...marker }) => marker,
  );
}

/**
 * Replaces the markers tapeop wrote before with `markers`, leaving the user's own alone.
 * Points are added the way a control surface adds them, with OSC /add_marker after locating
 * the playhead there (the playhead goes back where it was); ranges through the bridge; every
 * position is then checked through the bridge and corrected to the sample.
 */
export async function writeMarkers(
  live: ArdourConnection,
  markers: Marker[],
): Promise<WriteMarkersResult> {
  const rate = live.sampleRate;
  const sidecar = await live.sidecar();
  const before = await locations(live);

  // Take out what tapeop wrote last time (where it is now: the engineer may have moved it).
  const ours = locationsToMarkers(before, rate, sidecar.markers).filter((m) => m.tapeop);
  const remove = ours.map((m) => ({
    name: m.name!,
    range: m.endSamples !== undefined,
    start: m.timeSamples,
  }));
  const { removed } =
    remove.length > 0
      ? await live.bridge.call<{ removed: number }>('locations.remove', { remove })
      : { removed: 0 };

  const userNames = before
    .filter(
      (l) =>
        !isMachinery(l) &&
        !ours.some((m) => m.name === l.name && (m.endSamples !== undefined) === isRange(l)),
    )
    .map((l) => `${isRange(l) ? 'r' : 'm'}:${l.name}`);
  const planned = planLocations(markers, { sampleRate: rate, takenNames: userNames });
  const warnings = [...planned.warnings];
  // The editor can add Ardour's own CD markers; headless Ardour cannot. Neither can set an ISRC
  // from Lua: tapeop keeps it (and the CD-Text) in its sidecar.
  const gui = live.facts.gui;
  if (planned.locations.some((l) => l.cd)) {
    warnings.push(
      gui
        ? "Ardour 7.3's Lua cannot set a CD marker's ISRC or CD-Text; tapeop keeps them, and writeArdourSession writes them into a session file"
        : "headless Ardour 7.3 cannot set a marker's CD flag or ISRC, so the CD markers are plain markers (tapeop keeps their ISRC and CD-Text); writeArdourSession writes real CD markers",
    );
  }

  const ranges = planned.locations.filter((l) => l.range);
  if (ranges.length > 0) {
    await live.bridge.call('locations.add_ranges', {
      ranges: ranges.map((l) => ({ name: l.name, start: l.startSamples, end: l.endSamples })),
    });
  }
  const cdMarks = gui ? planned.locations.filter((l) => !l.range && l.cd) : [];
  if (cdMarks.length > 0) {
    await live.bridge.call('locations.add_cd_marks', {
      marks: cdMarks.map((l) => ({ name: l.name, start: l.startSamples })),
    });
  }
  const points = planned.locations.filter((l) => !l.range && !cdMarks.includes(l));
  if (points.length > 0) {
    const playhead = await live.osc.transportSample();
    try {
      for (const point of points) {
        await live.osc.locate(point.startSamples);
        live.osc.addMarker(point.name);
      }
    } finally {
      await live.osc.locate(playhead);
    }
  }

  // Check every position through the bridge, and put right what is off by even one sample.
  const after = await locations(live);
  const fixes: Array<Record<string, unknown>> = [];
  for (const l of planned.locations) {
    const found = after
      .filter((a) => a.name === l.name && isRange(a) === l.range)
      .sort(
        (a, b) =>
          Math.abs(a.startSamples - l.startSamples) - Math.abs(b.startSamples - l.startSamples),
      )[0];
    if (!found) {
      throw new TapeopError(
        'DAW_REJECTED',
        `Ardour did not add the ${l.range ? 'range' : 'marker'} "${l.name}"`,
      );
    }
    if (found.startSamples !== l.startSamples || (l.range && found.endSamples !== l.endSamples)) {
      fixes.push({
        name: l.name,
        range: l.range,
        start: found.startSamples,
        newStart: l.startSamples,
        ...(l.range ? { newEnd: l.endSamples } : {}),
      });
    }
  }
  if (fixes.length > 0) await live.bridge.call('locations.set', { set: fixes });

  const written: WrittenMarker[] = planned.locations.map((l) => ({
    name: l.name,
    range: l.range,
    timeSamples: l.startSamples,
    marker: {
      ...l.marker,
      timeSamples: l.startSamples,
      sampleRate: rate,
      ...(l.range ? { endSamples: l.endSamples } : {}),
    },
  }));
  await live.saveSidecar({ ...sidecar, markers: written });
  return {
    written: written.map((w) => ({ ...w.marker, name: w.name, daw: { daw: 'ardour' } })),
    removed,
    warnings,
  };
}
