import type { QcTarget } from '@tapeop/core';

export type TargetId = QcTarget['id'];

/**
 * The delivery targets (shared/docs/cd-delivery-and-loudness.md §2 and §5), each labelled with
 * where its figures come from, as the doc does. Streaming services normalise rather than
 * reject, so their loudness figures are reported as the gain the service will apply.
 */
export const DELIVERY_TARGETS: Record<TargetId, QcTarget> = {
  cd: {
    id: 'cd',
    name: 'CD (Red Book)',
    status: 'official',
    sampleRate: 44100,
    bitsPerSample: 16,
    channels: 2,
    note: 'Red Book audio: 44.1 kHz, 16-bit, 2 channels.',
  },
  spotify: {
    id: 'spotify',
    name: 'Spotify',
    status: 'official',
    integratedLufs: -14,
    maxTruePeakDbtp: -1,
    note: 'Normalises to −14 LUFS; raises quiet songs only up to 1 dB below their true peak; advises masters below −1 dBTP (−2 dBTP for masters louder than −14 LUFS is widely repeated, not on Spotify’s page).',
  },
  'apple-music': {
    id: 'apple-music',
    name: 'Apple Music (Sound Check)',
    status: 'measured',
    integratedLufs: -16,
    note: 'About −16 LUFS, measured by others; Apple publishes no loudness or peak figure. Apple Digital Masters must not clip after AAC encoding.',
  },
  youtube: {
    id: 'youtube',
    name: 'YouTube',
    status: 'measured',
    integratedLufs: -14,
    note: 'About −14 LUFS for video, measured with “Stats for nerds”; loud uploads are turned down, quiet ones are not turned up.',
  },
  'ebu-r128': {
    id: 'ebu-r128',
    name: 'EBU R 128 (broadcast)',
    status: 'official',
    integratedLufs: -23,
    toleranceLu: 1,
    maxTruePeakDbtp: -1,
    note: 'Programme loudness −23.0 LUFS; R 128 v4 allows ±1 LU in production (±0.2 LU for QC); maximum −1 dBTP.',
  },
};

/** Checked unless the caller chooses: the streaming services (CD and EBU R 128 on request). */
export const DEFAULT_TARGETS: TargetId[] = ['spotify', 'apple-music', 'youtube'];

export const SPOTIFY_LOUD_MASTER_MAX_TRUE_PEAK = -2;
