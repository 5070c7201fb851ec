//! Writer stub.
