//! The front end: turns story files into a validated `Story` or diagnostics. The raw serde
//! types of the files, the loader, lint, diagnostics with JSON positions and their rendering,
//! expression parsing and checking, and the JSON Schema.
//!
//! **Layer rule:** imports the runtime (it builds the runtime's model), never `tools`. It runs
//! where authors read its messages: the CLI, the build script, the author page.

pub(crate) mod diag;
pub(crate) mod encode;
pub(crate) mod expr;
pub(crate) mod jsonpos;
pub(crate) mod load;
pub(crate) mod markup;
pub(crate) mod raw;
#[cfg(feature = "schema")]
pub(crate) mod schema;
#[cfg(feature = "snippets")]
pub(crate) mod snippet;
pub(crate) mod suggest;
