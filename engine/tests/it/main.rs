//! The engine's one integration test binary (so the library links once): fixture stories
//! played as golden transcripts, diagnostics per code, saves, properties, the shipped story,
//! and the authoring tools (the `story` CLI, quicktest, randomtest, the JSON Schema).

mod authoring;
mod cli;
mod compiled;
mod diagnostics;
mod endings;
mod fuzz;
mod hostile;
mod hostile_saves;
mod props;
mod quicktest;
mod randomtest_pins;
mod replay;
mod saves;
mod schema;
mod shown_migrate;
mod stories;
mod support;
mod tidy;
mod transcripts;
