//! Inline text markup at play time: the tree the front end parses (`*em*`, `**strong**`,
//! `{expr}`, `{if c: a|b}`, `{seq:|cycle:|shuffle: …}`) and its rendering to [`Inline`] runs.
//!
//! Text is only ever text: nothing here interprets HTML. Rendering is pure (shuffles hash the
//! seed, they do not draw). Parsing is `front::markup`.

use crate::runtime::expr::{self, Env, EvalError, Expr};
use crate::runtime::inline::Inline;
use crate::runtime::state::{hash, Rng, Value};
use serde::{Deserialize, Serialize};

/// How a varying-text block picks its option from the passage's visit count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Vary {
    Seq,
    Cycle,
    Shuffle,
}

/// A markup tree node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum Node {
    Text(String),
    Em(Vec<Node>),
    Strong(Vec<Node>),
    Interp(Expr),
    If {
        cond: Expr,
        then: Vec<Node>,
        otherwise: Vec<Node>,
    },
    Vary {
        kind: Vary,
        slot: u32,
        options: Vec<Vec<Node>>,
    },
}

/// What rendering needs beyond variables: the passage's visit count for varying text.
pub(crate) struct Ctx<'a> {
    pub env: &'a mut dyn Env,
    pub passage: &'a str,
    pub visits: u32,
    pub seed: u64,
}

/// Renders nodes to inline runs, merging adjacent text.
pub(crate) fn render(nodes: &[Node], ctx: &mut Ctx<'_>) -> Result<Vec<Inline>, EvalError> {
    let mut out = Vec::new();
    render_into(nodes, ctx, &mut out)?;
    Ok(out)
}

fn push_inline(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(prev)) = out.last_mut() {
        prev.push_str(text);
    } else {
        out.push(Inline::Text(text.to_owned()));
    }
}

fn render_into(nodes: &[Node], ctx: &mut Ctx<'_>, out: &mut Vec<Inline>) -> Result<(), EvalError> {
    for node in nodes {
        match node {
            Node::Text(t) => push_inline(out, t),
            Node::Em(inner) => out.push(Inline::Em(render(inner, ctx)?)),
            Node::Strong(inner) => out.push(Inline::Strong(render(inner, ctx)?)),
            Node::Interp(e) => push_inline(out, &expr::eval(e, ctx.env)?.to_string()),
            Node::If {
                cond,
                then,
                otherwise,
            } => {
                let branch = if expr::eval(cond, ctx.env)? == Value::Bool(true) {
                    then
                } else {
                    otherwise
                };
                render_into(branch, ctx, out)?;
            }
            Node::Vary {
                kind,
                slot,
                options,
            } => {
                let n = options.len();
                let k = ctx.visits.saturating_sub(1) as usize;
                let pick = match kind {
                    Vary::Seq => k.min(n.saturating_sub(1)),
                    Vary::Cycle => k % n.max(1),
                    Vary::Shuffle => shuffled(n, k, ctx.seed, *slot, ctx.passage),
                };
                if let Some(option) = options.get(pick) {
                    render_into(option, ctx, out)?;
                }
            }
        }
    }
    Ok(())
}

/// Option `k % n` of a permutation drawn per round of `n` visits: every option shows once per
/// round, in an order derived from the run's seed.
fn shuffled(n: usize, k: usize, seed: u64, slot: u32, passage: &str) -> usize {
    if n == 0 {
        return 0;
    }
    let round = (k / n) as u64;
    let mut rng = Rng(hash(&[seed, u64::from(slot), round], passage));
    let mut perm: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        perm.swap(i, j);
    }
    perm.get(k % n).copied().unwrap_or(0)
}
