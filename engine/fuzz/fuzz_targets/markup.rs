//! `cargo +nightly fuzz run markup`: the `markup` target of `targets.rs` under libFuzzer.
#![no_main]

#[allow(dead_code)] // each binary runs one of the shared targets
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::markup(data));
