//! The abstract domain of quicktest's proof (`proof.rs`): a set of values per variable
//! (intervals for integers, subsets of {false, true} for flags, small sets of strings), visit
//! counts, cooldown clocks, once-only bits and the turn as intervals; expressions evaluated
//! to such sets with a "may fail" flag; conditions refining a state; effects applied to one.
//! Not the walk (`proof.rs`).
//!
//! **Soundness.** Every operation over-approximates: the abstract result of an expression
//! holds every value the expression can take in any concrete state the abstract one stands for,
//! and "may fail" is set whenever one of them can fail (division by zero, overflow). A counter
//! is taken to stay within ±2^40, as `Story::int_range` documents for the range analysis.

use crate::runtime::expr::{BinOp, Effect, EffectOp, Expr, ExprKind, Func, UnOp};
use crate::runtime::model::{Story, VarKind};
use crate::runtime::rules::arith;
use crate::runtime::state::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Bound of counters (see the module note).
const COUNTER: i64 = 1 << 40;
/// A string variable holding more values than this is taken to hold any string.
const MAX_STRINGS: usize = 8;

/// A closed interval of integers, `lo <= hi`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Iv {
    pub lo: i64,
    pub hi: i64,
}

impl Iv {
    pub(super) fn point(n: i64) -> Iv {
        Iv { lo: n, hi: n }
    }

    fn join(self, o: Iv) -> Iv {
        Iv {
            lo: self.lo.min(o.lo),
            hi: self.hi.max(o.hi),
        }
    }

    fn meet(self, o: Iv) -> Option<Iv> {
        let (lo, hi) = (self.lo.max(o.lo), self.hi.min(o.hi));
        (lo <= hi).then_some(Iv { lo, hi })
    }

    fn clamp(self, lo: i64, hi: i64) -> Iv {
        Iv {
            lo: self.lo.clamp(lo, hi),
            hi: self.hi.clamp(lo, hi),
        }
    }

    /// Adds `n` to both ends, saturating at `cap`.
    pub(super) fn add_capped(self, n: i64, cap: i64) -> Iv {
        Iv {
            lo: self.lo.saturating_add(n).min(cap),
            hi: self.hi.saturating_add(n).min(cap),
        }
    }

    /// Widening with thresholds: an end that moved jumps to the next threshold past it (or the
    /// bound), so that every chain of widenings is finite.
    fn widen(self, new: Iv, thresholds: &[i64], bound: Iv) -> Iv {
        let lo = if new.lo < self.lo {
            thresholds
                .iter()
                .rev()
                .find(|&&t| t <= new.lo && t >= bound.lo)
                .copied()
                .unwrap_or(bound.lo)
        } else {
            self.lo
        };
        let hi = if new.hi > self.hi {
            thresholds
                .iter()
                .find(|&&t| t >= new.hi && t <= bound.hi)
                .copied()
                .unwrap_or(bound.hi)
        } else {
            self.hi
        };
        Iv { lo, hi }
    }
}

/// Three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tri {
    No,
    Yes,
    Maybe,
}

impl Tri {
    pub(super) fn may(self) -> bool {
        self != Tri::No
    }
    pub(super) fn must(self) -> bool {
        self == Tri::Yes
    }
    fn from_bits(bits: u8) -> Tri {
        match bits {
            BOTH => Tri::Maybe,
            TRUE => Tri::Yes,
            _ => Tri::No,
        }
    }
    pub(super) fn and(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Maybe,
        }
    }
}

const FALSE: u8 = 1;
const TRUE: u8 = 2;
const BOTH: u8 = 3;

fn bits(b: bool) -> u8 {
    if b {
        TRUE
    } else {
        FALSE
    }
}

/// The values a variable (or an expression) may hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum AVal {
    Int(Iv),
    /// Bit 1: may be false; bit 2: may be true.
    Bool(u8),
    /// `None`: any string.
    Str(Option<BTreeSet<String>>),
}

