//! What `quicktest` keeps of a state in its memo key: the parts that anything still ahead can
//! read (liveness over the passage graph), and of each integer only the class of values that
//! behave alike from here on. Not the walk itself (`quicktest.rs`).
//!
//! **Soundness.** Two states with the same key are at the same passage with the same tunnel
//! stack and achievements, and agree on everything a reachable later read can see: choice and
//! storylet conditions, effect right-hand sides (they can fail: `x = 10 / d`), text that can
//! fail (`{100 / d}`; range analysis decides, so `{stress + 5}` on a stat cannot), achievement
//! conditions (read after every move), once-only choices, visit counts, cooldowns and `turns`. Integers are kept as classes of a partition of their
//! values that (1) puts values on the same side of every constant any condition compares them
//! with (`skill >= 60` cuts at 60; `word(stress)` cuts at the word thresholds) and (2) is
//! stable under every effect the story applies to them (`+= 5`, `%+ 20`, `= 0`, with clamping),
//! so equal classes stay equal after any sequence of effects. Stats live in `min..=max`;
//! a counter that only grows keeps one class for every value at or above its highest cut
//! (one that only shrinks, below its lowest); visits and `turns` only grow, so they are kept
//! up to the highest count compared; a cooldown only up to its length. Anything else read in
//! a way this cannot follow (arithmetic, text that can fail) is kept exactly. By induction
//! over moves, merged states show the same choices, draw the same storylets, fail the same
//! way and reach the same passages.
//!
//! Two things are not followed: dice (`random(…)`) follow the run's seed, and a counter is taken
//! to stay within ±2^40 (`Story::int_range`), so `tickets += 1` cannot overflow.

use crate::front::expr::bounds;
use crate::runtime::expr::{BinOp, Effect, EffectOp, Expr, ExprKind, Func, UnOp};
use crate::runtime::markup::Node;
use crate::runtime::model::{Move, Paragraph, Story, VarKind};
use crate::runtime::rules::arith;
use crate::runtime::state::{State, Value};
use crate::tools::randomtest::fallible_text;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

/// A part of the state the key can keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Slot {
    /// A variable, by index into the story's variables.
    Var(u32),
    /// Visits of a passage (by index).
    Visits(u32),
    /// Turns since a storylet (by index) was last entered, for its cooldown.
    Since(u32),
    /// Choices taken so far.
    Turns,
    /// The once-only choices of a passage (by index) already taken.
    Taken(u32),
}

/// How reads see an integer quantity, gathered over the whole story.
#[derive(Clone, Debug, Default)]
struct Use {
    cuts: BTreeSet<i64>,
    exact: bool,
}

/// How the key keeps an integer variable.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Class {
    Exact,
    /// `ids[v - lo]` for `lo <= v < lo + ids.len()`; values past an end that `saturate`s take
    /// the end's class, other values outside are kept exactly.
    Table {
        lo: i64,
        ids: Vec<u32>,
        below: bool,
        above: bool,
    },
}

/// An effect on one variable, for the partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Op {
    Shift(i64),
    /// Fairmath: `up` for `%+`.
    Fair(bool, i64),
}

/// The memo key's view of states, per passage.
pub(super) struct Live {
    /// By passage: the slots its key keeps, sorted.
    at: Vec<Vec<Slot>>,
    /// By variable.
    classes: Vec<Class>,
    /// By passage: visits are kept up to this count (`None`: exactly).
    visit_caps: Vec<Option<u32>>,
    /// By passage: its cooldown.
    cooldowns: Vec<u32>,
    turn_cap: Option<u32>,
}

impl Live {
    /// Analyses `story` (a backward fixpoint over the passage graph).
    pub(super) fn new(story: &Story) -> Live {
        Analysis::new(story).run()
    }

    /// How many slots the key keeps at passage `idx` (for reports and tests).
    pub(super) fn kept(&self, idx: u32) -> &[Slot] {
        self.at.get(idx as usize).map_or(&[], Vec::as_slice)
    }

