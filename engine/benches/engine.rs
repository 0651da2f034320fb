//! Benchmarks of the author budgets (DESIGN.md): `randomtest` with 10,000 runs on the shipped
//! story, load + validate of generated stories of 1,000 and 10,000 passages (to show the cost
//! is linear), and steps per second in runs of 20, 200 and 1,000 choices (`steps/`, to show a
//! step's cost does not grow with the run). A plain timing harness:
//! `cargo bench -p story-engine --bench engine` (`-- steps` runs only the last; `-- decode`
//! only the compiled story's decode, whole and split by act, as the page does it).
//!
//! Prints the best and the median of a few repetitions; the machine is shared, so the best is
//! the fairer number.

use std::fmt::Write;
use std::path::Path;
use std::time::{Duration, Instant};

mod steps;
use story_engine::{load, randomtest, RandomOptions, SourceFile};

fn time(reps: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut all: Vec<Duration> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    all.sort();
    (all[0], all[all.len() / 2])
}

fn read_story(dir: &Path) -> (SourceFile, Vec<SourceFile>) {
    let manifest = SourceFile {
        path: "story.json".into(),
        text: std::fs::read_to_string(dir.join("story.json")).expect("story/story.json"),
    };
    let chapters = story_engine::chapter_paths(&manifest.text)
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(dir.join(&path)).expect("chapter file");
            SourceFile { path, text }
        })
        .collect();
    (manifest, chapters)
}

/// A story of `n` passages in chapters of 500: text with markup and interpolation, three
/// choices each (a goto, a conditional goto with effects, a locked one), storylets every tenth
/// passage drawn by the passage before.
fn generate(n: usize) -> (SourceFile, Vec<SourceFile>) {
    let per = 500;
    let chapters = n.div_ceil(per);
    let mut files = Vec::new();
    for c in 0..chapters {
        let mut text = format!("{{\"id\": \"c{c}\", \"title\": \"Chapter {c}\", \"passages\": {{");
        let last = ((c + 1) * per).min(n);
        for i in c * per..last {
            if i > c * per {
                text.push(',');
            }
            let next = |k: usize| {
                let j = (i + k) % n;
                format!("c{}.p{j}", j / per)
            };
            if i + 1 == n {
                let _ = write!(
                    text,
                    "\"p{i}\": {{\"text\": \"The end.\", \"ending\": \"done\"}}"
                );
                continue;
            }
            let storylet = if i % 10 == 5 {
                ", \"pool\": \"week\", \"when\": \"stress < 90\""
            } else {
                ""
            };
            let tail = if i % 10 == 5 {
                "{\"text\": \"Back.\", \"return\": true}".to_owned()
            } else if i % 10 == 4 {
                format!(
                    "{{\"text\": \"Start the week.\", \"draw\": \"week\", \"goto\": \"{}\"}}",
                    next(2)
                )
            } else {
                format!(
                    "{{\"text\": \"Go on, *carefully*.\", \"goto\": \"{}\"}}, \
                     {{\"text\": \"Push through ({{stress}}).\", \"goto\": \"{}\", \
                       \"if\": \"stress < 80 && !burned\", \"effects\": [\"stress += 3\", \"tickets += 1\"]}}, \
                     {{\"text\": \"Escalate.\", \"goto\": \"{}\", \"if\": \"skill >= 60\", \
                       \"locked\": \"Requires skill 60\", \"effects\": [\"skill %+ 10\"]}}",
                    next(1),
                    next(1),
                    next(2)
                )
            };
            let _ = write!(
                text,
                "\"p{i}\": {{\"tags\": [\"seed:daily-life\"]{storylet}, \"text\": [\"Passage {i}: the queue holds **{{tickets}}** tickets and you feel {{word(stress)}}.\", \
                 {{\"if\": \"skill > 50\", \"text\": \"You know the fix.\", \"else\": \"You do not.\"}}], \
                 \"choices\": [{tail}]}}"
            );
        }
        text.push_str("}}");
        files.push(SourceFile {
            path: format!("c{c}.json"),
            text,
        });
    }
    let list: Vec<String> = files.iter().map(|f| format!("\"{}\"", f.path)).collect();
    let manifest = SourceFile {
        path: "story.json".into(),
        text: format!(
            "{{\"format\": 1, \"id\": \"gen\", \"title\": \"Generated\", \"version\": \"1\", \
             \"start\": \"c0.p0\", \"chapters\": [{}], \
             \"variables\": {{\"stress\": {{\"kind\": \"stat\", \"start\": 20, \"words\": [[0, \"calm\"], [50, \"tense\"]]}}, \
               \"skill\": {{\"kind\": \"stat\", \"start\": 40}}, \"tickets\": {{\"kind\": \"counter\"}}, \
               \"burned\": {{\"kind\": \"flag\"}}}}, \
             \"endings\": {{\"done\": {{\"title\": \"Done\"}}}}}}",
            list.join(", ")
        ),
    };
    (manifest, files)
}

