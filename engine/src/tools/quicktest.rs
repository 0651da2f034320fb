//! Exhaustive play (`story quicktest`): a walk that forks the state at every enabled choice and
//! at every storylet a draw could pick, and reports the passages, endings and achievements it
//! never reached, the runtime errors and the softlocks it met, each with the path of choices that
//! leads there.
//!
//! Play is exact (the real `choose`), so nothing it reaches is fake. It terminates by merging
//! states that no condition still ahead can tell apart: the memo key is the passage, the tunnel
//! stack, the once-only choices taken, and only the variables that choice and storylet
//! conditions reachable from the passage read (directly or through effects), with each integer
//! reduced to the interval between the thresholds those conditions compare it with (`skill >= 60`
//! splits skill at 60). A flag nothing ahead reads is forgotten. Of merged states, one that holds
//! a new lowest or highest value of some integer is still explored (up to `per_key` per key), so
//! totals can keep climbing towards a later threshold. Passages take turns (one state each per
//! round), so when `max_states` stops the walk every reachable passage has had its share.
//! `random(…)` in effects follows the seed; quicktest does not fork on dice (randomtest does).

use crate::runtime::error::PlayError;
use crate::runtime::expr::{BinOp, Effect, Expr, ExprKind, Func};
use crate::runtime::model::{Move, Story, VarKind};
use crate::runtime::play::{choose_forced, shown_choices, start};
use crate::runtime::rules::eligible;
use crate::runtime::state::{State, Value};
use crate::runtime::view::view;
use crate::tools::author::plain;
use crate::tools::randomtest::fallible_text;
use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::hash::{Hash, Hasher};

/// Bounds of the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuickOptions {
    /// The seed of the run (dice in effects follow it).
    pub seed: u64,
    /// Explored states at most, in all.
    pub max_states: u32,
    /// Merged states still explored per memo key, for holding a new lowest or highest value.
    pub per_key: u32,
}

impl Default for QuickOptions {
    fn default() -> Self {
        QuickOptions {
            seed: 0,
            max_states: 200_000,
            per_key: 2,
        }
    }
}

/// A problem met during a test run, with how to get there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What went wrong.
    pub message: String,
    /// The passage it happened in.
    pub passage: String,
    /// The choices (their text) from the start that lead there; a drawn storylet shows as
    /// `→ id` after the choice that drew it.
    pub path: Vec<String>,
    /// How many explored states met the same problem.
    pub count: u32,
}

/// What the exhaustive walk found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuickReport {
    /// States explored.
    pub states: u32,
    /// States not explored because an explored state is equivalent for every condition.
    pub merged: u32,
    /// False when `max_states` stopped the walk early.
    pub complete: bool,
    /// Passages reached, of all passages.
    pub reached: u32,
    /// Passages never reached, in story order.
    pub unreached_passages: Vec<String>,
    /// Endings reached, with how many explored states reached each.
    pub endings: BTreeMap<String, u32>,
    /// Declared endings never reached.
    pub unreached_endings: Vec<String>,
    /// Declared achievements never unlocked.
    pub unreached_achievements: Vec<String>,
    /// Runtime errors, one per distinct message.
    pub errors: Vec<Finding>,
    /// Passages where a player is stuck (no enabled choice, not an ending).
    pub softlocks: Vec<Finding>,
}

impl QuickReport {
    /// No errors, no softlocks, every passage and ending reached.
    pub fn passed(&self) -> bool {
        self.errors.is_empty()
            && self.softlocks.is_empty()
            && self.unreached_passages.is_empty()
            && self.unreached_endings.is_empty()
    }
}

/// A step of the walk: its parent step and the label of the move from there.
struct Step {
    parent: Option<u32>,
    label: String,
}

/// How the memo key keeps a variable.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Keep {
    /// Its exact value.
    Exact,
    /// The number of cut points at or below its value (an integer compared only with
    /// constants; a condition's value can only change across a cut).
    Cuts(Vec<i64>),
}

