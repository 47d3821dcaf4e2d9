//! A bulk "Delete…" for a list's selection: confirm (typing the count), delete one by one
//! with a progress bar, then a toast with what happened and the list reloaded.
//!
//! ```ignore
//! <ResourceList spec selection row_id=(|d: &Deployment| d.id.clone())
//!     actions=move || bulk_delete_deployments(selection)/>
//! ```
//! With "all N matching" selected it first lists the matching ids (`_include=id`, 1000 a page),
//! so the action reaches exactly what the query matched.

use baton_core::conductor::deployments::{DeleteDeployment, ListDeployments};
use baton_core::conductor::searches::{ListOrSearch, Search};
use baton_core::{ApiError, ListQuery};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::confirm::ConfirmDialog;
use crate::components::progress::ProgressBar;
use crate::components::show_request::{curl_of, ShowRequest};
use crate::components::table::Selection;
use crate::components::toast::use_toasts;

/// The deployments list's bulk delete.
pub fn bulk_delete_deployments(sel: Selection) -> AnyView {
    let api = use_api();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let running = RwSignal::new(None::<(u64, u64)>);
    let force = RwSignal::new(false);
    let count = move || sel.count();
    let word = move || format!("delete {}", count());
    let first_id = move || sel.ids.with(|ids| ids.first().cloned()).unwrap_or_default();
    let curl = Signal::derive(move || {
        curl_of(
            &api,
            &DeleteDeployment {
                id: first_id(),
                force: force.get(),
                ..Default::default()
            },
        )
    });
    let cfy = Signal::derive(move || {
        let flag = if force.get() { " --force" } else { "" };
        format!("cfy deployments delete{flag} {}", first_id())
    });

    let run = move |_| {
        let all = sel.all_matching.get_untracked();
        let mut ids = sel.ids.get_untracked();
        let matching = sel.matching.get_untracked();
        let force = force.get_untracked();
        leptos::task::spawn_local(async move {
            if all {
                match all_ids(&api, matching.map(|(q, _)| q).unwrap_or_default()).await {
                    Ok(found) => ids = found,
                    Err(e) => return toasts.error(&e),
                }
            }
            let total = ids.len() as u64;
            let (mut done, mut failed) = (0u64, Vec::new());
            running.set(Some((0, total)));
            for id in ids {
                let call = DeleteDeployment {
                    id: id.clone(),
                    force,
                    ..Default::default()
                };
                match api.call(&call).await {
                    Ok(()) => done += 1,
                    Err(e) => failed.push((id, e)),
                }
                running.set(Some((done + failed.len() as u64, total)));
            }
            running.set(None);
            sel.clear();
            sel.reload.notify();
            if done > 0 {
                toasts.success(format!("Deleted {done} deployment(s)."));
            }
            if let Some((id, e)) = failed.first() {
                let mut e = e.clone();
                e.message = format!(
                    "{} of {total} not deleted; first, {id}: {}",
                    failed.len(),
                    e.message
                );
                toasts.error(&e);
            }
        });
    };
    view! {
        <button class="button danger" disabled=move || running.with(Option::is_some) on:click=move |_| open.set(true)>"Delete…"</button>
        {move || running.get().map(|(n, total)| view! {
            <ProgressBar value=Some(n as f64) max=total as f64 label="Deleting deployments"
                text=format!("{n} of {total}")/>
        })}
        <ConfirmDialog
            open
            title=Signal::derive(move || format!("Delete {} deployment(s)?", count()))
            confirm_label="Delete"
            type_to_confirm=Signal::derive(move || Some(word()))
            on_confirm=run
        >
            <p>"Each deployment is deleted with its node instances, executions and events. Without force, the manager refuses deployments whose nodes are still installed and says which."</p>
            <label class="confirm-option">
                <input type="checkbox" name="force" prop:checked=move || force.get()
                    on:change=move |ev| force.set(event_target_checked(&ev))/>
                "Force: also delete deployments whose nodes are still installed"
            </label>
            <p class="muted">"This cannot be undone."</p>
            <ShowRequest curl cfy/>
        </ConfirmDialog>
    }
    .into_any()
}

/// Every id the query matches, 1000 at a time.
async fn all_ids(api: &crate::api::Api, mut q: ListQuery) -> Result<Vec<String>, ApiError> {
    q.include = vec!["id".into()];
    let mut ids = Vec::new();
    loop {
        q.size = Some(1000);
        q.offset = Some(ids.len() as u32);
        // The list's filter rules (if any) make it a search.
        let call = ListOrSearch::from_query(
            q.clone(),
            |query| ListDeployments { query },
            Search::deployments,
        );
        let page = api.call(&call).await?;
        let last = page.is_last() || page.items.is_empty();
        ids.extend(page.items.into_iter().map(|d| d.id));
        if last {
            return Ok(ids);
        }
    }
}
