//! A calendar of timed events: a week of hours or a month of days, each cell shaded by how many
//! events fall in it (a heat map), with the events named. Times are naive UTC.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use leptos::prelude::*;
use leptos_router::components::A;

/// One event: when, what, and where to read about it.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarEvent {
    pub at: NaiveDateTime,
    pub label: String,
    pub href: String,
}

/// A week of hours, or a month of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarView {
    Week,
    Month,
}

impl CalendarView {
    /// The window shown for `anchor`: the Monday-started week, or the month (whole weeks).
    pub fn window(self, anchor: NaiveDate) -> (NaiveDate, NaiveDate) {
        let monday = |d: NaiveDate| d - Duration::days(d.weekday().num_days_from_monday().into());
        match self {
            CalendarView::Week => {
                let start = monday(anchor);
                (start, start + Duration::days(7))
            }
            CalendarView::Month => {
                let first = anchor.with_day(1).unwrap_or(anchor);
                let next = (first + Duration::days(32)).with_day(1).unwrap_or(first);
                let start = monday(first);
                let end = monday(next - Duration::days(1)) + Duration::days(7);
                (start, end)
            }
        }
    }
}

/// How dark a cell is: 0 (empty) to 4 (the busiest cell).
fn heat(n: usize, max: usize) -> usize {
    if n == 0 || max == 0 {
        0
    } else {
        (n * 4).div_ceil(max).clamp(1, 4)
    }
}

fn cell(
    events: &[&CalendarEvent],
    max: usize,
    title: String,
    head: Option<(u32, bool)>,
) -> AnyView {
    let n = events.len();
    let level = heat(n, max);
    // Two runs in the same minute are a collision an operator wants to see.
    let mut minutes: Vec<NaiveDateTime> = events.iter().map(|e| e.at).collect();
    minutes.sort();
    let clash = minutes.windows(2).any(|w| w[0] == w[1]);
    let shown: Vec<CalendarEvent> = events.iter().take(3).map(|e| (*e).clone()).collect();
    let more = n.saturating_sub(shown.len());
    let outside = head.is_some_and(|(_, o)| o);
    let class = format!(
        "cal-cell heat-{level}{}{}",
        if clash { " clash" } else { "" },
        if outside { " outside" } else { "" }
    );
    view! {
        <td class=class title=title data-count=n.to_string()>
            {head.map(|(d, _)| view! { <div class="cal-day">{d}</div> })}
            {(n > 0).then(|| view! { <span class="cal-count">{n}</span> })}
            {shown.into_iter().map(|e| {
                let t = e.at.format("%H:%M").to_string();
                view! { <A href=e.href attr:class="cal-event">{t}" "{e.label}</A> }
            }).collect_view()}
            {(more > 0).then(|| view! { <span class="sub">"+" {more} " more"</span> })}
        </td>
    }
    .into_any()
}

/// The calendar for `view` around `anchor`; `events` may hold events outside the window.
#[component]
pub fn Calendar(
    events: Vec<CalendarEvent>,
    view: CalendarView,
    anchor: NaiveDate,
) -> impl IntoView {
    let (start, end) = view.window(anchor);
    let days: Vec<NaiveDate> = start.iter_days().take_while(|d| *d < end).collect();
    let inside: Vec<&CalendarEvent> = events
        .iter()
        .filter(|e| e.at.date() >= start && e.at.date() < end)
        .collect();
    match view {
        CalendarView::Week => {
            let slot = |d: NaiveDate, h: u32| -> Vec<&CalendarEvent> {
                inside
                    .iter()
                    .copied()
                    .filter(|e| e.at.date() == d && e.at.hour() == h)
                    .collect()
            };
            let max = days
                .iter()
                .flat_map(|d| (0..24).map(move |h| (*d, h)))
                .map(|(d, h)| slot(d, h).len())
                .max()
                .unwrap_or(0);
            let rows = (0..24u32)
                .map(|h| {
                    let cells = days
                        .iter()
                        .map(|d| {
                            let title = format!("{} {h:02}:00–{h:02}:59 UTC", d.format("%a %d %b"));
                            cell(&slot(*d, h), max, title, None)
                        })
                        .collect_view();
                    view! { <tr><th scope="row" class="cal-hour">{format!("{h:02}:00")}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="calendar week" aria-label="Runs per hour (UTC)">
                    <thead><tr><th>"UTC"</th>
                        {days.iter().map(|d| view! { <th scope="col">{d.format("%a %d %b").to_string()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
        CalendarView::Month => {
            let month = anchor.month();
            let on = |d: NaiveDate| -> Vec<&CalendarEvent> {
                inside
                    .iter()
                    .copied()
                    .filter(|e| e.at.date() == d)
                    .collect()
            };
            let max = days.iter().map(|d| on(*d).len()).max().unwrap_or(0);
            let rows = days
                .chunks(7)
                .map(|week| {
                    let cells = week
                        .iter()
                        .map(|d| {
                            let title = format!("{} (UTC)", d.format("%a %d %b %Y"));
                            cell(&on(*d), max, title, Some((d.day(), d.month() != month)))
                        })
                        .collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="calendar month" aria-label="Runs per day (UTC)">
                    <thead><tr>
                        {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(|d| view! { <th scope="col">{d}</th> })}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }
    }
}
