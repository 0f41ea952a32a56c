import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  convertSampleRate,
  type DawTrack,
  dbToGain,
  type LoadPlan,
  type LoadPlanSong,
  type LoadResult,
  TapeopError,
} from '@tapeop/core';
import { readAudioHeader, requireDecodable } from '@tapeop/session';
import type {
  BridgeEnsuredTrack,
  BridgePlacement,
  BridgeTrack,
  BridgeWholeRegion,
} from '../bridge/bridge-types.js';
import { addMediaToSessionFile } from '../session-file/add-media.js';
import type { SidecarMedia } from '../session-file/sidecar.js';
import type { ArdourConnection } from './ardour-connection.js';

interface MixFacts {
  channels: number;
  frames: number;
  sampleRate: number;
  size: number;
  mtimeMs: number;
}

async function mixFacts(path: string): Promise<MixFacts> {
  const header = requireDecodable(await readAudioHeader(path));
  const info = await stat(path);
  const { channels, frames, sampleRate } = header.stream;
  if (channels < 1 || channels > 2) {
    throw new TapeopError(
      'INVALID_ARGUMENT',
      `${path} has ${channels} channels; tapeop loads mono and stereo mixes`,
      {
        details: { file: path, channels },
      },
    );
  }
  return { channels, frames, sampleRate, size: info.size, mtimeMs: info.mtimeMs };
}

/** A bridge track as the contract's DawTrack (items in samples at the session rate). */
export function toDawTrack(
  track: BridgeTrack,
  index: number,
  sampleRate: number,
  songId?: string,
): DawTrack {
  return {
    guid: track.id,
    name: track.name,
    index,
    ...(songId ? { songId } : {}),
    items: track.regions.map((r) => ({
      name: r.name,
      ...(r.source ? { sourcePath: r.source } : {}),
      positionSamples: r.position,
      lengthSamples: r.length,
      sourceOffsetSamples: r.start,
      sampleRate,
    })),
  };
}

/**
 * Loads an album into the open Ardour session: the mixes brought in (imported by the GUI, or,
 * headless, added to the saved session file and the session reloaded, since Ardour 7.3's Lua
 * has no import), one track per song created or reused, and each mix placed at its position to
 * the sample, with its head trim, length, gain and fades. Loading again replaces what tapeop
 * placed before instead of adding tracks.
 */
