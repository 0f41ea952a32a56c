// Public API of the sim part of @tapeop/adapter-reaper.
export {};
