//! Golden transcripts of the shipped story's endings: one committed route per declared ending
//! (`tests/golden/endings.routes`), played from the start, must reach that ending, and the last
//! steps of each run — the lead-up and the epilogue — must read as `tests/golden/endings.txt`
//! says. A story edit that changes an ending's text or breaks a route fails here; bless the new
//! text with `UPDATE_EXPECT=1 cargo test -p story-engine endings`, which also replaces a broken
//! route with one found by seeded random play.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

use expect_test::expect_file;
use story_engine::{choose, start, view, write_view, State, Story, Value};

use crate::support::shipped;

/// How many views before the ending the golden keeps: the act III lead-ups are 3–6 passages.
const TAIL: usize = 8;
/// Seeds tried, per ending, when a route has to be found again.
const SEARCH_SEEDS: u64 = 60_000;
/// Choices per run at most (a full career is about 130).
const MAX_TURNS: usize = 400;

fn routes_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/endings.routes")
}

/// A committed route: the run's seed and its choices, 0-based.
#[derive(Clone, Debug, PartialEq)]
struct Route {
    seed: u64,
    picks: Vec<usize>,
}

fn parse_routes(text: &str) -> BTreeMap<String, Route> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split_whitespace();
            let (Some(id), Some(seed), picks) = (parts.next(), parts.next(), parts.next()) else {
                panic!("bad route line: {line:?}");
            };
            let picks = picks
                .unwrap_or("")
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|p| p.parse::<usize>().expect("a choice number") - 1)
                .collect();
            let seed = seed.parse().expect("a seed");
            (id.to_owned(), Route { seed, picks })
        })
        .collect()
}

fn render_routes(header: &str, routes: &BTreeMap<String, Route>) -> String {
    let mut out = header.to_owned();
    for (id, r) in routes {
        let picks: Vec<String> = r.picks.iter().map(|p| (p + 1).to_string()).collect();
        writeln!(out, "{id} {} {}", r.seed, picks.join(",")).unwrap();
    }
    out
}

/// Every state of `route`, from the start; `None` if a choice is refused or play fails.
fn play(story: &Story, route: &Route) -> Option<Vec<State>> {
    let mut states = vec![start(story, route.seed).ok()?];
    for &pick in &route.picks {
        let next = choose(story, states.last()?, pick).ok()?;
        states.push(next);
    }
    Some(states)
}

/// The ending the route's last state shows, if any.
fn ending_of(story: &Story, states: &[State]) -> Option<String> {
    view(story, states.last()?).ok()?.ending.map(|e| e.id)
}

/// A seeded random run that reaches `ending` (uniform over enabled choices).
fn search(story: &Story, ending: &str) -> Option<Route> {
    for seed in 0..SEARCH_SEEDS {
        let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut state = start(story, seed).ok()?;
        let mut picks = Vec::new();
        for _ in 0..MAX_TURNS {
            let v = view(story, &state).ok()?;
            if let Some(e) = v.ending {
                if e.id == ending {
                    return Some(Route { seed, picks });
                }
                break;
            }
            let enabled: Vec<usize> = (0..v.choices.len())
                .filter(|&i| v.choices[i].enabled)
                .collect();
            if enabled.is_empty() {
                break;
            }
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let pick = enabled[(rng % enabled.len() as u64) as usize];
            picks.push(pick);
            state = choose(story, &state, pick).ok()?;
        }
    }
    None
}

/// The last [`TAIL`] views of the run, with the choice taken after each.
fn tail_transcript(story: &Story, route: &Route, states: &[State]) -> String {
    let mut out = String::new();
    let from = states.len().saturating_sub(TAIL);
    for (i, state) in states.iter().enumerate().skip(from) {
        let v = view(story, state).expect("a played state views");
        let mut one = String::new();
        write_view(&mut one, story, state, None, &v);
        // The full variable dump of every view would bury the prose; the numbers that decide
        // the ending are printed once, below.
        for line in one.lines().filter(|l| !l.trim_start().starts_with("vars:")) {
            writeln!(out, "{line}").unwrap();
        }
        if let Some(pick) = route.picks.get(i) {
            writeln!(out, "> {}", pick + 1).unwrap();
        }
    }
    let last = states.last().expect("a route has a start");
    let numbers: Vec<String> = last
        .values()
        .iter()
        .filter_map(|(name, value)| match value {
            Value::Int(n) => Some(format!("{name}={n}")),
            _ => None,
        })
        .collect();
    writeln!(out, "numbers at the end: {}", numbers.join(" ")).unwrap();
    out
}

#[test]
fn every_ending_has_a_route_and_a_golden_lead_up() {
    let story = shipped();
    let text = std::fs::read_to_string(routes_path()).expect("tests/golden/endings.routes");
    let header: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut routes = parse_routes(&text);
    let updating = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut golden = String::new();
    let mut broken = Vec::new();
    for ending in story.endings() {
        let id = ending.id.as_str();
        let played = routes
            .get(id)
            .and_then(|r| play(&story, r).map(|s| (r.clone(), s)))
            .filter(|(_, states)| ending_of(&story, states).as_deref() == Some(id));
        let (route, states) = match played {
            Some(found) => found,
            None if updating => {
                let route = search(&story, id)
                    .unwrap_or_else(|| panic!("no random run of {SEARCH_SEEDS} reaches `{id}`"));
                let states = play(&story, &route).expect("a found route plays");
                routes.insert(id.to_owned(), route.clone());
                (route, states)
            }
            None => {
                broken.push(id.to_owned());
                continue;
            }
        };
        writeln!(
            golden,
            "######## {id} (seed {}, {} choices)",
            route.seed,
            route.picks.len()
        )
        .unwrap();
        golden.push_str(&tail_transcript(&story, &route, &states));
    }
    assert!(
        broken.is_empty(),
        "these endings' committed routes no longer reach them (a story edit moved them): {broken:?}\n\
         re-run with UPDATE_EXPECT=1 to find new routes and bless the transcripts"
    );
    routes.retain(|id, _| story.endings().iter().any(|e| &e.id == id));
    if updating {
        std::fs::write(routes_path(), render_routes(&header, &routes)).expect("write routes");
    }
    expect_file!["../golden/endings.txt"].assert_eq(&golden);
}
