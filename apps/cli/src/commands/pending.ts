import { defineCommand } from '../cli/command.js';
import { object } from '../output/json-schema.js';
import { sessionPositional } from './action-command.js';

// Commands whose library has not landed yet. They are listed in help and the reference, and
// exit 1 saying what they wait for; nothing here pretends to work.

const notYet = () => {
  throw new Error('unreachable: a waiting command never runs');
};

export const qcCommand = defineCommand({
  path: ['qc'],
  summary: 'Loudness, true peak, LRA and mastering checks of the mixes or masters.',
  positionals: [
    {
      ...sessionPositional,
      name: 'target',
      description: 'A session folder, or audio files.',
      variadic: true,
    },
  ],
  options: {},
  examples: [{ command: 'tapeop qc night-drive', description: 'Every song of the session' }],
  output: object({}),
  waitingFor: '@tapeop/audio (issue 7), which measures the audio',
  run: notYet,
  render: notYet,
});
