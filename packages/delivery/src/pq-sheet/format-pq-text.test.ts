import { describe, expect, it } from 'vitest';
import { testLayout } from '../test-support/test-album.js';
import { formatPqText } from './format-pq-text.js';
import { buildPqSheet } from './pq-sheet.js';

describe('formatPqText', () => {
  it('prints no control characters from a DDP of unknown origin (terminal escapes, bells)', () => {
    const layout = testLayout();
    layout.masterId = 'EXR\u001b]0;pwned\u0007';
    layout.tracks[0]!.text = { title: 'Head\u001b[2Jlights', performer: 'Band\u009b31m' };
    layout.tracks[2]!.indexNames = { 2: 'Coda\r' };
    const text = formatPqText(buildPqSheet(layout, { label: 'Lab\u0008el' }));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point.
    expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(text).toContain('Master ID:    EXR]0;pwned');
    expect(text).toContain('Head[2Jlights / Band31m');
    expect(text).toContain('Coda');
  });
});
