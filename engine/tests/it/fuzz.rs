//! The fuzz targets on the stable toolchain, in every `cargo test`: each target runs its
//! committed seed corpus (`fuzz/corpus/<target>/`), every regression input
//! (`fuzz/regressions/<target>/`: inputs that once crashed), then a fixed number of inputs
//! made by a seeded mutator from those seeds. Deterministic, so a failure reproduces; the
//! failing input is written under cargo's test scratch folder and named in the panic.
//! `cargo +nightly fuzz run <target>` (`engine/fuzz/`) runs the same functions with coverage
//! guidance for as long as one likes.

#[path = "../../fuzz/targets.rs"]
mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Mutated inputs per target: about 30 s for all five in a debug build on the 2-core machine
/// (100,000 each found nothing more than the committed regressions).
const MUTANTS: usize = 20_000;
/// Mutants are cut to this size, so a few duplications cannot grow them without bound.
const MAX_INPUT: usize = 256 * 1024;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted (a missing folder is empty: regressions).
fn inputs(kind: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fuzz_dir().join(kind).join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .map(|p| {
                    let bytes = std::fs::read(&p).expect("reads a corpus file");
                    (p.display().to_string(), bytes)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// xorshift64*: the mutator's only source of randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that matter to story files, expressions, markup and saves.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"|",
    b"*",
    b"**",
    b"\\",
    b"(",
    b")",
    b"!",
    b"-",
    b"{if ",
    b"{seq: ",
    b"{cycle: ",
    b"{shuffle: ",
    b" && ",
    b" || ",
    b" + ",
    b" / 0",
    b" % ",
    b"1e400",
    b"99999999999999999999",
    b"-9223372036854775808",
    b"4294967296",
    b"null",
    b"true",
    b"\"fallback\": true, ",
    b"\"goto\": \"start\"",
    b"\"call\": ",
    b"\"return\": true",
    b"\"draw\": ",
    b"visits(",
    b"random(1, 6)",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\n",
];

/// One to four edits of `input`: flip, insert a token, delete or duplicate a range, or splice
/// in a piece of another seed.
fn mutate(rng: &mut Rng, input: &[u8], seeds: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(5) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(128)).min(out.len());
                let piece = out[at..end].repeat(1 + rng.below(8));
                out.splice(at..at, piece);
            }
            _ => {
                let (_, other) = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(256)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
        }
    }
    out.truncate(MAX_INPUT);
    out
}

/// Runs `target` on `input`; on a panic, keeps the input and fails naming it.
fn run(name: &str, target: targets::Target, label: &str, input: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| target(input))).is_err() {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("fuzz-crashes")
            .join(name);
        std::fs::create_dir_all(&dir).expect("creates the crash folder");
        let file = dir.join(format!("crash-{}", std::process::id()));
        std::fs::write(&file, input).expect("keeps the crash input");
        panic!(
            "fuzz target `{name}` panicked on {label}; input kept in {} (add it to fuzz/regressions/{name}/)",
            file.display()
        );
    }
}

fn fuzz(name: &str) {
    let (_, target) = targets::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .copied()
        .expect("a known target");
    let seeds = inputs("corpus", name);
    assert!(!seeds.is_empty(), "fuzz/corpus/{name}/ has no seeds");
    for (label, input) in seeds.iter().chain(&inputs("regressions", name)) {
        run(name, target, label, input);
    }
    // Seeded by the target's name, so each target explores differently but reproducibly.
    let mut rng = Rng(name.bytes().fold(0x9e37_79b9_7f4a_7c15, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }));
    for i in 0..MUTANTS {
        let (_, seed) = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed, &seeds);
        run(name, target, &format!("mutant {i}"), &input);
    }
}

#[test]
fn fuzz_story_loader() {
    fuzz("story");
}

#[test]
fn fuzz_expression() {
    fuzz("expression");
}

#[test]
fn fuzz_markup() {
    fuzz("markup");
}

#[test]
fn fuzz_restore() {
    fuzz("restore");
}

#[test]
fn fuzz_load_then_play() {
    fuzz("play");
}

#[test]
fn every_target_has_a_seed_corpus_and_a_test() {
    let text = include_str!("fuzz.rs");
    for (name, _) in targets::TARGETS {
        assert!(
            !inputs("corpus", name).is_empty(),
            "fuzz/corpus/{name}/ is empty"
        );
        assert!(
            text.contains(&format!("fuzz(\"{name}\");")),
            "no test runs the `{name}` target"
        );
    }
}
