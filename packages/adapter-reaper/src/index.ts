// @tapeop/adapter-reaper: everything tapeop needs to work with REAPER, in one package.

export * from './bridge/index.js';
export * from './installer/index.js';
export * from './live/index.js';
export * from './rpp/index.js';
