//! `cargo +nightly fuzz run play`: the `play` target of `targets.rs` under libFuzzer.
#![no_main]

#[allow(dead_code)] // each binary runs one of the shared targets
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::play(data));
