// @tapeop/session: the assistant's prep work as pure library code.
export * from './intake/index.js';
export * from './recall/index.js';
export * from './sequence/index.js';
