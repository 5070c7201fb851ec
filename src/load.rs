//! Loading (stub).