fn main() {
    // `cargo bench` passes `--bench`; `steps` runs only the step benchmark.
    if std::env::args().any(|a| a == "steps") {
        step_cost();
        return;
    }
    if std::env::args().any(|a| a == "decode") {
        decode_cost();
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../story");
    let (manifest, chapters) = read_story(&root);
    let story = load(&manifest, &chapters).story.expect("story/ loads");
    let (best, median) = time(3, || {
        let r = randomtest(
            &story,
            RandomOptions {
                runs: 10_000,
                ..RandomOptions::default()
            },
            &mut |_| {},
        );
        assert!(r.passed());
    });
    println!(
        "randomtest, 10,000 runs, story/: best {:.2} s, median {:.2} s",
        best.as_secs_f64(),
        median.as_secs_f64()
    );
    let (best, median) = time(5, || {
        let _ = load(&manifest, &chapters);
    });
    println!(
        "load + validate story/ ({} passages): best {:.2} ms, median {:.2} ms",
        story.passage_ids().count(),
        best.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3
    );
    for n in [1_000, 10_000] {
        let (manifest, chapters) = generate(n);
        let bytes: usize = chapters.iter().map(|c| c.text.len()).sum();
        let loaded = load(&manifest, &chapters);
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .take(3)
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "generated story: {errors:?}");
        let (best, median) = time(5, || {
            let loaded = load(&manifest, &chapters);
            assert!(loaded.story.is_some());
        });
        println!(
            "load + validate a generated {n}-passage story ({:.1} MB): best {:.1} ms, median {:.1} ms",
            bytes as f64 / 1e6,
            best.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3
        );
    }
    step_cost();
}

/// Decoding the shipped story's compiled form: whole (as before the split), the core alone
/// (what the page decodes before its first paint) and attaching the rest (after it).
fn decode_cost() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../story");
    let (manifest, chapters) = read_story(&root);
    let story = load(&manifest, &chapters).story.expect("story/ loads");
    let whole = story_engine::encode(&story).expect("encodes");
    let (core, rest) = story_engine::encode_split(&story).expect("encodes");
    let rest = rest.expect("story/ has acts");
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (best, median) = time(20, || {
        story_engine::decode(&whole).expect("decodes");
    });
    println!(
        "decode, whole ({} bytes): best {:.2} ms, median {:.2} ms",
        whole.len(),
        ms(best),
        ms(median)
    );
    let (best, median) = time(20, || {
        story_engine::decode(&core).expect("decodes");
    });
    println!(
        "decode, core ({} bytes): best {:.2} ms, median {:.2} ms",
        core.len(),
        ms(best),
        ms(median)
    );
    let (best, median) = time(20, || {
        let decoded = story_engine::decode(&core).expect("decodes");
        decoded.attach(&rest).expect("attaches");
    });
    println!(
        "decode core + attach rest ({} bytes): best {:.2} ms, median {:.2} ms",
        rest.len(),
        ms(best),
        ms(median)
    );
}

/// Steps per second in runs of 20, 200 and 1,000 choices: the same number of steps each.
fn step_cost() {
    let story = steps::story();
    let total: u32 = 20_000;
    let mut rates = Vec::new();
    for length in [20, 200, 1_000] {
        let runs = total / length;
        let (best, median) = time(5, || {
            assert_eq!(steps::play(&story, length, runs), u64::from(total));
        });
        let rate = f64::from(total) / best.as_secs_f64();
        rates.push(rate);
        println!(
            "steps, runs of {length} choices ({} passages): best {:.0} steps/s, median {:.0} steps/s",
            steps::PASSAGES,
            rate,
            f64::from(total) / median.as_secs_f64()
        );
    }
    println!(
        "steps per second, runs of 1,000 vs runs of 20: {:.2}x",
        rates[2] / rates[0]
    );
}
