import type { Fade } from '@tapeop/core';
import { element, type XmlElement } from '../xml/xml-node.js';
import type { IdAllocator } from './session-xml.js';

// Ardour's smallest gain coefficient: where a fade starts or ends instead of true zero.
const GAIN_COEFF_SMALL = 1e-7;
const POINTS = 32;

/** Gain at `x` (0..1) through a fade-in of the given shape. */
function fadeInGain(shape: Fade['shape'], x: number): number {
  switch (shape) {
    case 'linear':
      return x;
    case 'equal-power':
      return Math.sin((x * Math.PI) / 2);
    case 's-curve':
      return (1 - Math.cos(Math.PI * x)) / 2;
    case 'exponential':
      return (Math.exp(4 * x) - 1) / (Math.exp(4) - 1);
    case 'logarithmic':
      return Math.log1p(20 * x) / Math.log1p(20);
  }
}

/**
 * A region fade as Ardour stores it: an automation list of (time, gain) points relative to the
 * region start, in superclock ticks. Ardour keeps the curve, not the shape's name, so the shape
 * is sampled here (two points for a linear fade, 32 for curved ones).
 */
export function fadeElement(
  ids: IdAllocator,
  direction: 'in' | 'out',
  shape: Fade['shape'],
  lengthTicks: number,
): XmlElement {
  const count = shape === 'linear' ? 2 : POINTS;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = i / (count - 1);
    const t = Math.round(x * lengthTicks);
    const gain = direction === 'in' ? fadeInGain(shape, x) : fadeInGain(shape, 1 - x);
    lines.push(`a${t} ${Math.max(gain, GAIN_COEFF_SMALL)}`);
  }
  const list = element('AutomationList', {
    'automation-id': direction === 'in' ? 'fadein' : 'fadeout',
    id: ids.next(),
    'interpolation-style': 'Curved',
    'time-domain': 'AudioTime',
    state: 'Off',
  });
  list.children.push({ ...element('events'), text: `${lines.join('\n')}\n` });
  return element(direction === 'in' ? 'FadeIn' : 'FadeOut', {}, [list]);
}

/** The length of a fade read back from its automation list: the time of its last point. */
export function fadeLengthTicks(node: XmlElement): number | undefined {
  const events = node.children[0]?.children.find((c) => c.name === 'events')?.text;
  if (!events) return undefined;
  const last = events.trim().split('\n').at(-1)?.trim().split(/\s+/)[0];
  const match = last ? /^a(\d+)$/.exec(last) : null;
  return match ? Number(match[1]) : undefined;
}