impl AVal {
    fn of(v: &Value) -> AVal {
        match v {
            Value::Int(n) => AVal::Int(Iv::point(*n)),
            Value::Bool(b) => AVal::Bool(bits(*b)),
            Value::Str(s) => AVal::Str(Some(BTreeSet::from([s.clone()]))),
        }
    }

    fn truth(&self) -> Tri {
        match self {
            AVal::Bool(b) => Tri::from_bits(*b),
            _ => Tri::No,
        }
    }

    fn join(&self, o: &AVal) -> AVal {
        match (self, o) {
            (AVal::Int(a), AVal::Int(b)) => AVal::Int(a.join(*b)),
            (AVal::Bool(a), AVal::Bool(b)) => AVal::Bool(a | b),
            (AVal::Str(Some(a)), AVal::Str(Some(b))) => {
                let u: BTreeSet<String> = a.union(b).cloned().collect();
                AVal::Str((u.len() <= MAX_STRINGS).then_some(u))
            }
            _ => AVal::Str(None),
        }
    }

    /// A known single value.
    fn single(&self) -> Option<Value> {
        match self {
            AVal::Int(i) if i.lo == i.hi => Some(Value::Int(i.lo)),
            AVal::Bool(TRUE) => Some(Value::Bool(true)),
            AVal::Bool(FALSE) => Some(Value::Bool(false)),
            AVal::Str(Some(s)) if s.len() == 1 => s.first().cloned().map(Value::Str),
            _ => None,
        }
    }

    /// Whether no value is in both.
    fn disjoint(&self, o: &AVal) -> bool {
        match (self, o) {
            (AVal::Int(a), AVal::Int(b)) => a.meet(*b).is_none(),
            (AVal::Bool(a), AVal::Bool(b)) => a & b == 0,
            (AVal::Str(Some(a)), AVal::Str(Some(b))) => a.is_disjoint(b),
            (AVal::Str(_), AVal::Str(_)) => false,
            // Values of different types are never equal.
            _ => true,
        }
    }
}

/// An abstract state: the concrete states at one passage (and tunnel stack) it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct AState {
    /// By variable index.
    pub vars: Vec<AVal>,
    /// By passage index.
    pub visits: Vec<Iv>,
    /// By passage index: turns since it was last entered, capped at its cooldown (at the cap
    /// while never entered; always 0 for passages without a cooldown).
    pub since: Vec<Iv>,
    /// By once-only slot: bit 1 not taken, bit 2 taken.
    pub taken: Vec<u8>,
    pub turn: Iv,
}

impl AState {
    pub(super) fn join(&mut self, o: &AState) {
        for (a, b) in self.vars.iter_mut().zip(&o.vars) {
            *a = a.join(b);
        }
        for (a, b) in self.visits.iter_mut().zip(&o.visits) {
            *a = a.join(*b);
        }
        for (a, b) in self.since.iter_mut().zip(&o.since) {
            *a = a.join(*b);
        }
        for (a, b) in self.taken.iter_mut().zip(&o.taken) {
            *a |= b;
        }
        self.turn = self.turn.join(o.turn);
    }
}

/// The story's facts the domain needs: variable indices and bounds, cooldowns, thresholds.
pub(super) struct Domain<'s> {
    pub story: &'s Story,
    vars: HashMap<&'s str, usize>,
    /// By variable: the interval it can never leave.
    bounds: Vec<Iv>,
    /// By passage: its cooldown (0 without).
    pub cooldown: Vec<i64>,
    /// The constants conditions compare with (±1), sorted: where widening stops first.
    thresholds: Vec<i64>,
}

/// Visits and turns never leave this.
const COUNT: Iv = Iv {
    lo: 0,
    hi: u32::MAX as i64,
};

