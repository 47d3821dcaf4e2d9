//! Usage: current storage by bucket and by sub-account, and the monthly trend for the months in
//! the URL (`?from=2026-06&to=2026-11`, calendar months; the API counts them from 0 and gives
//! at most six at a time, which the page says instead of asking).

use baton_core::connections::Connection;
use baton_core::lyve::{
    usage_range, CurrentUsage, GetCurrentUsage, GetMonthlyUsage, Month, MonthlyUsage, Session,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::chart::{amount, BarChart, ColumnChart};
use crate::components::{ErrorView, Loading};
use crate::connections::{call, path, with_query};

pub fn tab(conn: Connection, refresh: RwSignal<u32>) -> AnyView {
    let query = use_query_map();
    let navigate = use_navigate();
    let range = Memo::new(move |_| {
        query.with(|q| {
            usage_range(
                q.get("from").as_deref(),
                q.get("to").as_deref(),
                crate::api::now(),
            )
        })
    });
    let c = conn.clone();
    let current = LocalResource::new(move || {
        refresh.track();
        let c = c.clone();
        async move { call::<Session, _>(&c, &GetCurrentUsage).await }
    });
    let c = conn.clone();
    let monthly = LocalResource::new(move || {
        refresh.track();
        let (from, to, ok) = range.get();
        let c = c.clone();
        async move {
            // A range the API would refuse is not asked for; the form says why.
            match ok {
                Ok(()) => Some(call::<Session, _>(&c, &GetMonthlyUsage { from, to }).await),
                Err(_) => None,
            }
        }
    });
    let base = path(&conn, &["usage"]);
    let from = RwSignal::new(range.with_untracked(|r| r.0.param()));
    let to = RwSignal::new(range.with_untracked(|r| r.1.param()));
    // Back and forward change the URL: the inputs follow.
    Effect::new(move |_| {
        let (f, t, _) = range.get();
        from.set(f.param());
        to.set(t.param());
    });
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &with_query(
                &base,
                &[("from", from.get_untracked()), ("to", to.get_untracked())],
            ),
            Default::default(),
        );
    };
    view! {
        <h2>"Current usage"</h2>
        {move || match current.get() {
            None => view! { <Loading what="current usage"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| current.refetch()/> }.into_any(),
            Some(Ok(u)) => current_charts(u),
        }}
        <h2>"Monthly usage"</h2>
        <form class="lyve-range" on:submit=show aria-label="Months">
            <label>"From " <input type="month" name="from" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/></label>
            <label>"To " <input type="month" name="to" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/></label>
            <button class="button" type="submit">"Show"</button>
            <span class="muted">"At most 6 months at a time."</span>
        </form>
        {move || range.with(|r| r.2.clone().err()).map(|why| view! { <p class="field-error lyve-range-error" role="alert">{why}</p> })}
        {move || match monthly.get() {
            None => view! { <Loading what="monthly usage"/> }.into_any(),
            Some(None) => ().into_any(),
            Some(Some(Err(e))) => view! { <ErrorView error=e on_retry=move |_| monthly.refetch()/> }.into_any(),
            Some(Some(Ok(u))) => monthly_chart(u),
        }}
    }
    .into_any()
}

fn current_charts(u: CurrentUsage) -> AnyView {
    let b = u.usage_by_bucket;
    let summary = format!(
        "{} buckets, {} in total",
        b.num_buckets.unwrap_or(b.buckets.len() as u64),
        amount(b.total_usage_gb, "GB")
    );
    let buckets: Vec<(String, f64)> = b
        .buckets
        .into_iter()
        .map(|x| (x.name, x.usage_gb))
        .collect();
    let subs = match u.usage_by_sub_account {
        Some(s) => {
            let data: Vec<(String, f64)> = s
                .sub_accounts
                .into_iter()
                .map(|x| (x.sub_account_name, x.usage_gb))
                .collect();
            view! { <BarChart title="By sub-account" unit="GB" data=data empty="No sub-accounts."/> }.into_any()
        }
        None => {
            view! { <p class="muted">"Usage by sub-account is given to master accounts only."</p> }
                .into_any()
        }
    };
    view! {
        <p class="muted lyve-total">{summary}</p>
        <div class="lyve-charts">
            <BarChart title="By bucket" unit="GB" data=buckets empty="No buckets."/>
            {subs}
        </div>
    }
    .into_any()
}

fn monthly_chart(u: MonthlyUsage) -> AnyView {
    let data: Vec<(String, Vec<f64>)> = u
        .usage_by_bucket
        .into_iter()
        .map(|m| {
            let month = Month {
                year: m.year,
                month0: m.month,
            };
            (month.label(), vec![m.total_usage_gb])
        })
        .collect();
    view! {
        <ColumnChart title="Stored per month" unit="GB" series=&[("neutral", "stored")] data=data empty="No usage in these months."/>
    }
    .into_any()
}
