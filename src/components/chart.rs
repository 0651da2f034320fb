//! A line chart of the stats over a run, drawn as SVG by the app (no chart library). Each stat
//! is scaled to its own range, so bars of different ranges share one 0–100 % axis.

use yew::prelude::*;

use crate::run::Snapshot;

/// One line of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The stat's label.
    pub label: String,
    /// The stat's range.
    pub min: i64,
    /// The stat's range.
    pub max: i64,
}

// Integer geometry: formatting floats would pull a float printer into the bundle.
const W: i64 = 640;
const H: i64 = 260;
const PAD: i64 = 16;
/// Room under the plot for the turn labels.
const FOOT: i64 = 26;

/// The chart of `series` (in the order of each snapshot's values) over `snapshots` (one per
/// turn), with a legend; the SVG's description says in words what the lines show. A plain
/// function: it keeps no state.
pub fn chart(series: &[Series], snapshots: &[Snapshot]) -> Html {
    let n = snapshots.len();
    let x = |i: usize| {
        PAD + if n > 1 {
            i as i64 * (W - 2 * PAD) / (n as i64 - 1)
        } else {
            (W - 2 * PAD) / 2
        }
    };
    let y = |s: &Series, v: i64| {
        let span = (s.max - s.min).max(1);
        H - FOOT - (v - s.min).clamp(0, span) * (H - FOOT - PAD) / span
    };
    let summary: Vec<String> = series
        .iter()
        .enumerate()
        .filter_map(|(k, s)| {
            let first = snapshots.first()?.values.get(k)?;
            let last = snapshots.last()?.values.get(k)?;
            Some(format!("{} went from {first} to {last}", s.label))
        })
        .collect();
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-labelledby="chart-title chart-desc">
                <title id="chart-title">{ format!("Your stats over {} turns", n.saturating_sub(1)) }</title>
                <desc id="chart-desc">{ summary.join("; ") }</desc>
                { for [0, 1, 2].iter().map(|half| {
                    let gy = (H - FOOT - half * (H - FOOT - PAD) / 2).to_string();
                    html! { <line class="grid" x1={PAD.to_string()} x2={(W - PAD).to_string()} y1={gy.clone()} y2={gy} /> }
                }) }
                <text class="tick" x={PAD.to_string()} y={(H - 6).to_string()}>{ "Start" }</text>
                <text class="tick" x={(W - PAD).to_string()} y={(H - 6).to_string()} text-anchor="end">
                    { format!("Turn {}", snapshots.last().map_or(0, |s| s.turn)) }
                </text>
                { for series.iter().enumerate().map(|(k, s)| {
                    let points: Vec<String> = snapshots.iter().enumerate()
                        .filter_map(|(i, snap)| snap.values.get(k).map(|v| format!("{},{}", x(i), y(s, *v))))
                        .collect();
                    let class = format!("line s{}", k % 6);
                    if points.len() == 1 {
                        let (cx, cy) = points[0].split_once(',').unwrap_or_default();
                        html! { <circle {class} cx={cx.to_owned()} cy={cy.to_owned()} r="4" /> }
                    } else {
                        html! { <polyline {class} points={points.join(" ")} /> }
                    }
                }) }
            </svg>
            <figcaption>
                <ul class="legend">
                    { for series.iter().enumerate().map(|(k, s)| html! {
                        <li><span class={format!("swatch s{}", k % 6)} aria-hidden="true"></span>{ s.label.clone() }</li>
                    }) }
                </ul>
                <p class="axis">{ "From your first day (left) to now (right); each line spans its stat's full range." }</p>
            </figcaption>
        </figure>
    }
}