impl<'s> Domain<'s> {
    pub(super) fn new(story: &'s Story) -> Domain<'s> {
        let vars = story
            .variables
            .iter()
            .enumerate()
            .map(|(i, v)| (v.name.as_str(), i))
            .collect();
        let bounds = story
            .variables
            .iter()
            .map(|v| match v.kind {
                VarKind::Stat => Iv {
                    lo: v.min,
                    hi: v.max,
                },
                _ => Iv {
                    lo: -COUNTER,
                    hi: COUNTER,
                },
            })
            .collect();
        let cooldown = story
            .passages
            .iter()
            .map(|p| i64::from(p.storylet.as_ref().and_then(|s| s.cooldown).unwrap_or(0)))
            .collect();
        let mut t = BTreeSet::new();
        let mut lit = |e: &Expr| literals(e, &mut t);
        for p in &story.passages {
            for c in &p.choices {
                c.cond.iter().for_each(&mut lit);
            }
            if let Some(s) = &p.storylet {
                s.when.iter().for_each(&mut lit);
                if let Some(m) = s.max_visits {
                    lit(&Expr {
                        kind: ExprKind::Int(i64::from(m)),
                        span: Default::default(),
                    });
                }
            }
        }
        let thresholds = t
            .into_iter()
            .flat_map(|n: i64| [n.saturating_sub(1), n, n.saturating_add(1)])
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Domain {
            story,
            vars,
            bounds,
            cooldown,
            thresholds,
        }
    }

    /// The state a new run starts in, before entering any passage.
    pub(super) fn start(&self) -> AState {
        let n = self.story.passages.len();
        AState {
            vars: self
                .story
                .variables
                .iter()
                .map(|v| AVal::of(&v.start))
                .collect(),
            visits: vec![Iv::point(0); n],
            since: self.cooldown.iter().map(|&c| Iv::point(c)).collect(),
            taken: vec![FALSE; self.story.once_slots as usize],
            turn: Iv::point(0),
        }
    }

    /// `old` widened by `new` (which includes it).
    pub(super) fn widen(&self, old: &mut AState, new: &AState) {
        let t = &self.thresholds;
        for ((a, b), bound) in old.vars.iter_mut().zip(&new.vars).zip(&self.bounds) {
            *a = match (&*a, b) {
                (AVal::Int(x), AVal::Int(y)) => AVal::Int(x.widen(*y, t, *bound)),
                _ => a.join(b),
            };
        }
        for (a, b) in old.visits.iter_mut().zip(&new.visits) {
            *a = a.widen(*b, t, COUNT);
        }
        for ((a, b), &c) in old.since.iter_mut().zip(&new.since).zip(&self.cooldown) {
            *a = a.widen(*b, &[], Iv { lo: 0, hi: c });
        }
        for (a, b) in old.taken.iter_mut().zip(&new.taken) {
            *a |= b;
        }
        old.turn = old.turn.widen(new.turn, t, COUNT);
    }

    fn var(&self, name: &str) -> Option<usize> {
        self.vars.get(name).copied()
    }

    /// The values `e` can take in `s`; sets `fails` when evaluating it may fail.
    pub(super) fn eval(&self, e: &Expr, s: &AState, fails: &mut bool) -> AVal {
        let any_int = AVal::Int(Iv {
            lo: i64::MIN,
            hi: i64::MAX,
        });
        match &e.kind {
            ExprKind::Int(n) => AVal::Int(Iv::point(*n)),
            ExprKind::Bool(b) => AVal::Bool(bits(*b)),
            ExprKind::Str(t) => AVal::Str(Some(BTreeSet::from([t.clone()]))),
            ExprKind::Var(name) => self
                .var(name)
                .and_then(|i| s.vars.get(i).cloned())
                .unwrap_or(AVal::Str(None)),
            ExprKind::Turns => AVal::Int(s.turn),
            ExprKind::Call(Func::Visits, args) => match args.first().map(|a| &a.kind) {
                Some(ExprKind::Str(id)) => self
                    .story
                    .idx(id)
                    .and_then(|i| s.visits.get(i as usize))
                    .map_or(any_int.clone(), |v| AVal::Int(*v)),
                _ => any_int,
            },
            ExprKind::Call(Func::Word, args) => self.word(args.first(), s),
            ExprKind::Call(func, args) => {
                let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
                    return any_int;
                };
                let (AVal::Int(x), AVal::Int(y)) = (self.eval(a, s, fails), self.eval(b, s, fails))
                else {
                    return any_int;
                };
                AVal::Int(match func {
                    Func::Min => Iv {
                        lo: x.lo.min(y.lo),
                        hi: x.hi.min(y.hi),
                    },
                    Func::Max => Iv {
                        lo: x.lo.max(y.lo),
                        hi: x.hi.max(y.hi),
                    },
                    _ => x.join(y),
                })
            }
            ExprKind::Unary(UnOp::Not, inner) => match self.eval(inner, s, fails) {
                AVal::Bool(b) => AVal::Bool(((b & FALSE) << 1) | ((b & TRUE) >> 1)),
                other => other,
            },
            ExprKind::Unary(UnOp::Neg, inner) => match self.eval(inner, s, fails) {
                AVal::Int(x) => {
                    if x.lo == i64::MIN {
                        *fails = true;
                    }
                    AVal::Int(Iv {
                        lo: x.hi.saturating_neg(),
                        hi: x.lo.saturating_neg(),
                    })
                }
                other => other,
            },
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
                let x = self.eval(a, s, fails).truth();
                // The right side runs only when the left does not decide.
                let decides = if *op == BinOp::And { Tri::No } else { Tri::Yes };
                if x == decides {
                    return AVal::Bool(bits(x == Tri::Yes));
                }
                let y = self.eval(b, s, fails).truth();
                let r = match (op, x, y) {
                    (BinOp::And, _, _) => x.and(y),
                    (_, Tri::Yes, _) | (_, _, Tri::Yes) => Tri::Yes,
                    (_, Tri::No, Tri::No) => Tri::No,
                    _ => Tri::Maybe,
                };
                AVal::Bool(tri_bits(r))
            }
            ExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne), a, b) => {
                let x = self.eval(a, s, fails);
                let y = self.eval(b, s, fails);
                let eq = match (x.single(), y.single()) {
                    (Some(p), Some(q)) => bits(p == q),
                    _ if x.disjoint(&y) => FALSE,
                    _ => BOTH,
                };
                AVal::Bool(if *op == BinOp::Eq { eq } else { flip(eq) })
            }
            ExprKind::Binary(op, a, b) => {
                let (AVal::Int(x), AVal::Int(y)) = (self.eval(a, s, fails), self.eval(b, s, fails))
                else {
                    return any_int;
                };
                binary(*op, x, y, fails)
            }
        }
    }

    /// The words a stat's value can have in `s`.
    fn word(&self, arg: Option<&Expr>, s: &AState) -> AVal {
        let Some(ExprKind::Var(name)) = arg.map(|a| &a.kind) else {
            return AVal::Str(None);
        };
        let (Some(v), Some(AVal::Int(x))) = (
            self.story.variable(name),
            self.var(name).and_then(|i| s.vars.get(i)),
        ) else {
            return AVal::Str(None);
        };
        if v.words.is_empty() {
            return AVal::Str(Some(BTreeSet::from([String::new()])));
        }
        let mut out = BTreeSet::new();
        for (k, (t, w)) in v.words.iter().enumerate() {
            let lo = if k == 0 { i64::MIN } else { *t };
            let hi = v.words.get(k + 1).map_or(i64::MAX, |(n, _)| n - 1);
            if (Iv { lo, hi }).meet(*x).is_some() {
                out.insert(w.clone());
            }
        }
        AVal::Str(Some(out))
    }

    /// Whether `e` holds in `s`; sets `fails` when evaluating it may fail.
    pub(super) fn truth(&self, e: &Expr, s: &AState, fails: &mut bool) -> Tri {
        self.eval(e, s, fails).truth()
    }

    /// Narrows `s` to the states where `e` evaluates to `want`; false when there are none.
    pub(super) fn refine(&self, e: &Expr, want: bool, s: &mut AState) -> bool {
        let mut ignore = false;
        match self.truth(e, s, &mut ignore) {
            Tri::Yes if !want => return false,
            Tri::No if want => return false,
            Tri::Maybe => {}
            _ => return true,
        }
        match &e.kind {
            ExprKind::Unary(UnOp::Not, inner) => self.refine(inner, !want, s),
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
                if (*op == BinOp::And) == want {
                    self.refine(a, want, s) && self.refine(b, want, s)
                } else {
                    let mut left = s.clone();
                    let l = self.refine(a, want, &mut left);
                    let r = self.refine(b, want, s);
                    match (l, r) {
                        (true, true) => {
                            s.join(&left);
                            true
                        }
                        (true, false) => {
                            *s = left;
                            true
                        }
                        (false, r) => r,
                    }
                }
            }
            ExprKind::Var(name) => match self.var(name).and_then(|i| s.vars.get_mut(i)) {
                Some(AVal::Bool(b)) => {
                    *b &= bits(want);
                    *b != 0
                }
                _ => true,
            },
            ExprKind::Binary(op, a, b) => {
                if let ExprKind::Int(n) = b.kind {
                    self.refine_cmp(a, *op, n, want, s)
                } else if let ExprKind::Int(n) = a.kind {
                    self.refine_cmp(b, swap(*op), n, want, s)
                } else if let (ExprKind::Var(name), ExprKind::Str(t))
                | (ExprKind::Str(t), ExprKind::Var(name)) = (&a.kind, &b.kind)
                {
                    let eq = match op {
                        BinOp::Eq => want,
                        BinOp::Ne => !want,
                        _ => return true,
                    };
                    match self.var(name).and_then(|i| s.vars.get_mut(i)) {
                        Some(AVal::Str(set)) => {
                            if eq {
                                *set = Some(BTreeSet::from([t.clone()]));
                            } else if let Some(set) = set {
                                set.remove(t);
                                return !set.is_empty();
                            }
                            true
                        }
                        _ => true,
                    }
                } else {
                    true
                }
            }
            _ => true,
        }
    }

    /// Narrows the quantity `e` (a variable, visits or turns) to where `e op n` is `want`.
    fn refine_cmp(&self, e: &Expr, op: BinOp, n: i64, want: bool, s: &mut AState) -> bool {
        let iv = match &e.kind {
            ExprKind::Var(name) => match self.var(name).and_then(|i| s.vars.get_mut(i)) {
                Some(AVal::Int(iv)) => iv,
                _ => return true,
            },
            ExprKind::Turns => &mut s.turn,
            ExprKind::Call(Func::Visits, args) => {
                let Some(ExprKind::Str(id)) = args.first().map(|a| &a.kind) else {
                    return true;
                };
                match self
                    .story
                    .idx(id)
                    .and_then(|i| s.visits.get_mut(i as usize))
                {
                    Some(iv) => iv,
                    None => return true,
                }
            }
            _ => return true,
        };
        let op = if want { op } else { negate(op) };
        let keep = match op {
            BinOp::Lt => Iv {
                lo: i64::MIN,
                hi: n.saturating_sub(1),
            },
            BinOp::Le => Iv {
                lo: i64::MIN,
                hi: n,
            },
            BinOp::Gt => Iv {
                lo: n.saturating_add(1),
                hi: i64::MAX,
            },
            BinOp::Ge => Iv {
                lo: n,
                hi: i64::MAX,
            },
            BinOp::Eq => Iv::point(n),
            BinOp::Ne => {
                if iv.lo == n && iv.hi == n {
                    return false;
                }
                if iv.lo == n {
                    iv.lo += 1;
                } else if iv.hi == n {
                    iv.hi -= 1;
                }
                return true;
            }
            _ => return true,
        };
        match iv.meet(keep) {
            Some(k) => {
                *iv = k;
                true
            }
            None => false,
        }
    }

    /// Applies `effects` to `s`; sets `fails` when one may fail.
    pub(super) fn apply(&self, effects: &[Effect], s: &mut AState, fails: &mut bool) {
        for effect in effects {
            let Effect::Assign { var, op, value, .. } = effect else {
                continue;
            };
            let rhs = self.eval(value, s, fails);
            let (Some(i), Some(decl)) = (self.var(var), self.story.variable(var)) else {
                continue;
            };
            let bound = self.bounds.get(i).copied().unwrap_or(COUNT);
            let Some(old) = s.vars.get_mut(i) else {
                continue;
            };
            let new = match (op, &*old, rhs) {
                (EffectOp::Set, _, v) => v,
                (op, AVal::Int(x), AVal::Int(n)) => {
                    AVal::Int(effect_range(*op, *x, n, decl.min, decl.max, fails))
                }
                (_, _, v) => v,
            };
            *old = match (decl.kind, new) {
                (VarKind::Stat | VarKind::Counter, AVal::Int(x)) => {
                    AVal::Int(x.clamp(bound.lo, bound.hi))
                }
                (_, v) => v,
            };
        }
    }
}

