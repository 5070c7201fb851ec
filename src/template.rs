//! Templates (stub).
