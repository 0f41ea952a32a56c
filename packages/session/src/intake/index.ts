// Public API of the intake part of @tapeop/session.
export {};
