// Public API of the sequence part of @tapeop/session.
export {};