impl Keep {
    /// Both views at once (for a variable two conditions read differently).
    fn join(&mut self, other: &Keep) {
        match (&mut *self, other) {
            (Keep::Exact, _) => {}
            (_, Keep::Exact) => *self = Keep::Exact,
            (Keep::Cuts(a), Keep::Cuts(b)) => {
                a.extend(b);
                a.sort_unstable();
                a.dedup();
            }
        }
    }
}

/// What the memo key reads of a state, per passage.
struct Abstraction {
    /// By passage index: the variables conditions ahead read, by name.
    live: Vec<Vec<(String, Keep)>>,
    /// Passages whose visit count conditions read (`visits(…)`, `max_visits`), with a cap.
    visits: Vec<(String, u32)>,
}

/// Per memo key: states explored, and the lowest and highest value of each `Cuts` variable.
struct KeyInfo {
    explored: u32,
    bounds: Vec<(i64, i64)>,
}

struct Walker<'s> {
    story: &'s Story,
    opts: QuickOptions,
    abstraction: Abstraction,
    visit_cap: u32,
    fallible: Vec<bool>,
    steps: Vec<Step>,
    seen: HashSet<u64>,
    keys: HashMap<u64, KeyInfo>,
    /// States waiting, by passage, and the passages with states waiting, in turn.
    queues: HashMap<String, VecDeque<(State, u32)>>,
    turns: VecDeque<String>,
    report: QuickReport,
    errors: BTreeMap<String, Finding>,
    softlocks: BTreeMap<String, Finding>,
    reached: HashSet<String>,
    unlocked: HashSet<String>,
}

/// Walks every path of `story` within the bounds of `opts`.
pub fn quicktest(story: &Story, opts: QuickOptions) -> QuickReport {
    let abstraction = abstraction(story);
    let visit_cap = abstraction
        .visits
        .iter()
        .map(|(_, c)| *c)
        .max()
        .unwrap_or(0)
        .max(2);
    let mut w = Walker {
        story,
        opts,
        abstraction,
        visit_cap,
        fallible: fallible_text(story),
        steps: Vec::new(),
        seen: HashSet::new(),
        keys: HashMap::new(),
        queues: HashMap::new(),
        turns: VecDeque::new(),
        report: QuickReport {
            complete: true,
            ..QuickReport::default()
        },
        errors: BTreeMap::new(),
        softlocks: BTreeMap::new(),
        reached: HashSet::new(),
        unlocked: HashSet::new(),
    };
    match start(story, opts.seed) {
        Ok(s) => w.offer(s, None, String::new()),
        Err(e) => w.error(&e, story.start(), None, "(start)".into()),
    }
    while let Some(passage) = w.turns.pop_front() {
        let Some(queue) = w.queues.get_mut(&passage) else {
            continue;
        };
        let Some((state, step)) = queue.pop_front() else {
            continue;
        };
        if !queue.is_empty() {
            w.turns.push_back(passage);
        }
        if w.report.states >= opts.max_states {
            w.report.complete = false;
            break;
        }
        w.report.states += 1;
        w.expand(&state, step);
    }
    w.finish()
}

