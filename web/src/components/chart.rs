//! Small SVG charts driven by data: horizontal bars (`label → value`, one bar each, longest
//! first as given) and columns over time (one column per label, each stacked from the series'
//! parts, bottom first). Drawn in the SVG's own units and scaled by CSS, values written beside
//! the bars so nothing relies on reading a length; each bar or column says its figures to
//! screen readers.
//!
//! ```ignore
//! view! { <BarChart title="Usage by bucket" unit="GB" data=vec![("logs".into(), 88.25)]/> }
//! view! { <ColumnChart title="Executions per day" unit=""
//!     series=&[("bad", "failed"), ("ok", "completed")]
//!     data=vec![("11-30".into(), vec![2.0, 40.0])]/> }
//! ```

use leptos::prelude::*;

/// A figure as a chart writes it: whole numbers plain, others with at most two decimals.
pub fn amount(v: f64, unit: &str) -> String {
    let n = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if unit.is_empty() {
        n
    } else {
        format!("{n} {unit}")
    }
}

/// Long labels are cut in the drawing (the full one is in the bar's title).
fn short(label: &str, most: usize) -> String {
    if label.chars().count() <= most {
        label.to_string()
    } else {
        let cut: String = label.chars().take(most - 1).collect();
        format!("{cut}…")
    }
}

const ROW: f64 = 26.0;
const LABEL_W: f64 = 170.0;
const BAR_W: f64 = 300.0;
const WIDTH: f64 = 600.0;

/// One bar per `(label, value)`; an empty list says `empty`.
#[component]
pub fn BarChart(
    #[prop(into)] title: String,
    #[prop(optional)] unit: &'static str,
    data: Vec<(String, f64)>,
    #[prop(default = "Nothing to show.")] empty: &'static str,
) -> impl IntoView {
    if data.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    let most = data.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    let most = if most > 0.0 { most } else { 1.0 };
    let height = data.len() as f64 * ROW;
    let rows = data
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let y = i as f64 * ROW;
            let w = (value.max(0.0) / most * BAR_W).max(if value > 0.0 { 1.0 } else { 0.0 });
            let said = format!("{label}: {}", amount(value, unit));
            let tip = said.clone();
            view! {
                <g class="chart-row" role="img" aria-label=said>
                    <title>{tip}</title>
                    <text class="chart-label" x=format!("{:.0}", LABEL_W - 8.0) y=format!("{:.1}", y + ROW * 0.65) text-anchor="end">{short(&label, 24)}</text>
                    <rect class="chart-bar" x=format!("{LABEL_W:.0}") y=format!("{:.1}", y + 4.0) width=format!("{w:.1}") height=format!("{:.1}", ROW - 8.0)></rect>
                    <text class="chart-value" x=format!("{:.1}", LABEL_W + w + 6.0) y=format!("{:.1}", y + ROW * 0.65)>{amount(value, unit)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg class="chart-bars" viewBox=format!("0 0 {WIDTH:.0} {height:.0}") role="group" aria-label=title>{rows}</svg>
        </figure>
    }
    .into_any()
}

const COL_W: f64 = 64.0;
const COL_H: f64 = 140.0;
/// Room above the columns for their values and below for their labels.
const TOP: f64 = 18.0;
const BOTTOM: f64 = 22.0;

/// One column per `(label, parts)`, the parts stacked bottom first in `series` order
/// (`(tone class, words for the legend)`); a legend when there is more than one series.
#[component]
pub fn ColumnChart(
    #[prop(into)] title: String,
    #[prop(optional)] unit: &'static str,
    series: &'static [(&'static str, &'static str)],
    data: Vec<(String, Vec<f64>)>,
    #[prop(default = "Nothing to show.")] empty: &'static str,
) -> impl IntoView {
    if data.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    let total = |parts: &[f64]| parts.iter().map(|v| v.max(0.0)).sum::<f64>();
    let most = data.iter().map(|(_, p)| total(p)).fold(0.0_f64, f64::max);
    let most = if most > 0.0 { most } else { 1.0 };
    let width = data.len() as f64 * COL_W;
    let height = TOP + COL_H + BOTTOM;
    let columns = data
        .into_iter()
        .enumerate()
        .map(|(i, (label, parts))| {
            let x = i as f64 * COL_W + 10.0;
            let sum = total(&parts);
            let mut y = TOP + COL_H;
            let mut said = format!("{label}: {}", amount(sum, unit));
            if series.len() > 1 {
                for ((_, words), v) in series.iter().zip(&parts) {
                    said.push_str(&format!(", {} {words}", amount(*v, unit)));
                }
            }
            let tip = said.clone();
            let rects = series
                .iter()
                .zip(parts)
                .filter(|(_, v)| *v > 0.0)
                .map(|((tone, _), v)| {
                    let h = v / most * COL_H;
                    y -= h;
                    view! { <rect class=format!("chart-column {tone}") x=format!("{x:.0}") y=format!("{y:.1}") width=format!("{:.0}", COL_W - 20.0) height=format!("{h:.1}")></rect> }
                })
                .collect_view();
            let top = TOP + COL_H - sum / most * COL_H;
            let mid = x + (COL_W - 20.0) / 2.0;
            view! {
                <g class="chart-col" role="img" aria-label=said>
                    <title>{tip}</title>
                    {rects}
                    <text class="chart-value" x=format!("{mid:.1}") y=format!("{:.1}", top - 4.0) text-anchor="middle">{amount(sum, "")}</text>
                    <text class="chart-label" x=format!("{mid:.1}") y=format!("{:.1}", height - 6.0) text-anchor="middle">{short(&label, 10)}</text>
                </g>
            }
        })
        .collect_view();
    let legend = (series.len() > 1).then(|| {
        view! {
            <p class="legend">
                {series.iter().map(|(tone, words)| view! { <span class=format!("dot {tone}")></span>" "{*words}" " }).collect_view()}
            </p>
        }
    });
    let unit_said = (!unit.is_empty()).then(|| format!(" ({unit})"));
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}{unit_said}</figcaption>
            <svg class="chart-columns" viewBox=format!("0 0 {width:.0} {height:.0}") role="group" aria-label=title>{columns}</svg>
            {legend}
        </figure>
    }
    .into_any()
}
