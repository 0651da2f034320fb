//! What the app remembers about a run beyond the engine's `State`: the transcript, one stats
//! snapshot per turn (for the career report's chart) and the play time. Pure data, saved with
//! every save; not the engine's business because it is about presentation, not rules.

use story_engine::json::{self, Json, Reader};
use story_engine::{Inline, Replay, Shown, State, Story, Value, View};

/// The most transcript entries kept; older ones fall off so a save stays small.
pub const MAX_ENTRIES: usize = 2_000;
/// A gap between two choices longer than this counts as this much: the player was away.
pub const IDLE_CAP_MS: f64 = 5.0 * 60_000.0;

/// One passage as the player read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The turn the passage was shown at.
    pub turn: u32,
    /// Its chapter's title.
    pub chapter: String,
    /// Its paragraphs, as plain text.
    pub paragraphs: Vec<String>,
    /// The text of the choice taken from it, once taken.
    pub choice: Option<String>,
}

/// The stat values at one turn, in the order of [`Run::series`].
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The turn.
    pub turn: u32,
    /// One value per series.
    pub values: Vec<i64>,
}

/// The app's record of one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    /// The passages read, oldest first.
    pub transcript: Vec<Entry>,
    /// Names of the stats snapshotted (shown stats, in declared order).
    pub series: Vec<String>,
    /// One snapshot per turn, oldest first.
    pub snapshots: Vec<Snapshot>,
    /// Time spent playing, in milliseconds.
    pub play_ms: u64,
    /// The index (in its view) of every choice taken, oldest first: with the seed, the run
    /// itself, so it can be shared as a replay link. Saves from before it was kept lack it;
    /// such a run simply cannot be shared.
    pub choices: Vec<u32>,
    /// When the last action happened (ms since the epoch); not saved, so time away from the page
    /// between sessions is not counted.
    pub last_at: Option<f64>,
}

impl Run {
    /// A run that has just shown `view` for `state`.
    pub fn begin(story: &Story, state: &State, view: Option<&View>, at: f64) -> Run {
        let mut run = Run {
            series: series(story),
            last_at: Some(at),
            ..Run::default()
        };
        run.record(state, view);
        run
    }

    /// Records the passage now shown and the stats now held.
    pub fn record(&mut self, state: &State, view: Option<&View>) {
        let turn = state.turn();
        self.forget_after(turn);
        if let Some(view) = view {
            self.transcript.push(Entry {
                turn,
                chapter: view.chapter_title.clone(),
                paragraphs: view.paragraphs.iter().map(|p| Inline::plain(p)).collect(),
                choice: None,
            });
            if self.transcript.len() > MAX_ENTRIES {
                self.transcript.remove(0);
            }
        }
        let values = self
            .series
            .iter()
            .map(|name| int(state.value(name)))
            .collect();
        self.snapshots.push(Snapshot { turn, values });
    }

    /// Notes the choice taken from the latest passage (its index in the view and its text)
    /// and the time spent on it.
    pub fn chose(&mut self, index: usize, text: String, at: f64) {
        if let Some(entry) = self.transcript.last_mut() {
            entry.choice = Some(text);
        }
        self.choices.push(u32::try_from(index).unwrap_or(u32::MAX));
        self.tick(at);
    }

    /// This run as a replay of `state`'s seed and the choices taken.
    pub fn replay(&self, state: &State) -> Replay {
        Replay {
            seed: state.seed(),
            choices: self.choices.iter().map(|&c| c as usize).collect(),
        }
    }

    /// Adds the time since the last action to the play time.
    pub fn tick(&mut self, at: f64) {
        if let Some(last) = self.last_at {
            let gap = (at - last).clamp(0.0, IDLE_CAP_MS);
            self.play_ms = self.play_ms.saturating_add(gap as u64);
        }
        self.last_at = Some(at);
    }

    /// Goes back to `turn` (after an undo): later passages and snapshots are forgotten and the
    /// passage at `turn` has no choice taken yet.
    pub fn rewind(&mut self, turn: u32) {
        self.choices.truncate(turn as usize);
        self.transcript.retain(|e| e.turn <= turn);
        self.snapshots.retain(|s| s.turn <= turn);
        if let Some(entry) = self.transcript.last_mut() {
            if entry.turn == turn {
                entry.choice = None;
            }
        }
    }

    fn forget_after(&mut self, turn: u32) {
        self.transcript.retain(|e| e.turn < turn);
        self.snapshots.retain(|s| s.turn < turn);
    }

    /// Whether this run could have been written by this app: bounded and self-consistent.
    pub fn is_plausible(&self) -> bool {
        self.transcript.len() <= MAX_ENTRIES
            && self.snapshots.len() <= 100_000
            && self.choices.len() <= story_engine::MAX_LINK_CHOICES
            && self
                .snapshots
                .iter()
                .all(|s| s.values.len() == self.series.len())
    }

