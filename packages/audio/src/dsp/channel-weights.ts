// Channel roles and their BS.1770 weights: L, R, C = 1.0; surrounds = 1.41; LFE excluded.

export type ChannelRole = 'L' | 'R' | 'C' | 'LFE' | 'Ls' | 'Rs' | 'Lb' | 'Rb' | 'mono' | 'other';

const weights: Record<ChannelRole, number> = {
  L: 1,
  R: 1,
  C: 1,
  mono: 1,
  LFE: 0,
  Ls: 1.41,
  Rs: 1.41,
  Lb: 1.41,
  Rb: 1.41,
  other: 1,
};

export function channelWeight(role: ChannelRole): number {
  return weights[role];
}

/**
 * The usual order for each channel count when the file says nothing more: WAV/SMPTE and FLAC
 * order (L R C LFE Ls Rs), quad as L R Ls Rs, as libebur128 and FLAC assume.
 */
export function defaultChannelLayout(channels: number): ChannelRole[] {
  switch (channels) {
    case 1:
      return ['mono'];
    case 2:
      return ['L', 'R'];
    case 3:
      return ['L', 'R', 'C'];
    case 4:
      return ['L', 'R', 'Ls', 'Rs'];
    case 5:
      return ['L', 'R', 'C', 'Ls', 'Rs'];
    case 6:
      return ['L', 'R', 'C', 'LFE', 'Ls', 'Rs'];
    case 8:
      return ['L', 'R', 'C', 'LFE', 'Lb', 'Rb', 'Ls', 'Rs'];
    default:
      return Array.from({ length: channels }, () => 'other' as const);
  }
}

// WAVE_FORMAT_EXTENSIBLE dwChannelMask bits, in channel order.
const maskRoles: Array<[number, ChannelRole]> = [
  [0x1, 'L'],
  [0x2, 'R'],
  [0x4, 'C'],
  [0x8, 'LFE'],
  [0x10, 'Lb'],
  [0x20, 'Rb'],
  [0x40, 'other'], // front left of centre
  [0x80, 'other'], // front right of centre
  [0x100, 'other'], // back centre: full weight, like libebur128's unknown channels
  [0x200, 'Ls'],
  [0x400, 'Rs'],
];

/** Roles from a WAV channel mask; channels beyond the mask's bits are 'other'. */
export function channelLayoutFromMask(mask: number, channels: number): ChannelRole[] {
  if (!mask) return defaultChannelLayout(channels);
  const roles: ChannelRole[] = [];
  for (const [bit, role] of maskRoles) if (mask & bit) roles.push(role);
  if (channels === 1 && roles.length === 1 && roles[0] === 'C') return ['mono'];
  while (roles.length < channels) roles.push('other');
  return roles.slice(0, channels);
}
