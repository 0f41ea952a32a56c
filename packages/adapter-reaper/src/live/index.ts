// Public API of the live part of @tapeop/adapter-reaper.
export {};