    /// The memo key of a state at passage `idx`: 128 bits, so that a collision (which would
    /// merge two different states) is out of reach at any state count the walk can hold.
    pub(super) fn key(&self, story: &Story, idx: u32, s: &State) -> u128 {
        let mut a = DefaultHasher::new();
        let mut b = DefaultHasher::new();
        0xA5u8.hash(&mut b);
        let mut put = |x: &dyn Fn(&mut DefaultHasher)| {
            x(&mut a);
            x(&mut b);
        };
        put(&|h| {
            idx.hash(h);
            s.stack.hash(h);
            s.achievements.hash(h);
        });
        for slot in self.kept(idx) {
            match *slot {
                Slot::Var(v) => {
                    let Some(var) = story.variables.get(v as usize) else {
                        continue;
                    };
                    let value = s.vars.get(&var.name);
                    let class = self.classes.get(v as usize).unwrap_or(&Class::Exact);
                    put(&|h| hash_class(class, value, h));
                }
                Slot::Visits(p) => {
                    let n = s.visits_at(p);
                    let cap = self.visit_caps.get(p as usize).copied().flatten();
                    put(&|h| cap.map_or(n, |c| n.min(c)).hash(h));
                }
                Slot::Since(p) => {
                    let last = s.last_visit_at(p);
                    let cap = self.cooldowns.get(p as usize).copied().unwrap_or(0);
                    let since = last.map(|l| s.turn.saturating_sub(l).min(cap));
                    put(&|h| since.hash(h));
                }
                Slot::Turns => {
                    let t = self.turn_cap.map_or(s.turn, |c| s.turn.min(c));
                    put(&|h| t.hash(h));
                }
                Slot::Taken(p) => {
                    let Some(p) = story.at(p) else { continue };
                    for slot in p.choices.iter().filter_map(|c| c.once_slot) {
                        let taken = s.is_taken(slot);
                        put(&|h| taken.hash(h));
                    }
                }
            }
        }
        (u128::from(a.finish()) << 64) | u128::from(b.finish())
    }
}

fn hash_class(class: &Class, value: Option<&Value>, h: &mut DefaultHasher) {
    match (class, value) {
        (
            Class::Table {
                lo,
                ids,
                below,
                above,
            },
            Some(Value::Int(n)),
        ) => {
            let hi = lo.saturating_add(ids.len() as i64 - 1);
            let id = if *n < *lo {
                below.then(|| ids.first()).flatten()
            } else if *n > hi {
                above.then(|| ids.last()).flatten()
            } else {
                ids.get((n - lo) as usize)
            };
            match id {
                Some(id) => (0u8, id).hash(h),
                None => (1u8, n).hash(h),
            }
        }
        (_, Some(Value::Int(n))) => (1u8, n).hash(h),
        (_, Some(Value::Bool(b))) => (2u8, b).hash(h),
        (_, Some(Value::Str(t))) => (3u8, t).hash(h),
        (_, None) => 4u8.hash(h),
    }
}

struct Analysis<'s> {
    story: &'s Story,
    vars: HashMap<&'s str, u32>,
    uses: BTreeMap<Slot, Use>,
    /// Set when scanned text holds `{seq:…}`-style variants (they read the passage's visits).
    vary: bool,
}

/// Visits of a passage compared with a number: the passage's index.
fn visits_arg(story: &Story, args: &[Expr]) -> Option<u32> {
    match &args.first()?.kind {
        ExprKind::Str(id) => story.index.get(id).copied(),
        _ => None,
    }
}

/// A constant integer (a literal, possibly negated).
fn constant(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Int(n) => Some(*n),
        ExprKind::Unary(UnOp::Neg, inner) => constant(inner)?.checked_neg(),
        _ => None,
    }
}