/// The values of `x op n` for an effect (`+= -= %+ %-`), from its ends (each is monotone in
/// both arguments once fairmath's percentage is clamped to 0..=100).
fn effect_range(op: EffectOp, x: Iv, n: Iv, min: i64, max: i64, fails: &mut bool) -> Iv {
    let pct = |v: i64| v.clamp(0, 100);
    let corners = match op {
        EffectOp::Set => return n,
        EffectOp::Add => [(x.lo, n.lo), (x.hi, n.hi)],
        EffectOp::Sub => [(x.lo, n.hi), (x.hi, n.lo)],
        EffectOp::FairAdd => [(x.lo, pct(n.lo)), (x.hi, pct(n.hi))],
        EffectOp::FairSub => [(x.lo, pct(n.hi)), (x.hi, pct(n.lo))],
    };
    let mut out = [i64::MIN, i64::MAX];
    for (slot, (a, b)) in out.iter_mut().zip(corners) {
        // An end that overflows stays at its extreme.
        match arith(op, a, b, min, max) {
            Some(v) => *slot = v,
            None => *fails = true,
        }
    }
    Iv {
        lo: out[0].min(out[1]),
        hi: out[0].max(out[1]),
    }
}

/// A part of the state a case split can fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Quantity {
    Var(usize),
    Visits(usize),
    Turn,
    Slot(usize),
}