impl Walker<'_> {
    fn push(&mut self, state: State, step: u32) {
        let queue = self.queues.entry(state.passage.clone()).or_default();
        if queue.is_empty() {
            self.turns.push_back(state.passage.clone());
        }
        queue.push_back((state, step));
    }

    /// Queues a new state unless an equal or equivalent one was seen.
    fn offer(&mut self, state: State, parent: Option<u32>, label: String) {
        if !self.seen.insert(self.exact_key(&state)) {
            return;
        }
        let live = self
            .story
            .index
            .get(&state.passage)
            .and_then(|&i| self.abstraction.live.get(i as usize))
            .map_or(&[][..], Vec::as_slice);
        let key = self.memo_key(&state, live);
        let ints: Vec<i64> = live
            .iter()
            .filter(|(_, k)| matches!(k, Keep::Cuts(_)))
            .map(|(name, _)| match state.vars.get(name) {
                Some(Value::Int(n)) => *n,
                _ => 0,
            })
            .collect();
        let per_key = self.opts.per_key;
        let info = self.keys.entry(key).or_insert_with(|| KeyInfo {
            explored: 0,
            bounds: Vec::new(),
        });
        let mut extends = info.bounds.is_empty();
        if extends {
            info.bounds = ints.iter().map(|&n| (n, n)).collect();
        } else {
            for ((lo, hi), &n) in info.bounds.iter_mut().zip(&ints) {
                if n < *lo || n > *hi {
                    extends = true;
                    *lo = (*lo).min(n);
                    *hi = (*hi).max(n);
                }
            }
        }
        if !extends || info.explored >= per_key {
            self.report.merged += 1;
            return;
        }
        info.explored += 1;
        let id = self.steps.len() as u32;
        self.steps.push(Step { parent, label });
        self.push(state, id);
    }

    fn expand(&mut self, state: &State, step: u32) {
        let story = self.story;
        self.reached.insert(state.passage.clone());
        self.unlocked
            .extend(state.achievements().map(str::to_owned));
        let Some(&pidx) = story.index.get(&state.passage) else {
            return;
        };
        if self.fallible.get(pidx as usize) == Some(&true) {
            if let Err(e) = view(story, state) {
                return self.error(&e, &state.passage, Some(step), String::new());
            }
        }
        let Some(passage) = story.at(pidx) else {
            return;
        };
        if let Some(e) = passage.ending.and_then(|e| story.endings.get(e as usize)) {
            *self.report.endings.entry(e.id.clone()).or_default() += 1;
            return;
        }
        let shown = match shown_choices(story, state, passage) {
            Ok(s) => s,
            Err(e) => return self.error(&e, &state.passage, Some(step), String::new()),
        };
        if !shown.iter().any(|s| s.enabled) {
            let f = self.softlocks.entry(passage.id.clone()).or_insert(Finding {
                message: "no enabled choice and not an ending".into(),
                passage: passage.id.clone(),
                path: Vec::new(),
                count: 0,
            });
            f.count += 1;
            if f.count == 1 {
                f.path = path(&self.steps, Some(step));
            }
            return;
        }
        for (i, s) in shown.iter().enumerate().filter(|(_, s)| s.enabled) {
            let text = passage
                .choices
                .get(s.index)
                .map_or(String::new(), |c| plain(&c.text));
            let forks = match passage.choices.get(s.index).map(|c| &c.action) {
                Some(Move::Draw { pool, .. }) => match eligible(story, state, pool) {
                    Ok(list) => list.into_iter().map(|(idx, _)| Some(idx)).collect(),
                    Err(e) => {
                        self.error(&e, &passage.id, Some(step), text);
                        continue;
                    }
                },
                _ => vec![None],
            };
            for storylet in forks {
                let label = match storylet.and_then(|i| story.at(i)) {
                    Some(p) => format!("{text} → {}", p.id),
                    None => text.clone(),
                };
                match choose_forced(story, state, i, storylet) {
                    Ok(next) => self.offer(next, Some(step), label),
                    Err(e) => self.error(&e, &passage.id, Some(step), label),
                }
            }
        }
    }

    fn error(&mut self, e: &PlayError, passage: &str, step: Option<u32>, label: String) {
        let message = e.to_string();
        let f = self.errors.entry(message.clone()).or_insert(Finding {
            message,
            passage: passage.to_owned(),
            path: Vec::new(),
            count: 0,
        });
        f.count += 1;
        if f.count == 1 {
            f.path = path(&self.steps, step);
            if !label.is_empty() {
                f.path.push(label);
            }
        }
    }

    /// Everything play reads, except the turn, the PRNG and visits past the cap.
    fn exact_key(&self, s: &State) -> u64 {
        let mut h = DefaultHasher::new();
        s.passage.hash(&mut h);
        s.stack.hash(&mut h);
        s.taken.hash(&mut h);
        s.achievements.hash(&mut h);
        for (k, v) in &s.vars {
            k.hash(&mut h);
            hash_value(v, &mut h);
        }
        for n in &s.visits {
            (*n).min(self.visit_cap).hash(&mut h);
        }
        h.finish()
    }

    /// What conditions can tell apart (see the module header).
    fn memo_key(&self, s: &State, live: &[(String, Keep)]) -> u64 {
        let mut h = DefaultHasher::new();
        s.passage.hash(&mut h);
        s.stack.hash(&mut h);
        s.taken.hash(&mut h);
        s.achievements.hash(&mut h);
        for (name, keep) in live {
            match (keep, s.vars.get(name)) {
                (Keep::Cuts(cuts), Some(Value::Int(n))) => {
                    cuts.iter().filter(|c| *c <= n).count().hash(&mut h);
                }
                (_, Some(v)) => hash_value(v, &mut h),
                (_, None) => 0u8.hash(&mut h),
            }
        }
        for (passage, cap) in &self.abstraction.visits {
            s.visits(self.story, passage).min(*cap).hash(&mut h);
        }
        h.finish()
    }

    fn finish(mut self) -> QuickReport {
        let story = self.story;
        let mut r = self.report;
        r.reached = self.reached.len() as u32;
        r.unreached_passages = story
            .passages
            .iter()
            .filter(|p| !self.reached.contains(&p.id))
            .map(|p| p.id.clone())
            .collect();
        r.unreached_endings = story
            .endings
            .iter()
            .filter(|e| !r.endings.contains_key(&e.id))
            .map(|e| e.id.clone())
            .collect();
        r.unreached_achievements = story
            .achievements
            .iter()
            .filter(|a| !self.unlocked.contains(&a.id))
            .map(|a| a.id.clone())
            .collect();
        r.errors = std::mem::take(&mut self.errors).into_values().collect();
        r.softlocks = std::mem::take(&mut self.softlocks).into_values().collect();
        r
    }
}