impl<'s> Analysis<'s> {
    fn new(story: &'s Story) -> Analysis<'s> {
        let vars = story
            .variables
            .iter()
            .enumerate()
            .map(|(i, v)| (v.name.as_str(), i as u32))
            .collect();
        Analysis {
            story,
            vars,
            uses: BTreeMap::new(),
            vary: false,
        }
    }

    /// The quantity an integer expression names, if it is one the key can follow.
    fn quantity(&self, e: &Expr) -> Option<Slot> {
        match &e.kind {
            ExprKind::Var(name) => self.vars.get(name.as_str()).map(|&v| Slot::Var(v)),
            ExprKind::Call(Func::Visits, args) => visits_arg(self.story, args).map(Slot::Visits),
            ExprKind::Turns => Some(Slot::Turns),
            _ => None,
        }
    }

    fn cut(&mut self, slot: Slot, points: impl IntoIterator<Item = i64>) {
        self.uses.entry(slot).or_default().cuts.extend(points);
    }

    fn exact(&mut self, slot: Slot) {
        self.uses.entry(slot).or_default().exact = true;
    }

    /// Adds what `e` reads to `into`, and how (cut points or exactly) to `self.uses`.
    fn scan(&mut self, e: &Expr, into: &mut BTreeSet<Slot>) {
        match &e.kind {
            ExprKind::Binary(op, a, b) => {
                let pair = match (self.quantity(a), constant(b), constant(a), self.quantity(b)) {
                    (Some(q), Some(t), _, _) => cuts(*op, t, false).map(|c| (q, c)),
                    (_, _, Some(t), Some(q)) => cuts(*op, t, true).map(|c| (q, c)),
                    _ => None,
                };
                match pair {
                    Some((q, points)) => {
                        into.insert(q);
                        self.cut(q, points);
                    }
                    None => {
                        self.scan(a, into);
                        self.scan(b, into);
                    }
                }
            }
            ExprKind::Call(Func::Word, args) => {
                if let Some(ExprKind::Var(name)) = args.first().map(|a| &a.kind) {
                    if let (Some(&v), Some(decl)) =
                        (self.vars.get(name.as_str()), self.story.variable(name))
                    {
                        into.insert(Slot::Var(v));
                        let points: Vec<i64> = decl.words.iter().map(|(t, _)| *t).collect();
                        self.cut(Slot::Var(v), points);
                    }
                }
            }
            ExprKind::Var(_) | ExprKind::Turns | ExprKind::Call(Func::Visits, _) => {
                if let Some(q) = self.quantity(e) {
                    into.insert(q);
                    self.exact(q);
                }
            }
            ExprKind::Call(_, args) => args.iter().for_each(|a| self.scan(a, into)),
            ExprKind::Unary(_, a) => self.scan(a, into),
            ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Str(_) => {}
        }
    }

    /// Everything `e` reads, kept exactly.
    fn scan_exact(&mut self, e: &Expr, into: &mut BTreeSet<Slot>) {
        let mut reads = BTreeSet::new();
        self.scan(e, &mut reads);
        for q in reads {
            self.exact(q);
            into.insert(q);
        }
    }

    /// Reads of text that can fail (all of it, exactly: which branch runs decides the error).
    fn scan_text(&mut self, paragraphs: &[Paragraph], into: &mut BTreeSet<Slot>) {
        for p in paragraphs {
            match p {
                Paragraph::Text(nodes) => self.scan_nodes(nodes, into),
                Paragraph::Cond {
                    cond,
                    then,
                    otherwise,
                } => {
                    self.scan_exact(cond, into);
                    self.scan_text(then, into);
                    self.scan_text(otherwise, into);
                }
            }
        }
    }

    fn scan_nodes(&mut self, nodes: &[Node], into: &mut BTreeSet<Slot>) {
        for n in nodes {
            match n {
                Node::Text(_) => {}
                Node::Em(inner) | Node::Strong(inner) => self.scan_nodes(inner, into),
                Node::Interp(e) => self.scan_exact(e, into),
                Node::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    self.scan_exact(cond, into);
                    self.scan_nodes(then, into);
                    self.scan_nodes(otherwise, into);
                }
                Node::Vary { options, .. } => {
                    self.vary = true;
                    options.iter().for_each(|o| self.scan_nodes(o, into));
                }
            }
        }
    }