/// One case of a quantity: an interval of an integer, or one truth value of a flag or bit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Cell {
    Int(Iv),
    Bits(u8),
    Str(String),
}

impl Domain<'_> {
    /// Gathers what `e` tests: flags, and integers with the constants they are compared with.
    pub(super) fn cuts(&self, e: &Expr, out: &mut BTreeMap<Quantity, BTreeSet<i64>>) {
        match &e.kind {
            ExprKind::Var(name) => {
                if let Some(i) = self.var(name) {
                    out.entry(Quantity::Var(i)).or_default();
                }
            }
            ExprKind::Unary(_, inner) => self.cuts(inner, out),
            ExprKind::Binary(op, a, b) => {
                let quantity = |x: &Expr| match &x.kind {
                    ExprKind::Var(name) => self.var(name).map(Quantity::Var),
                    ExprKind::Turns => Some(Quantity::Turn),
                    ExprKind::Call(Func::Visits, args) => match args.first().map(|a| &a.kind) {
                        Some(ExprKind::Str(id)) => {
                            self.story.idx(id).map(|i| Quantity::Visits(i as usize))
                        }
                        _ => None,
                    },
                    _ => None,
                };
                if let (ExprKind::Var(name), ExprKind::Str(_))
                | (ExprKind::Str(_), ExprKind::Var(name)) = (&a.kind, &b.kind)
                {
                    if let Some(i) = self.var(name) {
                        out.entry(Quantity::Var(i)).or_default();
                    }
                    return;
                }
                let compared = match (&a.kind, &b.kind) {
                    (_, ExprKind::Int(n)) => quantity(a).map(|q| (q, *n)),
                    (ExprKind::Int(n), _) => quantity(b).map(|q| (q, *n)),
                    _ => None,
                };
                match (op, compared) {
                    (BinOp::And | BinOp::Or, _) | (_, None) => {
                        self.cuts(a, out);
                        self.cuts(b, out);
                    }
                    (_, Some((q, n))) => {
                        let set = out.entry(q).or_default();
                        set.insert(n);
                        set.insert(n.saturating_add(1));
                    }
                }
            }
            _ => {}
        }
    }

    /// The cases of quantity `q` in `s`, split at `cuts` (a flag or bit: its truth values).
    pub(super) fn cells(&self, q: Quantity, cuts: &BTreeSet<i64>, s: &AState) -> Vec<Cell> {
        let iv = match q {
            Quantity::Var(i) => match s.vars.get(i) {
                Some(AVal::Int(iv)) => *iv,
                Some(AVal::Bool(b)) => return split_bits(*b),
                Some(AVal::Str(Some(set))) => return set.iter().cloned().map(Cell::Str).collect(),
                _ => return Vec::new(),
            },
            Quantity::Visits(i) => s.visits.get(i).copied().unwrap_or(Iv::point(0)),
            Quantity::Turn => s.turn,
            Quantity::Slot(k) => return split_bits(s.taken.get(k).copied().unwrap_or(BOTH)),
        };
        let mut out = Vec::new();
        let mut lo = iv.lo;
        if iv.lo >= iv.hi {
            return vec![Cell::Int(iv)];
        }
        for &c in cuts.range(iv.lo + 1..=iv.hi) {
            out.push(Cell::Int(Iv { lo, hi: c - 1 }));
            lo = c;
        }
        out.push(Cell::Int(Iv { lo, hi: iv.hi }));
        out
    }

    /// Fixes quantity `q` of `s` to the case `cell`.
    pub(super) fn set(&self, q: Quantity, cell: &Cell, s: &mut AState) {
        match (q, cell.clone()) {
            (Quantity::Var(i), Cell::Int(iv)) => {
                if let Some(v) = s.vars.get_mut(i) {
                    *v = AVal::Int(iv);
                }
            }
            (Quantity::Var(i), Cell::Bits(b)) => {
                if let Some(v) = s.vars.get_mut(i) {
                    *v = AVal::Bool(b);
                }
            }
            (Quantity::Var(i), Cell::Str(t)) => {
                if let Some(v) = s.vars.get_mut(i) {
                    *v = AVal::Str(Some(BTreeSet::from([t])));
                }
            }
            (Quantity::Visits(i), Cell::Int(iv)) => {
                if let Some(v) = s.visits.get_mut(i) {
                    *v = iv;
                }
            }
            (Quantity::Turn, Cell::Int(iv)) => s.turn = iv,
            (Quantity::Slot(k), Cell::Bits(b)) => {
                if let Some(v) = s.taken.get_mut(k) {
                    *v = b;
                }
            }
            _ => {}
        }
    }
}

