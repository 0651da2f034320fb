//! quicktest's proof: an abstract walk of the story to a fixpoint. One abstract state
//! (`domain.rs`) per passage and tunnel stack joins every concrete state that can be there;
//! moves (choices, fallbacks, draws, calls, returns) are applied to it as play applies them to
//! a concrete state, and a worklist repeats them, widening loops' counters, until nothing
//! changes. What it yields: the passages and endings that may be reached (the rest are
//! dead), and alarms — each place where a runtime error or a softlock cannot be ruled out.
//! Not the concrete walk or the witnesses (`quicktest.rs`).
//!
//! **Soundness.** Every abstract move over-approximates the concrete one (refining a state by a
//! condition only drops states where the condition fails), so at the fixpoint the abstract
//! state of each (passage, stack) holds every concrete state play can reach there. An alarm is
//! raised wherever any of them may fail, so no alarm means no reachable state fails.

use super::domain::{AState, Cell, Domain, Iv, Quantity, Tri};
use crate::runtime::error::{MAX_DEPTH, STEP_BUDGET};
use crate::runtime::expr::{Effect, Expr};
use crate::runtime::markup::Node as Markup;
use crate::runtime::model::{Choice, Move, Paragraph, PassageIdx, Story};
use crate::tools::randomtest::fallible_text;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

/// After this many updates of a node, its state is widened instead of joined.
const WIDEN_AFTER: u32 = 12;

/// A place where the proof cannot rule out a problem.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Alarm {
    /// The passage.
    pub passage: String,
    /// What may go wrong there.
    pub message: String,
}

/// What the abstract walk proved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Proof {
    /// (passage, tunnel stack) pairs the walk kept a state for.
    pub nodes: u32,
    /// Node updates until the fixpoint.
    pub iterations: u32,
    /// Problems not ruled out.
    pub alarms: Vec<Alarm>,
    /// Passages that may be reached, by index.
    #[serde(skip)]
    pub(super) reachable: Vec<bool>,
    /// Endings that may be reached, by id.
    #[serde(skip)]
    pub(super) endings: BTreeSet<String>,
}

struct Point {
    passage: PassageIdx,
    stack: Vec<PassageIdx>,
    state: AState,
    updates: u32,
}

struct Walk<'s> {
    d: Domain<'s>,
    nodes: Vec<Point>,
    index: HashMap<(PassageIdx, Vec<PassageIdx>), usize>,
    queue: VecDeque<usize>,
    queued: Vec<bool>,
    /// Fallback moves between nodes (automatic moves within one choice: the step budget).
    automatic: HashSet<(usize, usize)>,
    alarms: BTreeSet<Alarm>,
    /// By passage: whether its text or epilogue can fail for some values (range analysis).
    fallible: Vec<bool>,
    /// By pool: the variables its storylets' conditions read, and whether they read `turns`.
    pool_reads: BTreeMap<String, (BTreeSet<String>, bool)>,
    iterations: u32,
    /// Nodes where no choice is open in every state: checked by cases at the fixpoint.
    maybe_stuck: BTreeSet<usize>,
}

/// Runs the abstract walk of `story` to its fixpoint.
pub(super) fn prove(story: &Story) -> Proof {
    let mut pool_reads: BTreeMap<String, (BTreeSet<String>, bool)> = BTreeMap::new();
    for (pool, members) in &story.pools {
        let entry = pool_reads.entry(pool.clone()).or_default();
        for p in members.iter().filter_map(|&i| story.at(i)) {
            if let Some(when) = p.storylet.as_ref().and_then(|s| s.when.as_ref()) {
                when.visit_vars(&mut |v| {
                    entry.0.insert(v.to_owned());
                });
                entry.1 |= reads_turns(when);
            }
        }
    }
    let mut w = Walk {
        d: Domain::new(story),
        nodes: Vec::new(),
        index: HashMap::new(),
        queue: VecDeque::new(),
        queued: Vec::new(),
        automatic: HashSet::new(),
        alarms: BTreeSet::new(),
        fallible: fallible_text(story),
        pool_reads,
        iterations: 0,
        maybe_stuck: BTreeSet::new(),
    };
    let s = w.d.start();
    w.enter(story.start, Vec::new(), s, None);
    while let Some(n) = w.queue.pop_front() {
        if let Some(q) = w.queued.get_mut(n) {
            *q = false;
        }
        w.iterations += 1;
        w.visit(n);
    }
    w.check_budget();
    w.check_softlocks();
    let mut reachable = vec![false; story.passages.len()];
    let mut endings = BTreeSet::new();
    for n in &w.nodes {
        if let Some(r) = reachable.get_mut(n.passage as usize) {
            *r = true;
        }
        if let Some(e) = story
            .at(n.passage)
            .and_then(|p| p.ending)
            .and_then(|e| story.endings.get(e as usize))
        {
            endings.insert(e.id.clone());
        }
    }
    Proof {
        nodes: w.nodes.len() as u32,
        iterations: w.iterations,
        alarms: w.alarms.into_iter().collect(),
        reachable,
        endings,
    }
}

