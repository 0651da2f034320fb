//! The career report at the end of a run: turns and play time, the counters, the achievements
//! of this run, the chart of the stats over the run, and the link that shares it.

use story_engine::{State, Story};
use yew::prelude::*;

use super::chart::{chart, Series};
use super::stats::counters;
use crate::run::{play_time, Run};
use crate::shared::Shared;

/// What [`report`] shows and the ways on it offers.
pub struct ReportProps {
    /// The story, for labels.
    pub story: Shared<Story>,
    /// The final state.
    pub state: State,
    /// The run's record.
    pub run: Run,
    /// Start a new run.
    pub on_restart: Callback<()>,
    /// Open the gallery.
    pub on_gallery: Callback<()>,
    /// The address that replays this run, or why this run cannot be shared.
    pub share: Result<AttrValue, AttrValue>,
    /// Copy the address.
    pub on_copy: Callback<AttrValue>,
}

/// The report, closed by the ways to go on. A plain function: it keeps no state.
pub fn report(props: &ReportProps) -> Html {
    let story = &props.story;
    let series: Vec<Series> = props
        .run
        .series
        .iter()
        .filter_map(|name| story.variable(name))
        .map(|v| Series {
            label: v.label.clone().unwrap_or_else(|| v.name.clone()),
            min: v.min,
            max: v.max,
        })
        .collect();
    let unlocked: Vec<_> = story
        .achievements()
        .iter()
        .filter(|a| props.state.achievements().any(|id| id == a.id))
        .collect();
    let restart = props.on_restart.reform(|_: MouseEvent| ());
    let gallery = props.on_gallery.reform(|_: MouseEvent| ());
    html! {
        <section class="report" aria-labelledby="report-title">
            <h2 id="report-title">{ "Career report" }</h2>
            <dl class="counters">
                <div><dt>{ "Choices made" }</dt><dd>{ props.state.turn() }</dd></div>
                <div><dt>{ "Time played" }</dt><dd>{ play_time(props.run.play_ms) }</dd></div>
                { counters(story, &props.state) }
            </dl>
            if !series.is_empty() {
                { chart(&series, &props.run.snapshots) }
            }
            if !unlocked.is_empty() {
                <h3>{ "Achievements this run" }</h3>
                <ul class="achievements">
                    { for unlocked.iter().map(|a| html! { <li><strong>{ a.title.clone() }</strong>{ " — " }{ a.description.clone() }</li> }) }
                </ul>
            }
            <section class="share" aria-labelledby="share-title">
                <h3 id="share-title">{ "Share this run" }</h3>
                { match &props.share {
                    Ok(url) => html! {
                        <>
                            <p>{ "Anyone with this link can watch your career step by step, and take over from any point." }</p>
                            <p><a class="share-link" href={url.clone()}>{ url.clone() }</a></p>
                            <button class="copy-link" onclick={ let (copy, url) = (props.on_copy.clone(), url.clone()); Callback::from(move |_: MouseEvent| copy.emit(url.clone())) }>{ "Copy the link" }</button>
                        </>
                    },
                    Err(why) => html! { <p class="share-none">{ why.clone() }</p> },
                } }
            </section>
            <div class="report-actions">
                <button class="primary" onclick={restart}>{ "Play again" }</button>
                <button onclick={gallery}>{ "Endings & achievements" }</button>
            </div>
        </section>
    }
}