    /// The transcript as plain text, for export.
    pub fn transcript_text(&self, title: &str) -> String {
        let mut out = format!("{title}\n\n");
        let mut chapter = "";
        for entry in &self.transcript {
            if entry.chapter != chapter {
                chapter = &entry.chapter;
                out.push_str(&format!("== {chapter} ==\n\n"));
            }
            for paragraph in &entry.paragraphs {
                out.push_str(paragraph);
                out.push_str("\n\n");
            }
            if let Some(choice) = &entry.choice {
                out.push_str(&format!("> {choice}\n\n"));
            }
        }
        out
    }
}

impl Run {
    /// Appends this run as the JSON saves hold (`last_at` is not saved): the layout and bytes
    /// serde_json wrote for it before.
    pub fn push_json(&self, out: &mut String) {
        out.push('{');
        json::key(out, "transcript");
        json::push_array(out, &self.transcript, |out, entry| {
            out.push('{');
            json::key(out, "turn");
            json::push_num(out, entry.turn);
            json::key(out, "chapter");
            json::push_str(out, &entry.chapter);
            json::key(out, "paragraphs");
            json::push_array(out, &entry.paragraphs, |out, p| json::push_str(out, p));
            json::key(out, "choice");
            match &entry.choice {
                Some(choice) => json::push_str(out, choice),
                None => out.push_str("null"),
            }
            out.push('}');
        });
        json::key(out, "series");
        json::push_array(out, &self.series, |out, name| json::push_str(out, name));
        json::key(out, "snapshots");
        json::push_array(out, &self.snapshots, |out, snapshot| {
            out.push('{');
            json::key(out, "turn");
            json::push_num(out, snapshot.turn);
            json::key(out, "values");
            json::push_array(out, &snapshot.values, json::push_num);
            out.push('}');
        });
        json::key(out, "play_ms");
        json::push_num(out, self.play_ms);
        json::key(out, "choices");
        json::push_array(out, &self.choices, json::push_num);
        out.push('}');
    }

    /// Reads a run from a save's JSON: every field as serde's derive required it (`choices`
    /// may be missing: older saves lack it), with the place of what is wrong.
    pub fn read(r: &Reader<'_>, value: &Json) -> Result<Run, json::Error> {
        const FIELDS: &[&str] = &["transcript", "series", "snapshots", "play_ms", "choices"];
        let f = r.fields(value, "Run", FIELDS)?;
        let entry = |value: &Json| -> Result<Entry, json::Error> {
            let f = r.fields(value, "Entry", &["turn", "chapter", "paragraphs", "choice"])?;
            Ok(Entry {
                turn: r.int(f.need("turn")?, "u32")?,
                chapter: r.string(f.need("chapter")?)?,
                paragraphs: r.strings(f.need("paragraphs")?)?,
                choice: f.opt("choice", |c| r.string(c))?,
            })
        };
        let snapshot = |value: &Json| -> Result<Snapshot, json::Error> {
            let f = r.fields(value, "Snapshot", &["turn", "values"])?;
            Ok(Snapshot {
                turn: r.int(f.need("turn")?, "u32")?,
                values: r
                    .seq(f.need("values")?)?
                    .iter()
                    .map(|v| r.int(v, "i64"))
                    .collect::<Result<_, _>>()?,
            })
        };
        Ok(Run {
            transcript: r
                .seq(f.need("transcript")?)?
                .iter()
                .map(entry)
                .collect::<Result<_, _>>()?,
            series: r.strings(f.need("series")?)?,
            snapshots: r
                .seq(f.need("snapshots")?)?
                .iter()
                .map(snapshot)
                .collect::<Result<_, _>>()?,
            play_ms: r.int(f.need("play_ms")?, "u64")?,
            choices: f.or_default("choices", |v| {
                r.seq(v)?.iter().map(|c| r.int(c, "u32")).collect()
            })?,
            last_at: None,
        })
    }
}

/// The stats worth charting: the stats the player sees (the engine decides which).
pub fn series(story: &Story) -> Vec<String> {
    story_engine::shown_as(story, Shown::Stat)
        .map(|v| v.name.clone())
        .collect()
}

fn int(value: Option<&Value>) -> i64 {
    match value {
        Some(Value::Int(n)) => *n,
        _ => 0,
    }
}

/// Play time as a person says it: "12 min", "1 h 05 min".
pub fn play_time(ms: u64) -> String {
    let minutes = ms / 60_000;
    match minutes {
        0 => "< 1 min".to_owned(),
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {:02} min", m / 60, m % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn play_time_counts_gaps_but_caps_idle_time() {
        let mut run = Run {
            last_at: Some(0.0),
            ..Run::default()
        };
        run.tick(30_000.0);
        run.tick(30_000.0 + 3_600_000.0);
        assert_eq!(run.play_ms, 30_000 + IDLE_CAP_MS as u64);
        assert_eq!(play_time(run.play_ms), "5 min");
        assert_eq!(play_time(65 * 60_000), "1 h 05 min");
    }
}