    /// What is live before `effects` run, given what is live after (`live`); effects are
    /// applied in order, so they are undone in reverse.
    fn transfer(&mut self, effects: &[Effect], live: &mut BTreeSet<Slot>) {
        for effect in effects.iter().rev() {
            let Effect::Assign { var, op, value, .. } = effect else {
                continue;
            };
            let Some(&v) = self.vars.get(var.as_str()) else {
                continue;
            };
            let target = Slot::Var(v);
            let fails = self.effect_fails(v, *op, value);
            if live.contains(&target) || fails {
                if *op == EffectOp::Set {
                    live.remove(&target);
                } else {
                    live.insert(target);
                }
                let mut reads = BTreeSet::new();
                self.scan(value, &mut reads);
                live.extend(reads);
            }
        }
    }

    /// Whether an effect can fail for some values in range (`x = 10 / d`; `x += d` overflowing).
    fn effect_fails(&self, v: u32, op: EffectOp, value: &Expr) -> bool {
        let story = self.story;
        let range = |name: &str| story.int_range(name);
        let Some((lo, hi)) = bounds(value, &range) else {
            return true;
        };
        let target = story
            .variables
            .get(v as usize)
            .and_then(|d| story.int_range(&d.name));
        match (op, target) {
            (EffectOp::Add | EffectOp::Sub, Some((tlo, thi))) => {
                let (tlo, thi) = (i128::from(tlo), i128::from(thi));
                let (a, b) = if op == EffectOp::Add {
                    (tlo + lo, thi + hi)
                } else {
                    (tlo - hi, thi - lo)
                };
                a < i128::from(i64::MIN) || b > i128::from(i64::MAX)
            }
            _ => false,
        }
    }

