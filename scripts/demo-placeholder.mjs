// `npm run demo` will run the main job end to end once the CLI lands (issue 9):
// generate a sample delivery, build the session, sequence it for CD, load it into the
// REAPER simulator, write markers, capture snapshots with change notes, and export.
console.log(
  [
    'tapeop demo: not available yet.',
    'The demo arrives with the tapeop CLI. Until then, `npm test` runs everything that exists,',
    'and README.md lists what works today.',
  ].join('\n'),
);
