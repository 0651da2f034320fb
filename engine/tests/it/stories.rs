//! stories tests.
