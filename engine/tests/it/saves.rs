//! saves tests.