export async function loadSongs(live: ArdourConnection, plan: LoadPlan): Promise<LoadResult> {
  const facts = live.facts;
  const rate = facts.session.sampleRate;
  const warnings: string[] = [];
  const toSession = (samples: number) => convertSampleRate(samples, plan.sampleRate, rate);
  if (plan.songs.length === 0) return { tracks: [], warnings: ['the load plan has no songs'] };

  // 1. The mixes, and where Ardour has them.
  const files = [...new Set(plan.songs.map((s) => s.filePath))];
  const mixes = new Map<string, MixFacts>();
  for (const file of files) mixes.set(file, await mixFacts(file));
  let sidecar = await live.sidecar();
  const wholeRegions = async () => live.bridge.call<BridgeWholeRegion[]>('regions.whole');
  let wholes = await wholeRegions();
  const regionFor = (file: string): BridgeWholeRegion | undefined => {
    const mix = mixes.get(file)!;
    const known = sidecar.media.find(
      (m) => m.from === file && m.size === mix.size && m.mtimeMs === mix.mtimeMs,
    );
    return known ? wholes.find((w) => w.source === known.sourcePath) : undefined;
  };
  const missing = files.filter((file) => !regionFor(file));
  if (missing.length > 0) {
    const media: SidecarMedia[] = sidecar.media.filter((m) => !missing.includes(m.from));
    if (facts.gui) {
      for (const file of missing) {
        const imported = await live.bridge.call<BridgeWholeRegion>('media.import', { file });
        const mix = mixes.get(file)!;
        media.push({
          from: file,
          sourcePath: imported.source ?? '',
          size: mix.size,
          mtimeMs: mix.mtimeMs,
        });
      }
    } else {
      for (const file of missing) {
        const mix = mixes.get(file)!;
        if (mix.sampleRate !== rate) {
          throw new TapeopError(
            'INVALID_ARGUMENT',
            `${file} is at ${mix.sampleRate} Hz but the Ardour session is at ${rate} Hz; headless Ardour cannot convert it on import`,
            {
              details: { file, fileRate: mix.sampleRate, sessionRate: rate },
              hint: `Convert it first (sox "${file}" -r ${rate} out.wav), or load the album into Ardour with its editor open, which converts on import.`,
            },
          );
        }
      }
      // Headless Ardour 7.3 cannot import from Lua: save, add the files to the session file,
      // load the session again.
      await live.bridge.call('session.save');
      const sessionFile = join(live.sessionDir, `${facts.session.snapshot}.ardour`);
      const added = await addMediaToSessionFile(
        sessionFile,
        missing.map((file) => ({
          from: file,
          channels: mixes.get(file)!.channels,
          frames: mixes.get(file)!.frames,
        })),
      );
      await live.bridge.call('session.reload');
      await live.osc.handshake();
      await live.refresh();
      for (const item of added) {
        const mix = mixes.get(item.from)!;
        media.push({
          from: item.from,
          sourcePath: item.sourcePath,
          size: mix.size,
          mtimeMs: mix.mtimeMs,
        });
      }
    }
    sidecar = { ...sidecar, media };
    await live.saveSidecar(sidecar);
    wholes = await wholeRegions();
  }

  // 2. The tracks: the one that played the song before, else one by the planned name.
  const groups =
    plan.layout === 'single-track'
      ? [
          {
            name: plan.songs[0]!.trackName,
            songs: plan.songs,
            songId: undefined as string | undefined,
          },
        ]
      : plan.songs.map((song) => ({
          name: song.trackName,
          songs: [song],
          songId: song.songId as string | undefined,
        }));
  const ensured = await live.bridge.call<BridgeEnsuredTrack[]>('tracks.ensure', {
    tracks: groups.map((group) => {
      const previous = group.songId
        ? sidecar.tracks.find((t) => t.songId === group.songId)
        : undefined;
      return {
        name: group.name,
        channels: Math.max(...group.songs.map((s) => mixes.get(s.filePath)!.channels)),
        ...(previous ? { id: previous.routeId } : {}),
      };
    }),
  });
  ensured.forEach((track, i) => {
    const channels = Math.max(...groups[i]!.songs.map((s) => mixes.get(s.filePath)!.channels));
    if (track.inputs < channels) {
      warnings.push(
        `track "${track.name}" has ${track.inputs} input(s) but its mix has ${channels} channels; Ardour plays only the first`,
      );
    }
    if (track.name !== groups[i]!.name)
      warnings.push(`track "${groups[i]!.name}" is named "${track.name}" in Ardour`);
  });

  // 3. The regions.
  const placement = (song: LoadPlanSong): BridgePlacement => {
    const whole = regionFor(song.filePath);
    if (!whole)
      throw new TapeopError(
        'DAW_REJECTED',
        `Ardour does not have ${song.filePath} after importing it`,
      );
    // The plan's head trim is at the plan's rate; Ardour's import converts the file to the
    // session rate, so the trim is counted there too.
    const start = toSession(song.sourceOffsetSamples);
    const fade = (f: LoadPlanSong['fadeIn']) =>
      f && f.lengthSec > 0 ? { length: Math.round(f.lengthSec * rate), shape: f.shape } : undefined;
    const fadeIn = fade(song.fadeIn);
    const fadeOut = fade(song.fadeOut);
    return {
      wholeRegionId: whole.id,
      position: toSession(song.positionSamples),
      start,
      length: Math.min(toSession(song.lengthSamples), whole.length - start),
      ...(song.gainDb !== undefined ? { gain: dbToGain(song.gainDb) } : {}),
      ...(fadeIn ? { fadeIn } : {}),
      ...(fadeOut ? { fadeOut } : {}),
    };
  };
  const sessionEnd = Math.max(
    ...plan.songs.map((s) => toSession(s.positionSamples + s.lengthSamples)),
  );
  const placed = await live.bridge.call<BridgeTrack[]>('regions.place', {
    tracks: groups.map((group, i) => ({
      id: ensured[i]!.id,
      clear: true,
      regions: group.songs.map(placement),
    })),
    sessionEnd,
  });

  // 4. Check, and remember which track plays which song.
  for (const [i, group] of groups.entries()) {
    for (const song of group.songs) {
      const want = toSession(song.positionSamples);
      if (!placed[i]?.regions.some((r) => r.position === want)) {
        throw new TapeopError(
          'DAW_REJECTED',
          `Ardour did not place "${song.title}" at sample ${want}`,
          {
            details: { found: placed[i]?.regions.map((r) => r.position) },
          },
        );
      }
    }
  }
  const tracks = sidecar.tracks.filter(
    (t) => !groups.some((g) => g.songId === t.songId) && !ensured.some((e) => e.id === t.routeId),
  );
  groups.forEach((group, i) => {
    if (group.songId)
      tracks.push({ routeId: ensured[i]!.id, name: ensured[i]!.name, songId: group.songId });
  });
  await live.saveSidecar({ ...sidecar, tracks });
  const all = await live.tracks();
  const result = placed.map((track) => {
    const index = all.findIndex((t) => t.id === track.id);
    const songId = tracks.find((t) => t.routeId === track.id)?.songId;
    return toDawTrack(track, index, rate, songId);
  });
  return { tracks: result, warnings };
}
