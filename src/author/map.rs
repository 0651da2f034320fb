//! The story map: every passage as a box in its chapter's band, arrows for choices (dashed for
//! tunnels and draws), the current passage highlighted. A box is a button: click it, or focus
//! it and press Enter or Space, to jump there. The drawing scrolls, zooms with −/+, and keeps
//! the current passage in view. Geometry comes from `layout`; labels are SVG text nodes.

use std::rc::Rc;

use story_engine::{Edge, EdgeKind, PassageInfo};
use yew::prelude::*;

use super::layout::{layout, NODE_H, NODE_W};

/// Zoom steps in percent (integers: no float printing in the page).
const ZOOMS: [i64; 6] = [35, 50, 70, 100, 140, 200];

/// Props of [`StoryMap`].
#[derive(Properties, PartialEq)]
pub struct StoryMapProps {
    /// Every passage.
    pub passages: Rc<Vec<PassageInfo>>,
    /// Every link.
    pub edges: Rc<Vec<Edge>>,
    /// The current passage's id.
    pub current: String,
    /// Jump to a passage.
    pub on_jump: Callback<String>,
}

/// The map and its zoom buttons.
#[component]
pub fn StoryMap(props: &StoryMapProps) -> Html {
    let map = use_memo((props.passages.clone(), props.edges.clone()), |(p, e)| {
        layout(p, e)
    });
    let zoom = use_state(|| 2_usize); // 70%: a dozen columns in view
    let scroller = use_node_ref();
    let percent = ZOOMS[*zoom];
    {
        // Keep the current passage in view: scroll the container (not the page) to centre it.
        let (map, scroller) = (map.clone(), scroller.clone());
        use_effect_with((props.current.clone(), *zoom), move |(current, _)| {
            let node = map.nodes.iter().find(|n| n.id == *current);
            if let (Some(node), Some(el)) = (node, scroller.cast::<web_sys::Element>()) {
                let x = (node.x + NODE_W / 2) * percent / 100 - i64::from(el.client_width()) / 2;
                let y = (node.y + NODE_H / 2) * percent / 100 - i64::from(el.client_height()) / 2;
                el.set_scroll_left(i32::try_from(x.max(0)).unwrap_or(i32::MAX));
                el.set_scroll_top(i32::try_from(y.max(0)).unwrap_or(i32::MAX));
            }
        });
    }
    let step = |by: isize| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| {
            zoom.set((*zoom as isize + by).clamp(0, ZOOMS.len() as isize - 1) as usize)
        })
    };
    let view_box = format!("0 0 {} {}", map.width, map.height);
    html! {
        <div class="author-map">
            <div class="author-zoom" role="group" aria-label="Zoom">
                <button onclick={step(-1)} disabled={*zoom == 0} aria-label="Zoom out">{ "−" }</button>
                <span aria-live="polite">{ format!("{percent}%") }</span>
                <button onclick={step(1)} disabled={*zoom + 1 == ZOOMS.len()} aria-label="Zoom in">{ "+" }</button>
                <span class="author-count">{ format!("{} passages", map.nodes.len()) }</span>
            </div>
            <div class="author-map-scroll" ref={scroller}>
                <svg viewBox={view_box} width={(map.width * percent / 100).to_string()} height={(map.height * percent / 100).to_string()}
                    role="group" aria-label="Story map">
                    <defs>
                        <marker id="author-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="author-arrowhead" />
                        </marker>
                    </defs>
                    { for map.bands.iter().map(|band| html! {
                        <g class="band">
                            <rect x="0" y={band.y.to_string()} width={map.width.to_string()} height={band.height.to_string()} rx="8" />
                            <text x="10" y={(band.y + 19).to_string()}>{ band.chapter.clone() }</text>
                        </g>
                    }) }
                    { for map.links.iter().map(|link| {
                        let class = classes!("link", matches!(link.kind, EdgeKind::Call | EdgeKind::Draw).then_some("indirect"));
                        html! { <path {class} d={link.path.clone()} marker-end="url(#author-arrow)" /> }
                    }) }
                    { for map.nodes.iter().map(|node| {
                        let here = node.id == props.current;
                        let class = classes!("node", here.then_some("here"), node.ending.then_some("ending"), (!node.reached).then_some("unreached"));
                        let jump = { let (on_jump, id) = (props.on_jump.clone(), node.id.clone()); move || on_jump.emit(id.clone()) };
                        let onclick = { let jump = jump.clone(); Callback::from(move |_: MouseEvent| jump()) };
                        let onkeydown = Callback::from(move |e: KeyboardEvent| {
                            if e.key() == "Enter" || e.key() == " " {
                                e.prevent_default();
                                jump();
                            }
                        });
                        html! {
                            <g {class} transform={format!("translate({},{})", node.x, node.y)} role="button" tabindex="0"
                                aria-label={format!("{}{}", node.id, if here { ", current passage" } else { "" })}
                                aria-current={here.then_some("location")} data-passage={node.id.clone()} {onclick} {onkeydown}>
                                <title>{ node.id.clone() }</title>
                                <rect width={NODE_W.to_string()} height={NODE_H.to_string()} rx="6" />
                                <text x="9" y="21">{ short(&node.label) }</text>
                            </g>
                        }
                    }) }
                </svg>
            </div>
        </div>
    }
}

/// A label that fits its box. A long one is cut after the last whole word that fits (words
/// are joined by `_`, `-` or `.` in ids), so the visible text stays part of the node's
/// accessible name, its id, as WCAG's "label in name" asks and axe-core checks word by word;
/// a single word too long for the box is cut where the box ends.
fn short(label: &str) -> String {
    const FITS: usize = 19;
    if label.chars().count() <= FITS {
        return label.to_owned();
    }
    let head: String = label.chars().take(FITS).collect();
    let words = head
        .rfind(|c: char| !c.is_alphanumeric())
        .filter(|&at| at > 0)
        .map(|at| &head[..at]);
    let cut = words.map_or_else(|| head.chars().take(FITS - 1).collect(), str::to_owned);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn a_long_label_is_cut_after_a_whole_word() {
        assert_eq!(short("first_shift"), "first_shift");
        assert_eq!(short("certificate_midnight"), "certificate…");
        assert_eq!(short("chg_firmware_rollback_q"), "chg_firmware…");
        // The 19th character is a separator: the 18 before it are whole words.
        assert_eq!(short("abcdefghijklmnopqr_s"), "abcdefghijklmnopqr…");
        assert_eq!(short("abcdefghijklmnopqrstuvwxyz"), "abcdefghijklmnopqr…");
        assert_eq!(short("_abcdefghijklmnopqrstuvwxyz"), "_abcdefghijklmnopq…");
    }
}
