// Public API of the rpp part of @tapeop/adapter-reaper.
export {};
