//! A topology drawn as SVG from the core's layout (`baton_core::topology`): hosts as boxes
//! holding the nodes contained in them, `connected_to` as solid arrows, `depends_on` as
//! dashed ones. Used by the blueprint page (from the plan) and the deployment page (from its
//! nodes). Drawn at its natural size; the frame scrolls rather than shrinking the text.

use baton_core::topology::{layout, Link, TopologyNode};
use leptos::prelude::*;

/// Cuts `s` to `max` characters with an ellipsis.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

#[component]
pub fn Topology(nodes: Vec<TopologyNode>) -> impl IntoView {
    if nodes.is_empty() {
        return view! { <p class="empty">"No nodes."</p> }.into_any();
    }
    let l = layout(&nodes);
    let (w, h) = (l.width.ceil(), l.height.ceil());
    let boxes = l
        .boxes
        .into_iter()
        .map(|b| {
            let chars = ((b.w - 20.0) / 7.5) as usize;
            let title_y = if b.container { b.y + 19.0 } else { b.y + 24.0 };
            let count = b.instances.map(|n| format!("×{n}"));
            let full = format!(
                "{} ({}){}",
                b.id,
                b.node_type,
                b.instances
                    .map(|n| format!(", {n} instance(s)"))
                    .unwrap_or_default()
            );
            let class = format!(
                "topo-node depth-{}{}",
                b.depth.min(3),
                if b.container { " host" } else { "" }
            );
            view! {
                <g class=class data-node=b.id.clone()>
                    <title>{full}</title>
                    <rect x=b.x y=b.y width=b.w height=b.h rx="6"></rect>
                    <text class="topo-id" x=b.x + 10.0 y=title_y>{clip(&b.id, chars.saturating_sub(4))}</text>
                    <text class="topo-type" x=b.x + 10.0 y=title_y + 16.0>{clip(&b.node_type, chars + 2)}</text>
                    {count.map(|c| view! {
                        <text class="topo-count" x=b.x + b.w - 8.0 y=title_y text-anchor="end">{c}</text>
                    })}
                </g>
            }
        })
        .collect_view();
    let arrows = l
        .arrows
        .into_iter()
        .map(|a| {
            let (class, marker) = match a.link {
                Link::ConnectedTo => ("topo-link connected", "url(#topo-arrow)"),
                Link::DependsOn => ("topo-link depends", "url(#topo-arrow)"),
            };
            view! {
                <line class=class x1=a.x1 y1=a.y1 x2=a.x2 y2=a.y2 marker-end=marker
                    data-from=a.from.clone() data-to=a.to.clone()>
                    <title>{format!("{} {} {}", a.from, a.link.as_str(), a.to)}</title>
                </line>
            }
        })
        .collect_view();
    view! {
        <div class="topology">
            <svg width=w height=h viewBox=format!("0 0 {w} {h}") role="img"
                aria-label=format!("Topology of {} nodes", nodes.len())>
                <defs>
                    <marker id="topo-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z"></path>
                    </marker>
                </defs>
                {boxes}
                {arrows}
            </svg>
            <p class="sub topo-legend">"Boxes inside boxes: contained in · solid arrow: connected to · dashed arrow: depends on · ×n: instances"</p>
        </div>
    }
    .into_any()
}
