//! The step-cost benchmark (issue 11 §5): steps per second in runs of 20, 200 and 1,000 choices
//! on a generated story that never ends (three choices per passage, conditions, effects,
//! interpolation, a storylet pool with a cooldown). A step is what a click costs the engine:
//! `choose`, then `view`. Flat means runs of 1,000 take as many steps per second as runs of 20.
//! Shared by the native bench (`benches/engine.rs`) and the wasm one (`benches/steps-wasm`).

use std::fmt::Write;
use story_engine::{choose, load, start, view, SourceFile, Story};

/// Passages in the generated loop (close to the shipped story's size once it has grown).
pub const PASSAGES: usize = 200;

/// The looping story's files.
pub fn looping_story() -> (SourceFile, Vec<SourceFile>) {
    let n = PASSAGES;
    // Storylets sit at i % 10 == 5 and are only entered by a draw, never by a goto.
    let to = |i: usize, k: usize| {
        let j = (i + k) % n;
        let j = if j % 10 == 5 { (j + 1) % n } else { j };
        format!("p{j}")
    };
    let mut text = String::from("{\"id\": \"c\", \"title\": \"Loop\", \"passages\": {");
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        let storylet = if i % 10 == 5 {
            ", \"pool\": \"week\", \"when\": \"stress < 90\", \"cooldown\": 3"
        } else {
            ""
        };
        let choices = if i % 10 == 5 {
            "{\"text\": \"Back.\", \"return\": true}".to_owned()
        } else if i % 10 == 4 {
            format!(
                "{{\"text\": \"Start the week.\", \"draw\": \"week\", \"goto\": \"{}\"}}, \
                 {{\"text\": \"Skip it.\", \"goto\": \"{}\", \"effects\": [\"stress -= 10\"]}}",
                to(i, 2),
                to(i, 1)
            )
        } else {
            let third = if i % 7 == 0 {
                format!(
                    "{{\"text\": \"Take a break.\", \"goto\": \"{}\", \"if\": \"stress >= 30\", \
                     \"effects\": [\"stress -= 30\", \"burned = false\"]}}",
                    to(i, 3)
                )
            } else {
                format!(
                    "{{\"text\": \"Escalate.\", \"goto\": \"{}\", \"if\": \"skill >= 60\", \
                     \"locked\": \"Requires skill 60\", \"effects\": [\"skill %+ 10\"]}}",
                    to(i, 3)
                )
            };
            format!(
                "{{\"text\": \"Go on, *carefully*.\", \"goto\": \"{}\", \"effects\": [\"skill %+ 5\"]}}, \
                 {{\"text\": \"Push through ({{stress}}).\", \"goto\": \"{}\", \
                   \"if\": \"stress < 80 && !burned\", \"effects\": [\"stress += 7\", \"tickets += 1\"]}}, \
                 {third}",
                to(i, 1),
                to(i, 2)
            )
        };
        let _ = write!(
            text,
            "\"p{i}\": {{\"tags\": [\"seed:daily-life\"]{storylet}, \"text\": [\
             \"Passage {i}: the queue holds **{{tickets}}** tickets and you feel {{word(stress)}}.\", \
             {{\"if\": \"skill > 50 || visits(\\\"p0\\\") > 2\", \"text\": \"You know the fix.\", \"else\": \"You do not.\"}}], \
             \"choices\": [{choices}]}}"
        );
    }
    text.push_str("}}");
    let manifest = SourceFile {
        path: "story.json".into(),
        text: "{\"format\": 1, \"id\": \"loop\", \"title\": \"Loop\", \"version\": \"1\", \
               \"start\": \"c.p0\", \"chapters\": [\"c.json\"], \
               \"variables\": {\"stress\": {\"kind\": \"stat\", \"start\": 20, \"words\": [[0, \"calm\"], [50, \"tense\"]]}, \
                 \"skill\": {\"kind\": \"stat\", \"start\": 40}, \"tickets\": {\"kind\": \"counter\"}, \
                 \"burned\": {\"kind\": \"flag\"}}, \
               \"endings\": {\"done\": {\"title\": \"Done\"}}}"
            .into(),
    };
    let chapter = SourceFile {
        path: "c.json".into(),
        text,
    };
    (manifest, vec![chapter])
}

/// The looping story, loaded (it must load without errors).
pub fn story() -> Story {
    let (manifest, chapters) = looping_story();
    let loaded = load(&manifest, &chapters);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    loaded
        .story
        .unwrap_or_else(|| panic!("the generated story loads: {errors:?}"))
}

/// Plays `runs` runs of `length` choices each (a seeded pick among the enabled choices, then
/// the view of where it leads) and returns the steps taken.
pub fn play(story: &Story, length: u32, runs: u32) -> u64 {
    let mut steps = 0;
    let mut pick: u64 = 0x2545_F491_4F6C_DD1D;
    for run in 0..runs {
        let mut state = start(story, u64::from(run)).expect("starts");
        let mut shown = view(story, &state).expect("shows");
        for _ in 0..length {
            let enabled: Vec<usize> = (0..shown.choices.len())
                .filter(|&i| shown.choices[i].enabled)
                .collect();
            pick = pick.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let index = enabled[(pick >> 33) as usize % enabled.len()];
            state = choose(story, &state, index).expect("a step");
            shown = view(story, &state).expect("shows");
            steps += 1;
        }
    }
    steps
}