    fn run(mut self) -> Live {
        let story = self.story;
        let n = story.passages.len();
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
        // Achievement conditions are read after every move: live everywhere (kept so that
        // achievement coverage is exact too, and a condition that can fail is followed).
        let mut global = BTreeSet::new();
        for a in &story.achievements {
            if let Some(w) = &a.when {
                self.scan(w, &mut global);
            }
        }
        let fallible = fallible_text(story);
        // Per passage: what it reads itself; per choice: successors and what a draw reads
        // after the choice's effects.
        let mut own: Vec<BTreeSet<Slot>> = vec![global.clone(); n];
        let mut succ: Vec<Vec<(Vec<u32>, BTreeSet<Slot>)>> = vec![Vec::new(); n];
        for (i, p) in story.passages.iter().enumerate() {
            let mut mine = BTreeSet::new();
            if fallible.get(i) == Some(&true) {
                self.vary = false;
                self.scan_text(&p.text, &mut mine);
                for c in &p.choices {
                    self.scan_nodes(&c.text, &mut mine);
                }
                if let Some(e) = p.ending.and_then(|e| story.endings.get(e as usize)) {
                    self.scan_text(&e.paragraphs, &mut mine);
                }
                if self.vary {
                    mine.insert(Slot::Visits(i as u32));
                    self.exact(Slot::Visits(i as u32));
                }
            }
            for c in &p.choices {
                if c.once {
                    mine.insert(Slot::Taken(i as u32));
                }
                if let Some(cond) = &c.cond {
                    self.scan(cond, &mut mine);
                }
                let mut after = BTreeSet::new();
                let targets = match &c.action {
                    Move::Goto(t) => vec![*t],
                    Move::Call { target, ret } => vec![*target, ret.unwrap_or(i as u32)],
                    Move::Return => resumes.clone(),
                    Move::Draw { pool, .. } => {
                        let members = story.pools.get(pool).cloned().unwrap_or_default();
                        for &m in &members {
                            let Some(s) = story.at(m).and_then(|p| p.storylet.as_ref()) else {
                                continue;
                            };
                            if let Some(w) = &s.when {
                                self.scan(w, &mut after);
                            }
                            if let Some(max) = s.max_visits {
                                after.insert(Slot::Visits(m));
                                self.cut(Slot::Visits(m), [i64::from(max)]);
                            }
                            if s.cooldown.is_some() {
                                after.insert(Slot::Since(m));
                            }
                        }
                        // Whether the choice is open reads the pool before the effects too.
                        mine.extend(after.iter().copied());
                        members
                    }
                };
                succ[i].push((targets, after));
            }
            own[i].extend(mine);
        }
        // Effects: a right-hand side is read like a condition (`x = skill >= 60` needs only
        // skill's side of 60; `x = weeks` or `x = 10 / d` needs the exact value).
        let mut ops: Vec<(Vec<Op>, bool)> = vec![(Vec::new(), false); story.variables.len()];
        let mut sets: Vec<Vec<i64>> = vec![Vec::new(); story.variables.len()];
        for p in &story.passages {
            for e in p
                .on_enter
                .iter()
                .chain(p.choices.iter().flat_map(|c| c.effects.iter()))
            {
                let Effect::Assign { var, op, value, .. } = e else {
                    continue;
                };
                let mut reads = BTreeSet::new();
                self.scan(value, &mut reads);
                let Some(&v) = self.vars.get(var.as_str()) else {
                    continue;
                };
                let (list, exact) = &mut ops[v as usize];
                match (op, constant(value), random_span(value)) {
                    (EffectOp::Set, Some(k), _) => sets[v as usize].push(k),
                    (EffectOp::Set, None, _) => {}
                    (EffectOp::Add, Some(k), _) => list.push(Op::Shift(k)),
                    (EffectOp::Sub, Some(k), _) => list.push(Op::Shift(k.saturating_neg())),
                    (EffectOp::Add | EffectOp::Sub, None, Some((a, b))) => {
                        let sign = if *op == EffectOp::Sub { -1 } else { 1 };
                        list.extend((a..=b).map(|k| Op::Shift(sign * k)));
                    }
                    (EffectOp::FairAdd | EffectOp::FairSub, Some(k), _) => {
                        list.push(Op::Fair(*op == EffectOp::FairAdd, k));
                    }
                    _ => *exact = true,
                }
            }
        }
        // The fixpoint: live at a passage = its own reads ∪, per choice, what its effects need
        // for what its successors need on entry.
        let mut at = own.clone();
        let mut entry: Vec<BTreeSet<Slot>> = vec![BTreeSet::new(); n];
        let mut changed = true;
        while changed {
            changed = false;
            for i in (0..n).rev() {
                let p = &story.passages[i];
                let mut now = own[i].clone();
                for (c, (targets, after)) in p.choices.iter().zip(&succ[i]) {
                    let mut live = after.clone();
                    for &t in targets {
                        live.extend(entry.get(t as usize).into_iter().flatten().copied());
                    }
                    self.transfer(&c.effects, &mut live);
                    now.extend(live);
                }
                let mut before = now.clone();
                self.transfer(&p.on_enter, &mut before);
                before.remove(&Slot::Since(i as u32));
                before.extend(global.iter().copied());
                if now != at[i] || before != entry[i] {
                    at[i] = now;
                    entry[i] = before;
                    changed = true;
                }
            }
        }
        let classes: Vec<Class> = (0..story.variables.len() as u32)
            .map(|v| {
                let (list, exact) = &ops[v as usize];
                self.class(v, list, *exact, &sets[v as usize])
            })
            .collect();
        let cap = |slot: Slot| -> Option<u32> {
            let u = self.uses.get(&slot)?;
            if u.exact {
                return None;
            }
            let top = u.cuts.last().copied().unwrap_or(0).max(0);
            Some(u32::try_from(top).unwrap_or(u32::MAX))
        };
        Live {
            at: at.into_iter().map(|s| s.into_iter().collect()).collect(),
            classes,
            visit_caps: (0..n as u32)
                .map(|p| {
                    cap(Slot::Visits(p))
                        .or((!self.uses.contains_key(&Slot::Visits(p))).then_some(0))
                })
                .collect(),
            cooldowns: story
                .passages
                .iter()
                .map(|p| p.storylet.as_ref().and_then(|s| s.cooldown).unwrap_or(0))
                .collect(),
            turn_cap: cap(Slot::Turns),
        }
    }