fn path(steps: &[Step], mut at: Option<u32>) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(step) = at.and_then(|i| steps.get(i as usize)) {
        if step.parent.is_some() {
            out.push(step.label.clone());
        }
        at = step.parent;
    }
    out.reverse();
    out
}

fn hash_value(v: &Value, h: &mut DefaultHasher) {
    match v {
        Value::Int(n) => n.hash(h),
        Value::Bool(b) => b.hash(h),
        Value::Str(t) => t.hash(h),
    }
}

/// The memo key's view of a state at each passage: a backward fixpoint over the passage graph
/// of what the choice and storylet conditions ahead read (liveness, in compiler terms).
fn abstraction(story: &Story) -> Abstraction {
    let n = story.passages.len();
    let mut visits: BTreeMap<String, u32> = BTreeMap::new();
    for p in &story.passages {
        if let Some(m) = p.storylet.as_ref().and_then(|s| s.max_visits) {
            let cap = visits.entry(p.id.clone()).or_insert(0);
            *cap = (*cap).max(m);
        }
    }
    // Where a `return` can lead: every resume point of a `call` or `draw`.
    let mut resumes = Vec::new();
    for (i, p) in story.passages.iter().enumerate() {
        for c in &p.choices {
            if let Move::Call { ret, .. } | Move::Draw { ret, .. } = &c.action {
                resumes.push(ret.unwrap_or(i as u32));
            }
        }
    }
    resumes.sort_unstable();
    resumes.dedup();
    let mut own: Vec<BTreeMap<String, Keep>> = vec![BTreeMap::new(); n];
    let mut succ: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, p) in story.passages.iter().enumerate() {
        for c in &p.choices {
            if let Some(cond) = &c.cond {
                scan(cond, &mut own[i], &mut visits);
            }
            match &c.action {
                Move::Goto(t) => succ[i].push(*t),
                Move::Call { target, ret } => {
                    succ[i].push(*target);
                    succ[i].push(ret.unwrap_or(i as u32));
                }
                Move::Draw { pool, ret } => {
                    for &m in story.pools.get(pool).into_iter().flatten() {
                        succ[i].push(m);
                        let when = story.at(m).and_then(|s| s.storylet.as_ref()?.when.as_ref());
                        if let Some(w) = when {
                            scan(w, &mut own[i], &mut visits);
                        }
                    }
                    succ[i].push(ret.unwrap_or(i as u32));
                }
                Move::Return => succ[i].extend(&resumes),
            }
        }
    }
    // Effects in passage i: (assigned variable, variables its value reads).
    let feeds: Vec<Vec<(&str, Vec<String>)>> = story
        .passages
        .iter()
        .map(|p| {
            p.on_enter
                .iter()
                .chain(p.choices.iter().flat_map(|c| c.effects.iter()))
                .filter_map(|e| match e {
                    Effect::Assign { var, value, .. } => {
                        let mut reads = Vec::new();
                        value.visit_vars(&mut |v| {
                            if v != var {
                                reads.push(v.to_owned());
                            }
                        });
                        (!reads.is_empty()).then_some((var.as_str(), reads))
                    }
                    Effect::Achieve { .. } => None,
                })
                .collect()
        })
        .collect();
    let mut live = own;
    let mut changed = true;
    while changed {
        changed = false;
        for i in (0..n).rev() {
            let mut next = live[i].clone();
            for &s in &succ[i] {
                for (name, keep) in live.get(s as usize).into_iter().flatten() {
                    add(&mut next, name, keep);
                }
            }
            for (var, reads) in &feeds[i] {
                if next.contains_key(*var) {
                    for r in reads {
                        add(&mut next, r, &Keep::Exact);
                    }
                }
            }
            if next != live[i] {
                live[i] = next;
                changed = true;
            }
        }
    }
    let live = live
        .into_iter()
        .map(|vars| {
            vars.into_iter()
                .filter_map(|(name, keep)| match story.variable(&name)?.kind {
                    VarKind::Stat | VarKind::Counter => Some((name, keep)),
                    VarKind::Flag | VarKind::String => Some((name, Keep::Exact)),
                })
                .collect()
        })
        .collect();
    Abstraction {
        live,
        visits: visits.into_iter().collect(),
    }
}

