//! Checks (stub).
