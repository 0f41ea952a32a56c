// Public API of the recall part of @tapeop/session.
export {};
