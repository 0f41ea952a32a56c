// Public API of the installer part of @tapeop/adapter-reaper.
export {};