fn reads_turns(e: &Expr) -> bool {
    e.to_string().contains("turns")
}

impl Walk<'_> {
    fn alarm(&mut self, passage: PassageIdx, message: impl Into<String>) {
        let passage = self
            .d
            .story
            .at(passage)
            .map_or(String::new(), |p| p.id.clone());
        self.alarms.insert(Alarm {
            passage,
            message: message.into(),
        });
    }

    /// Enters passage `t` with tunnel stack `stack` from state `s` (counts the visit, runs
    /// `on_enter`) and joins the result into its node; `from` is the node of a fallback move.
    fn enter(&mut self, t: PassageIdx, stack: Vec<PassageIdx>, mut s: AState, from: Option<usize>) {
        let story = self.d.story;
        let Some(p) = story.at(t) else { return };
        if let Some(v) = s.visits.get_mut(t as usize) {
            *v = v.add_capped(1, i64::from(u32::MAX));
        }
        if let Some(c) = s.since.get_mut(t as usize) {
            *c = Iv::point(0);
        }
        let mut fails = false;
        self.d.apply(&p.on_enter, &mut s, &mut fails);
        if fails {
            self.alarm(
                t,
                "an `on_enter` effect may fail (division by zero or overflow)",
            );
        }
        let key = (t, stack);
        let n = match self.index.get(&key) {
            Some(&n) => {
                let node = &mut self.nodes[n];
                let mut joined = node.state.clone();
                joined.join(&s);
                if joined != node.state {
                    node.updates += 1;
                    if node.updates > WIDEN_AFTER {
                        self.d.widen(&mut node.state, &joined);
                    } else {
                        node.state = joined;
                    }
                    self.enqueue(n);
                }
                n
            }
            None => {
                let n = self.nodes.len();
                self.nodes.push(Point {
                    passage: t,
                    stack: key.1.clone(),
                    state: s,
                    updates: 0,
                });
                self.index.insert(key, n);
                self.queued.push(false);
                self.enqueue(n);
                n
            }
        };
        if let Some(f) = from {
            self.automatic.insert((f, n));
        }
    }

    fn enqueue(&mut self, n: usize) {
        if let Some(q @ false) = self.queued.get_mut(n) {
            *q = true;
            self.queue.push_back(n);
        }
    }

    /// Applies every move that can leave node `n`.
    fn visit(&mut self, n: usize) {
        let story = self.d.story;
        let (t, stack, s) = {
            let node = &self.nodes[n];
            (node.passage, node.stack.clone(), node.state.clone())
        };
        let Some(p) = story.at(t) else { return };
        self.check_text(t, &s);
        for a in &story.achievements {
            if let Some(when) = &a.when {
                let mut fails = false;
                self.d.truth(when, &s, &mut fails);
                if fails {
                    self.alarm(t, format!("achievement `{}`'s condition may fail", a.id));
                }
            }
        }
        if p.ending.is_some() {
            return;
        }
        let status: Vec<Tri> = p
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| self.open(t, i, c, &s))
            .collect();
        let shown_must = p
            .choices
            .iter()
            .zip(&status)
            .any(|(c, o)| !c.fallback && o.must());
        let fallback_must = p
            .choices
            .iter()
            .zip(&status)
            .any(|(c, o)| c.fallback && o.must());
        if !shown_must && !fallback_must {
            // Decided once, on the fixpoint's state (`check_softlocks`): case analysis is dear.
            self.maybe_stuck.insert(n);
        }
        for (i, c) in p.choices.iter().enumerate() {
            if !c.fallback && status.get(i).is_some_and(|o| o.may()) {
                self.take(n, t, &stack, c, &s, false);
            }
        }
        if shown_must {
            return;
        }
        // Settling: the first open fallback is taken while no other choice is enabled.
        for (i, c) in p.choices.iter().enumerate().filter(|(_, c)| c.fallback) {
            let o = status.get(i).copied().unwrap_or(Tri::No);
            if o.may() {
                self.take(n, t, &stack, c, &s, true);
            }
            if o.must() {
                break;
            }
        }
    }

    /// Whether some choice of `p` is open in every case of `s` split along what its choices'
    /// conditions test (each flag, once-only bit, string value, and integer cut at the constants it is
    /// compared with): complementary conditions (`x < 5`, `x >= 5`) then prove progress.
    fn progress_by_cases(
        &mut self,
        t: PassageIdx,
        p: &crate::runtime::model::Passage,
        s: &AState,
    ) -> bool {
        const MAX_CASES: usize = 20_000;
        let mut cuts: BTreeMap<Quantity, BTreeSet<i64>> = BTreeMap::new();
        for c in &p.choices {
            if let Some(cond) = &c.cond {
                self.d.cuts(cond, &mut cuts);
            }
            if let Some(k) = c.once_slot {
                cuts.entry(Quantity::Slot(k as usize)).or_default();
            }
        }
        let axes: Vec<(Quantity, BTreeSet<i64>)> = cuts.into_iter().collect();
        let mut budget = MAX_CASES;
        self.covered(t, p, s, &axes, &mut budget)
    }

    /// Case analysis, one quantity at a time (a quantity is split only where the choices do
    /// not decide yet): true when some choice is open in every case, false when a case may
    /// have none or `budget` cases run out.
    fn covered(
        &mut self,
        t: PassageIdx,
        p: &crate::runtime::model::Passage,
        s: &AState,
        axes: &[(Quantity, BTreeSet<i64>)],
        budget: &mut usize,
    ) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let status: Vec<Tri> = p
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| self.open(t, i, c, s))
            .collect();
        if status.iter().any(|o| o.must()) {
            return true;
        }
        if !status.iter().any(|o| o.may()) {
            return false;
        }
        let Some(((q, cuts), rest)) = axes.split_first() else {
            return false;
        };
        let cells: Vec<Cell> = self.d.cells(*q, cuts, s);
        if cells.len() <= 1 {
            return self.covered(t, p, s, rest, budget);
        }
        cells.iter().all(|cell| {
            let mut case = s.clone();
            self.d.set(*q, cell, &mut case);
            self.covered(t, p, &case, rest, budget)
        })
    }

    /// Whether choice `i` of passage `t` may be taken in `s` (not taken yet if once-only,
    /// its condition holds, its pool has an eligible storylet).
    fn open(&mut self, t: PassageIdx, _i: usize, c: &Choice, s: &AState) -> Tri {
        let mut open = match c.once_slot.and_then(|k| s.taken.get(k as usize)) {
            Some(2) => return Tri::No,
            Some(3) => Tri::Maybe,
            _ => Tri::Yes,
        };
        if let Some(cond) = &c.cond {
            let mut fails = false;
            open = open.and(self.d.truth(cond, s, &mut fails));
            if fails {
                self.alarm(
                    t,
                    "a choice's condition may fail (division by zero or overflow)",
                );
            }
        }
        if let (true, Move::Draw { pool, .. }) = (open.may(), &c.action) {
            let any = self
                .pool(pool, s)
                .iter()
                .fold(Tri::No, |acc, (_, e)| match (acc, e) {
                    (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
                    (Tri::No, Tri::No) => Tri::No,
                    _ => Tri::Maybe,
                });
            open = open.and(any);
        }
        open
    }

    /// The storylets of `pool` with whether each is eligible in `s`.
    fn pool(&mut self, pool: &str, s: &AState) -> Vec<(PassageIdx, Tri)> {
        let story = self.d.story;
        let Some(members) = story.pools.get(pool) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &j in members {
            let Some(st) = story.at(j).and_then(|p| p.storylet.as_ref()) else {
                continue;
            };
            let mut e = if st.weight == 0 { Tri::No } else { Tri::Yes };
            let visits = s.visits.get(j as usize).copied().unwrap_or(Iv::point(0));
            if let Some(m) = st.max_visits.map(i64::from) {
                e = e.and(if visits.lo >= m {
                    Tri::No
                } else if visits.hi < m {
                    Tri::Yes
                } else {
                    Tri::Maybe
                });
            }
            if let Some(c) = st.cooldown.map(i64::from) {
                let since = s.since.get(j as usize).copied().unwrap_or(Iv::point(c));
                e = e.and(if since.hi < c {
                    Tri::No
                } else if since.lo >= c {
                    Tri::Yes
                } else {
                    Tri::Maybe
                });
            }
            if let Some(when) = &st.when {
                let mut fails = false;
                e = e.and(self.d.truth(when, s, &mut fails));
                if fails {
                    self.alarm(
                        j,
                        "a storylet's `when` may fail (division by zero or overflow)",
                    );
                }
            }
            out.push((j, e));
        }
        out
    }

    /// Takes choice `c` of passage `t` (node `n`) from `s`: a move the player makes, or a
    /// fallback (`automatic`).
    fn take(
        &mut self,
        n: usize,
        t: PassageIdx,
        stack: &[PassageIdx],
        c: &Choice,
        s: &AState,
        automatic: bool,
    ) {
        let mut s = s.clone();
        if let Some(cond) = &c.cond {
            if !self.d.refine(cond, true, &mut s) {
                return;
            }
        }
        if let Some(b) = c.once_slot.and_then(|k| s.taken.get_mut(k as usize)) {
            *b = 2;
        }
        if !automatic {
            s.turn = s.turn.add_capped(1, i64::from(u32::MAX));
            for (since, &cap) in s.since.iter_mut().zip(&self.d.cooldown) {
                *since = since.add_capped(1, cap);
            }
        }
        let mut fails = false;
        self.d.apply(&c.effects, &mut s, &mut fails);
        if fails {
            self.alarm(
                t,
                "a choice's effect may fail (division by zero or overflow)",
            );
        }
        let from = automatic.then_some(n);
        let push = |w: &mut Self, ret: Option<PassageIdx>| {
            if stack.len() >= MAX_DEPTH {
                w.alarm(t, format!("tunnels may nest deeper than {MAX_DEPTH}"));
                return None;
            }
            let mut st = stack.to_vec();
            st.push(ret.unwrap_or(t));
            Some(st)
        };
        match &c.action {
            Move::Goto(target) => self.enter(*target, stack.to_vec(), s, from),
            Move::Call { target, ret } => {
                if let Some(st) = push(self, *ret) {
                    self.enter(*target, st, s, from);
                }
            }
            Move::Return => match stack.split_last() {
                Some((&back, rest)) => self.enter(back, rest.to_vec(), s, from),
                None => self.alarm(t, "may `return` outside any tunnel"),
            },
            Move::Draw { pool, ret } => {
                let eligible = self.pool(pool, &s);
                if !eligible.iter().any(|(_, e)| e.must()) && self.changes_pool(pool, c, automatic)
                {
                    self.alarm(t, format!("pool `{pool}` may have no eligible storylet"));
                }
                let top = eligible
                    .iter()
                    .filter(|(_, e)| e.must())
                    .filter_map(|(j, _)| story_priority(self.d.story, *j))
                    .max();
                let Some(st) = push(self, *ret) else { return };
                for (j, e) in eligible {
                    if !e.may() || story_priority(self.d.story, j) < top {
                        continue;
                    }
                    let mut s2 = s.clone();
                    if let Some(storylet) = self.d.story.at(j).and_then(|p| p.storylet.as_ref()) {
                        if let Some(when) = &storylet.when {
                            if !self.d.refine(when, true, &mut s2) {
                                continue;
                            }
                        }
                    }
                    self.enter(j, st.clone(), s2, from);
                }
            }
        }
    }

    /// Whether taking `c` may change which storylets of `pool` are eligible after the check
    /// that enabled it (its effects write what their conditions read, or the turn moves and
    /// they read `turns`). If not, that check guarantees the draw finds one.
    fn changes_pool(&self, pool: &str, c: &Choice, automatic: bool) -> bool {
        let Some((vars, turns)) = self.pool_reads.get(pool) else {
            return true;
        };
        (*turns && !automatic)
            || c.effects.iter().any(|e| match e {
                Effect::Assign { var, .. } => vars.contains(var),
                Effect::Achieve { .. } => false,
            })
    }

    /// Raises an alarm when passage `t`'s text (paragraphs, choices, epilogue) may fail in `s`.
    fn check_text(&mut self, t: PassageIdx, s: &AState) {
        if self.fallible.get(t as usize) != Some(&true) {
            return;
        }
        let story = self.d.story;
        let Some(p) = story.at(t) else { return };
        let mut fails = false;
        let mut exprs: Vec<&Expr> = Vec::new();
        paragraph_exprs(&p.text, &mut exprs);
        for c in &p.choices {
            node_exprs(&c.text, &mut exprs);
        }
        if let Some(e) = p.ending.and_then(|e| story.endings.get(e as usize)) {
            paragraph_exprs(&e.paragraphs, &mut exprs);
        }
        for e in exprs {
            self.d.eval(e, s, &mut fails);
        }
        if fails {
            self.alarm(t, "its text may fail (division by zero or overflow)");
        }
    }

    /// Raises a softlock alarm at each node where, in the fixpoint's state, case analysis
    /// cannot show that some choice is always open.
    fn check_softlocks(&mut self) {
        let story = self.d.story;
        for n in std::mem::take(&mut self.maybe_stuck) {
            let (t, s) = (self.nodes[n].passage, self.nodes[n].state.clone());
            let Some(p) = story.at(t) else { continue };
            if !self.progress_by_cases(t, p, &s) {
                self.alarm(t, "may have no enabled choice (a softlock)");
            }
        }
    }

    /// Raises an alarm when fallbacks may chain past the step budget: a cycle of fallback
    /// moves, or a chain longer than the budget.
    fn check_budget(&mut self) {
        let mut succ: HashMap<usize, Vec<usize>> = HashMap::new();
        for &(a, b) in &self.automatic {
            succ.entry(a).or_default().push(b);
        }
        // Longest chain from each node by depth-first search; a node met on the current path
        // is a cycle.
        let mut depth: HashMap<usize, u32> = HashMap::new();
        let mut on_path: HashSet<usize> = HashSet::new();
        let mut bad: Option<usize> = None;
        fn longest(
            n: usize,
            succ: &HashMap<usize, Vec<usize>>,
            depth: &mut HashMap<usize, u32>,
            on_path: &mut HashSet<usize>,
            bad: &mut Option<usize>,
        ) -> u32 {
            if let Some(&d) = depth.get(&n) {
                return d;
            }
            if !on_path.insert(n) {
                *bad = Some(n);
                return STEP_BUDGET;
            }
            let mut d = 0;
            for &m in succ.get(&n).map_or(&[][..], Vec::as_slice) {
                d = d.max(longest(m, succ, depth, on_path, bad).saturating_add(1));
            }
            on_path.remove(&n);
            depth.insert(n, d);
            d
        }
        let starts: Vec<usize> = succ.keys().copied().collect();
        for n in starts {
            if longest(n, &succ, &mut depth, &mut on_path, &mut bad) >= STEP_BUDGET {
                bad.get_or_insert(n);
            }
        }
        if let Some(n) = bad {
            let t = self.nodes[n].passage;
            self.alarm(
                t,
                format!("fallbacks may chain past {STEP_BUDGET} automatic moves (a loop)"),
            );
        }
    }
}

fn story_priority(story: &Story, j: PassageIdx) -> Option<i32> {
    story.at(j)?.storylet.as_ref().map(|s| s.priority)
}

fn paragraph_exprs<'a>(paragraphs: &'a [Paragraph], out: &mut Vec<&'a Expr>) {
    for p in paragraphs {
        match p {
            Paragraph::Text(nodes) => node_exprs(nodes, out),
            Paragraph::Cond {
                cond,
                then,
                otherwise,
            } => {
                out.push(cond);
                paragraph_exprs(then, out);
                paragraph_exprs(otherwise, out);
            }
        }
    }
}

fn node_exprs<'a>(nodes: &'a [Markup], out: &mut Vec<&'a Expr>) {
    for n in nodes {
        match n {
            Markup::Text(_) => {}
            Markup::Em(inner) | Markup::Strong(inner) => node_exprs(inner, out),
            Markup::Interp(e) => out.push(e),
            Markup::If {
                cond,
                then,
                otherwise,
            } => {
                out.push(cond);
                node_exprs(then, out);
                node_exprs(otherwise, out);
            }
            Markup::Vary { options, .. } => options.iter().for_each(|o| node_exprs(o, out)),
        }
    }
}
