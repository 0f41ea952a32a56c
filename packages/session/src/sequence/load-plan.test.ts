import { isTapeopError } from '@tapeop/core';
import { createMemoryAdapter, describeAdapterContract } from '@tapeop/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSession } from '../../test/sequence/session-fixture.js';
import { planLoad } from './load-plan.js';
import { buildMarkers } from './markers.js';
import { buildTimeline } from './timeline.js';

function album() {
  const session = makeSession([
    { id: 'one', title: 'One', seconds: 60, trim: { headSamples: 4410, tailSamples: 100 } },
    {
      id: 'two',
      title: 'Two',
      seconds: 90,
      mixRate: 96_000,
      trim: { headSamples: 9600, tailSamples: 0 },
    },
    { id: 'three', title: 'Three', seconds: 45, gapSec: 0, crossfadeSec: 2 },
  ]);
  session.songs[0]!.gainDb = -0.5;
  session.songs[2]!.fadeOut = { lengthSec: 3, shape: 'logarithmic' };
  return session;
}

describe('planLoad', () => {
  it('places every song where the timeline puts it, with absolute paths inside the session folder', () => {
    const session = album();
    const timeline = buildTimeline(session);
    const plan = planLoad(session, '/studio/night-drive');
    expect(plan.sampleRate).toBe(44_100);
    expect(plan.layout).toBe('track-per-song');
    expect(plan.songs[0]).toEqual({
      songId: 'one',
      title: 'One',
      trackName: '01 One',
      filePath: '/studio/night-drive/mixes/01 One.wav',
      positionSamples: 88_200,
      sourceOffsetSamples: 4410,
      lengthSamples: 60 * 44_100 - 4410 - 100,
      gainDb: -0.5,
    });
    expect(plan.songs[1]).toMatchObject({
      positionSamples: timeline.songs[1]!.startSamples,
      // 9600 samples at 96 kHz
      sourceOffsetSamples: 4410,
      lengthSamples: 90 * 44_100 - 4410,
    });
    expect(plan.songs.map((s) => s.positionSamples)).toEqual(
      timeline.songs.map((s) => s.startSamples),
    );
  });

  it('gives both sides of a crossfade an equal-power fade over the overlap, unless the song has its own', () => {
    const plan = planLoad(album(), '/studio/night-drive');
    expect(plan.songs[1]!.fadeOut).toEqual({ lengthSec: 2, shape: 'equal-power' });
    expect(plan.songs[2]!.fadeIn).toEqual({ lengthSec: 2, shape: 'equal-power' });
    expect(plan.songs[2]!.fadeOut).toEqual({ lengthSec: 3, shape: 'logarithmic' });
    expect(plan.songs[0]!.fadeIn).toBeUndefined();
    const session = album();
    session.songs[2]!.fadeIn = { lengthSec: 0.5, shape: 's-curve' };
    expect(planLoad(session, '/x').songs[2]!.fadeIn).toEqual({ lengthSec: 0.5, shape: 's-curve' });
  });

  it('puts every song on one track on request', () => {
    expect(planLoad(album(), '/x', { layout: 'single-track' }).layout).toBe('single-track');
  });

  it('refuses mixes outside the session folder, naming each one', () => {
    const session = album();
    session.songs[0]!.source!.path = '../other-album/01 One.wav';
    session.songs[2]!.source!.path = '/Volumes/Mixes/three.wav';
    try {
      planLoad(session, '/studio/night-drive');
      expect.unreachable();
    } catch (error) {
      expect(isTapeopError(error, 'PATH_OUTSIDE_SESSION')).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/^2 mixes lie outside the session folder \/studio\/night-drive/);
      expect(message).toMatch(
        /"\.\.\/other-album\/01 One\.wav" \(\/songs\/0\/source\/path\) leads outside/,
      );
      expect(message).toMatch(
        /"\/Volumes\/Mixes\/three\.wav" \(\/songs\/2\/source\/path\) is an absolute path/,
      );
      expect((error as { hint: string }).hint).toMatch(/allowExternalMedia/);
    }
  });

  it('takes mixes from anywhere when the session allows external media', () => {
    const session = album();
    session.allowExternalMedia = true;
    session.songs[0]!.source!.path = '../other-album/01 One.wav';
    session.songs[2]!.source!.path = '/Volumes/Mixes/three.wav';
    const plan = planLoad(session, '/studio/night-drive');
    expect(plan.songs[0]!.filePath).toBe('/studio/other-album/01 One.wav');
    expect(plan.songs[2]!.filePath).toBe('/Volumes/Mixes/three.wav');
  });
});

// The plan and the markers satisfy the adapter contract with the reference adapter, which
// places items and keeps markers without opening the mix files (adapters of real DAWs run the
// suite over real audio).
describeAdapterContract({
  name: 'memory adapter with a planned album',
  runner: { describe, it, beforeAll, afterAll },
  setup: async () => {
    const session = album();
    const timeline = buildTimeline(session);
    return {
      adapter: createMemoryAdapter({ sampleRate: 48_000 }),
      fixture: {
        plan: planLoad(session, '/studio/night-drive', { timeline }),
        markers: buildMarkers(timeline),
      },
      teardown: async () => {},
    };
  },
});
