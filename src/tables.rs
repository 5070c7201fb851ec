//! Official tables (stub).