fn split_bits(b: u8) -> Vec<Cell> {
    match b {
        BOTH => vec![Cell::Bits(FALSE), Cell::Bits(TRUE)],
        other => vec![Cell::Bits(other)],
    }
}

/// Integer `x op y` over intervals.
fn binary(op: BinOp, x: Iv, y: Iv, fails: &mut bool) -> AVal {
    let cmp = |lt: bool, ge: bool| {
        AVal::Bool(if lt {
            TRUE
        } else if ge {
            FALSE
        } else {
            BOTH
        })
    };
    let wide = |a: i128, b: i128, fails: &mut bool| {
        let mut fit = |v: i128| {
            if v < i128::from(i64::MIN) || v > i128::from(i64::MAX) {
                *fails = true;
            }
            v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
        };
        Iv {
            lo: fit(a),
            hi: fit(b),
        }
    };
    let (xl, xh, yl, yh) = (
        i128::from(x.lo),
        i128::from(x.hi),
        i128::from(y.lo),
        i128::from(y.hi),
    );
    AVal::Int(match op {
        BinOp::Lt => return cmp(x.hi < y.lo, x.lo >= y.hi),
        BinOp::Le => return cmp(x.hi <= y.lo, x.lo > y.hi),
        BinOp::Gt => return cmp(x.lo > y.hi, x.hi <= y.lo),
        BinOp::Ge => return cmp(x.lo >= y.hi, x.hi < y.lo),
        BinOp::Add => wide(xl + yl, xh + yh, fails),
        BinOp::Sub => wide(xl - yh, xh - yl, fails),
        BinOp::Mul => {
            let c = [xl * yl, xl * yh, xh * yl, xh * yh];
            let (lo, hi) = (c.iter().min(), c.iter().max());
            wide(lo.copied().unwrap_or(0), hi.copied().unwrap_or(0), fails)
        }
        BinOp::Div | BinOp::Rem => {
            if y.lo <= 0 && y.hi >= 0 {
                *fails = true;
            }
            if x.lo == i64::MIN && y.lo <= -1 && y.hi >= -1 {
                *fails = true;
            }
            // The divisor's values other than 0, as up to two intervals.
            let parts = [(yl, yh.min(-1)), (yl.max(1), yh)];
            let mut acc: Option<(i128, i128)> = None;
            for (lo, hi) in parts.into_iter().filter(|(lo, hi)| lo <= hi) {
                let (a, b) = if op == BinOp::Div {
                    let c = [xl / lo, xl / hi, xh / lo, xh / hi];
                    (
                        c.iter().min().copied().unwrap_or(0),
                        c.iter().max().copied().unwrap_or(0),
                    )
                } else {
                    let m = lo.abs().max(hi.abs()) - 1;
                    let lo = if xl >= 0 { 0 } else { (-m).max(xl) };
                    let hi = if xh <= 0 { 0 } else { m.min(xh) };
                    (lo, hi)
                };
                acc = Some(acc.map_or((a, b), |(p, q)| (p.min(a), q.max(b))));
            }
            let (lo, hi) = acc.unwrap_or((0, 0));
            let mut ignore = false;
            wide(lo, hi, &mut ignore)
        }
        BinOp::And | BinOp::Or | BinOp::Eq | BinOp::Ne => return AVal::Bool(BOTH),
    })
}

