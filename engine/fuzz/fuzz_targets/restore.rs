//! `cargo +nightly fuzz run restore`: the `restore_save` target of `targets.rs` under libFuzzer.
#![no_main]

#[allow(dead_code)] // each binary runs one of the shared targets
#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::restore_save(data));