fn add(reads: &mut BTreeMap<String, Keep>, name: &str, keep: &Keep) {
    match reads.get_mut(name) {
        Some(k) => k.join(keep),
        None => {
            reads.insert(name.to_owned(), keep.clone());
        }
    }
}

/// Collects what one condition reads: integers compared with constants as cut points, other
/// variables exactly, and the passages whose visits it reads.
fn scan(e: &Expr, reads: &mut BTreeMap<String, Keep>, visits: &mut BTreeMap<String, u32>) {
    // Cut points of `v op t`, the operator seen from `v`'s side (`flipped` when `t op v`).
    let cuts = |op: BinOp, t: i64, flipped: bool| -> Option<Vec<i64>> {
        let op = match (op, flipped) {
            (BinOp::Lt, true) => BinOp::Gt,
            (BinOp::Le, true) => BinOp::Ge,
            (BinOp::Gt, true) => BinOp::Lt,
            (BinOp::Ge, true) => BinOp::Le,
            (op, _) => op,
        };
        match op {
            BinOp::Ge | BinOp::Lt => Some(vec![t]),
            BinOp::Gt | BinOp::Le => Some(vec![t.saturating_add(1)]),
            BinOp::Eq | BinOp::Ne => Some(vec![t, t.saturating_add(1)]),
            _ => None,
        }
    };
    match &e.kind {
        ExprKind::Binary(op, a, b) => match (&a.kind, &b.kind) {
            (ExprKind::Var(v), ExprKind::Int(t)) | (ExprKind::Int(t), ExprKind::Var(v))
                if cuts(*op, *t, false).is_some() =>
            {
                let flipped = matches!(a.kind, ExprKind::Int(_));
                let points = cuts(*op, *t, flipped).unwrap_or_default();
                add(reads, v, &Keep::Cuts(points));
            }
            _ => {
                scan(a, reads, visits);
                scan(b, reads, visits);
            }
        },
        ExprKind::Call(Func::Visits, args) => {
            if let Some(ExprKind::Str(id)) = args.first().map(|a| &a.kind) {
                let cap = visits.entry(id.clone()).or_insert(0);
                *cap = (*cap).max(3);
            }
        }
        ExprKind::Var(v) => add(reads, v, &Keep::Exact),
        ExprKind::Call(_, args) => args.iter().for_each(|a| scan(a, reads, visits)),
        ExprKind::Unary(_, a) => scan(a, reads, visits),
        ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Str(_) | ExprKind::Turns => {}
    }
}