    /// The partition of an integer variable's values (see the module header).
    fn class(&self, v: u32, ops: &[Op], exact: bool, sets: &[i64]) -> Class {
        let Some(decl) = self.story.variables.get(v as usize) else {
            return Class::Exact;
        };
        let Some(u) = self.uses.get(&Slot::Var(v)) else {
            return Class::Exact;
        };
        if exact || u.exact || u.cuts.is_empty() {
            return Class::Exact;
        }
        let start = match decl.start {
            Value::Int(n) => n,
            _ => return Class::Exact,
        };
        let (lo, hi, below, above) = match decl.kind {
            VarKind::Stat => (decl.min, decl.max, false, false),
            VarKind::Counter => {
                let up = ops.iter().all(|o| matches!(o, Op::Shift(k) if *k >= 0));
                let down = ops.iter().all(|o| matches!(o, Op::Shift(k) if *k <= 0));
                let min_cut = u.cuts.first().copied().unwrap_or(0);
                let max_cut = u.cuts.last().copied().unwrap_or(0);
                let known = sets.iter().copied().chain([start]);
                if up {
                    let lo = known.chain([min_cut]).min().unwrap_or(min_cut);
                    (lo, max_cut.max(lo), false, true)
                } else if down {
                    let hi = known.chain([max_cut]).max().unwrap_or(max_cut);
                    (min_cut.min(hi), hi, true, false)
                } else {
                    return Class::Exact;
                }
            }
            VarKind::Flag | VarKind::String => return Class::Exact,
        };
        let Some(size) = hi.checked_sub(lo).and_then(|d| usize::try_from(d).ok()) else {
            return Class::Exact;
        };
        if size >= 100_000 {
            return Class::Exact;
        }
        let apply = |op: Op, x: i64| -> i64 {
            let y = match op {
                Op::Shift(k) => x.saturating_add(k),
                Op::Fair(up, k) => {
                    let f = if up {
                        EffectOp::FairAdd
                    } else {
                        EffectOp::FairSub
                    };
                    arith(f, x, k, decl.min, decl.max).unwrap_or(x)
                }
            };
            y.clamp(lo, hi)
        };
        let values: Vec<i64> = (lo..=hi).collect();
        let mut ids: Vec<u32> = values
            .iter()
            .map(|x| u.cuts.range(..=x).count() as u32)
            .collect();
        let mut count = u.cuts.range(..=hi).count() - u.cuts.range(..=lo).count() + 1;
        let mut ops = ops.to_vec();
        ops.sort_unstable();
        ops.dedup();
        loop {
            let mut sigs: HashMap<Vec<u32>, u32> = HashMap::new();
            let next: Vec<u32> = values
                .iter()
                .map(|&x| {
                    let mut sig = vec![ids[(x - lo) as usize]];
                    sig.extend(ops.iter().map(|&o| ids[(apply(o, x) - lo) as usize]));
                    let fresh = sigs.len() as u32;
                    *sigs.entry(sig).or_insert(fresh)
                })
                .collect();
            ids = next;
            if sigs.len() == count {
                break;
            }
            count = sigs.len();
        }
        Class::Table {
            lo,
            ids,
            below,
            above,
        }
    }
}

/// `random(a, b)` with constant bounds spanning at most 32 values.
fn random_span(e: &Expr) -> Option<(i64, i64)> {
    let ExprKind::Call(Func::Random, args) = &e.kind else {
        return None;
    };
    let a = constant(args.first()?)?;
    let b = constant(args.get(1)?)?;
    let (a, b) = (a.min(b), a.max(b));
    (b.checked_sub(a)? <= 32).then_some((a, b))
}

/// Cut points of `q op t` (`flipped` when written `t op q`): where the comparison can change.
fn cuts(op: BinOp, t: i64, flipped: bool) -> Option<Vec<i64>> {
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
}