fn tri_bits(t: Tri) -> u8 {
    match t {
        Tri::Yes => TRUE,
        Tri::No => FALSE,
        Tri::Maybe => BOTH,
    }
}

fn flip(b: u8) -> u8 {
    ((b & FALSE) << 1) | ((b & TRUE) >> 1)
}

/// `n op e` as `e op' n`.
fn swap(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}

/// `!(e op n)` as `e op' n`.
fn negate(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Ge,
        BinOp::Le => BinOp::Gt,
        BinOp::Gt => BinOp::Le,
        BinOp::Ge => BinOp::Lt,
        BinOp::Eq => BinOp::Ne,
        BinOp::Ne => BinOp::Eq,
        other => other,
    }
}

fn literals(e: &Expr, out: &mut BTreeSet<i64>) {
    match &e.kind {
        ExprKind::Int(n) => {
            out.insert(*n);
        }
        ExprKind::Call(_, args) => args.iter().for_each(|a| literals(a, out)),
        ExprKind::Unary(_, inner) => literals(inner, out),
        ExprKind::Binary(_, a, b) => {
            literals(a, out);
            literals(b, out);
        }
        ExprKind::Bool(_) | ExprKind::Str(_) | ExprKind::Var(_) | ExprKind::Turns => {}
    }
}
