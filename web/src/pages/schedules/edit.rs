//! Creating, editing and duplicating a schedule: a recurrence builder of simple choices (or a raw
//! RRULE), with the rule in English, the next 10 runs and the manager's own validation shown as
//! the operator types, each message on the field it is about.

use baton_core::conductor::deployments::GetDeployment;
use baton_core::conductor::execution_schedules::{
    CreateExecutionSchedule, ExecutionSchedule, GetExecutionSchedule, UpdateExecutionSchedule,
};
use baton_core::schedule::{Choices, Mode, Nth, Schedule, ScheduleError, Unit, Weekday};
use baton_core::{ApiError, Query};
use chrono::{NaiveDateTime, Timelike};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use serde_json::{Map, Value};

use super::{local_text, now_utc};
use crate::api::use_api;
use crate::components::form::{FormState, SchemaForm};
use crate::components::{ErrorView, Loading};
use crate::permissions::guard;

const UNITS: [(Unit, &str); 6] = [
    (Unit::Minute, "minutes"),
    (Unit::Hour, "hours"),
    (Unit::Day, "days"),
    (Unit::Week, "weeks"),
    (Unit::Month, "months"),
    (Unit::Year, "years"),
];
const DAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "Mon"),
    (Weekday::Tue, "Tue"),
    (Weekday::Wed, "Wed"),
    (Weekday::Thu, "Thu"),
    (Weekday::Fri, "Fri"),
    (Weekday::Sat, "Sat"),
    (Weekday::Sun, "Sun"),
];
const POSITIONS: [(Option<Nth>, &str, &str); 6] = [
    (None, "", "every such day"),
    (Some(Nth::First), "1", "the 1st of the month/year"),
    (Some(Nth::Second), "2", "the 2nd of the month/year"),
    (Some(Nth::Third), "3", "the 3rd of the month/year"),
    (Some(Nth::Fourth), "4", "the 4th of the month/year"),
    (Some(Nth::Last), "l", "the last of the month/year"),
];

/// Everything the form holds besides the timing choices.
#[derive(Clone, Debug, PartialEq)]
struct Extras {
    id: String,
    workflow: String,
    slip: String,
    stop_on_fail: bool,
    enabled: bool,
    force: bool,
    dry_run: bool,
    queue: bool,
    wait_after_fail: String,
    allow_custom_parameters: bool,
    parameters: String,
}

impl Default for Extras {
    fn default() -> Self {
        Extras {
            id: String::new(),
            workflow: String::new(),
            slip: "0".into(),
            stop_on_fail: false,
            enabled: true,
            force: false,
            dry_run: false,
            queue: true,
            wait_after_fail: "600".into(),
            allow_custom_parameters: false,
            parameters: String::new(),
        }
    }
}

/// A stored time as a `datetime-local` value.
fn input_time(t: NaiveDateTime) -> String {
    if t.second() == 0 {
        t.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

fn from_stored(s: &ExecutionSchedule) -> (Choices, Extras, bool) {
    let time =
        |t: Option<baton_core::time::Timestamp>| t.map(|t| input_time(t.0)).unwrap_or_default();
    let rule = s.rule.clone().unwrap_or_default();
    let since = time(s.since);
    let until = time(s.until);
    let choices = Choices::from_rule(
        &since,
        &until,
        rule.recurrence.as_deref(),
        rule.count,
        rule.weekdays.as_deref().unwrap_or_default(),
        rule.rrule.as_deref(),
    );
    let simple = choices.is_some();
    // A rule the simple choices cannot show is edited as the RRULE it is not: keep it readable.
    let choices = choices.unwrap_or(Choices {
        since,
        until,
        ..Choices::default()
    });
    let args = s.execution_arguments.clone().unwrap_or_default();
    let flag = |k: &str| args.get(k).and_then(Value::as_bool).unwrap_or(false);
    let extras = Extras {
        id: s.id.clone(),
        workflow: s.workflow_id.clone().unwrap_or_default(),
        slip: s.slip.unwrap_or(0).to_string(),
        stop_on_fail: s.stop_on_fail.unwrap_or(false),
        enabled: s.enabled.unwrap_or(true),
        force: flag("force"),
        dry_run: flag("is_dry_run") || flag("dry_run"),
        queue: true,
        wait_after_fail: args
            .get("wait_after_fail")
            .map(|v| v.to_string())
            .unwrap_or_else(|| "600".into()),
        allow_custom_parameters: flag("allow_custom_parameters"),
        parameters: s
            .parameters
            .as_ref()
            .filter(|p| !p.is_empty())
            .and_then(|p| serde_json::to_string_pretty(p).ok())
            .unwrap_or_default(),
    };
    (choices, extras, simple)
}

/// The manager's `validate_inputs` for ids, said plainly.
fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        None
    } else if id.len() > 256 {
        Some("At most 256 characters.")
    } else if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
    {
        Some("Only letters, digits and - _ . ~ are allowed.")
    } else if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("The id must begin with a letter.")
    } else {
        None
    }
}

/// Problems with the fields besides the timing, each on its field.
fn extras_problems(x: &Extras, editing: bool) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if !editing {
        if let Some(p) = id_problem(x.id.trim()) {
            out.push(("id", p.to_string()));
        }
    }
    if x.workflow.trim().is_empty() {
        out.push(("workflow_id", "Choose the workflow to run.".into()));
    }
    if x.slip.trim().parse::<u64>().is_err() {
        out.push((
            "slip",
            "Slip is a whole number of minutes (0 or more).".into(),
        ));
    }
    if x.wait_after_fail.trim().parse::<u64>().is_err() {
        out.push((
            "wait_after_fail",
            "A whole number of seconds (0 or more).".into(),
        ));
    }
    out
}

fn body(
    c: &Choices,
    x: &Extras,
    params: Option<Map<String, Value>>,
) -> baton_core::schedule::ScheduleRequest {
    let mut r = c.to_request();
    r.workflow_id = Some(x.workflow.trim().to_string());
    r.slip = x.slip.trim().parse().ok();
    r.stop_on_fail = Some(x.stop_on_fail);
    r.enabled = Some(x.enabled);
    r.parameters = params.filter(|p| !p.is_empty()).map(Value::Object);
    let mut args = Map::new();
    args.insert("force".into(), x.force.into());
    args.insert("dry_run".into(), x.dry_run.into());
    args.insert("queue".into(), x.queue.into());
    args.insert(
        "wait_after_fail".into(),
        x.wait_after_fail
            .trim()
            .parse::<u64>()
            .unwrap_or(600)
            .into(),
    );
    args.insert(
        "allow_custom_parameters".into(),
        x.allow_custom_parameters.into(),
    );
    r.execution_arguments = Some(Value::Object(args));
    r
}

#[component]
pub fn ScheduleNewPage() -> impl IntoView {
    let location = use_location();
    let q = Query::decode(location.search.get_untracked().trim_start_matches('?'));
    let deployment = q.get("deployment_id").unwrap_or_default().to_string();
    let copy = q.get("copy").map(str::to_string);
    view! { <ScheduleEditor deployment=deployment id=copy editing=false/> }.into_any()
}

#[component]
pub fn ScheduleEditPage() -> impl IntoView {
    let params = use_params_map();
    let get = |k: &str| params.with_untracked(|p| p.get(k).unwrap_or_default());
    view! { <ScheduleEditor deployment=get("deployment") id=Some(get("id")) editing=true/> }
        .into_any()
}

/// Loads the schedule being edited or duplicated (if any), then shows the form.
#[component]
fn ScheduleEditor(deployment: String, id: Option<String>, editing: bool) -> impl IntoView {
    let api = use_api();
    let (dep, sid) = (deployment.clone(), id.clone());
    let existing = LocalResource::new(move || {
        let (dep, sid) = (dep.clone(), sid.clone());
        async move {
            match sid {
                None => Ok(None),
                Some(id) => api
                    .call(&GetExecutionSchedule {
                        id,
                        deployment_id: dep,
                        include: Vec::new(),
                    })
                    .await
                    .map(Some),
            }
        }
    });
    let title = if editing {
        "Edit schedule"
    } else if id.is_some() {
        "Duplicate schedule"
    } else {
        "New schedule"
    };
    view! {
        <nav class="crumbs"><A href="/schedules">"Schedules"</A>" › " {title}</nav>
        <h1>{title}</h1>
        {move || match existing.get() {
            None => view! { <Loading what="the schedule"/> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=move |_| existing.refetch()/> }.into_any(),
            Some(Ok(stored)) => {
                let (choices, mut extras, simple) = match &stored {
                    Some(s) => from_stored(s),
                    None => {
                        // A new schedule starts at the next full hour, UTC.
                        let now = now_utc();
                        let start = now
                            .with_minute(0)
                            .and_then(|t| t.with_second(0))
                            .and_then(|t| t.with_nanosecond(0))
                            .unwrap_or(now)
                            + chrono::Duration::hours(1);
                        (
                            Choices { since: input_time(start), ..Choices::default() },
                            Extras::default(),
                            true,
                        )
                    }
                };
                if !editing && stored.is_some() {
                    extras.id = format!("{}-copy", extras.id);
                }
                view! {
                    <ScheduleForm
                        deployment=deployment.clone()
                        choices=choices
                        extras=extras
                        editing=editing
                        simple=simple
                        stored=stored
                    />
                }
                .into_any()
            }
        }}
    }
    .into_any()
}

fn field_error(message: Option<String>, field: &'static str) -> impl IntoView {
    message.map(|m| view! { <p class="field-error" data-field=field role="alert">{m}</p> })
}

#[component]
fn ScheduleForm(
    deployment: String,
    choices: Choices,
    extras: Extras,
    editing: bool,
    simple: bool,
    stored: Option<ExecutionSchedule>,
) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let deployment = RwSignal::new(deployment);
    let choices = RwSignal::new(choices);
    let extras = RwSignal::new(extras);
    let submitting = RwSignal::new(false);
    let server_error = RwSignal::new(None::<ApiError>);
    let tried = RwSignal::new(false);

    // The deployment's workflows, for the workflow choice.
    let workflows = LocalResource::new(move || {
        let id = deployment.get();
        async move {
            if id.trim().is_empty() {
                return Ok(Vec::new());
            }
            api.call(&GetDeployment {
                id,
                include: vec!["id".into(), "workflows".into()],
                ..Default::default()
            })
            .await
            .map(|d| d.workflows.unwrap_or_default())
        }
    });

    // Workflow parameters through the form engine, declared by the chosen workflow.
    let initial: Map<String, Value> = extras.with_untracked(|x| {
        serde_json::from_str::<Map<String, Value>>(&x.parameters).unwrap_or_default()
    });
    let params = FormState::new(&Value::Object(Map::new()));
    params.allow_custom(extras.with_untracked(|x| x.allow_custom_parameters));
    params.set_values(&initial);
    let initial = StoredValue::new(Some(initial));
    // The form's fields are made under this component's owner, not the effect's: an effect's
    // owner disposes what it made each time it runs again.
    let owner = Owner::current();
    Effect::new(move |_| {
        let chosen = extras.with(|x| x.workflow.clone());
        let (loaded, schema) = workflows.with(|w| match w {
            Some(Ok(list)) => (
                true,
                list.iter()
                    .find(|w| w.name == chosen)
                    .and_then(|w| w.parameters.clone()),
            ),
            Some(Err(_)) => (true, None),
            None => (false, None),
        });
        let apply = move || {
            params.set_schema(&Value::Object(schema.unwrap_or_default()));
            // The stored values fill the workflow's schema once it is known; later choices
            // keep what is typed.
            if loaded {
                if let Some(values) = initial.try_update_value(Option::take).flatten() {
                    params.set_values(&values);
                }
            }
        };
        // Untracked: the schema follows the workflow choice, not what is typed in the fields.
        match &owner {
            Some(o) => o.with(|| untrack(apply)),
            None => untrack(apply),
        }
    });
    Effect::new(move |_| params.allow_custom(extras.with(|x| x.allow_custom_parameters)));
    let param_values = move || params.result.with(|r| r.as_ref().ok().cloned());

    let checked: Memo<Result<Schedule, ScheduleError>> =
        Memo::new(move |_| choices.with(|c| c.to_request().validate()));
    let problems = Memo::new(move |_| extras.with(|x| extras_problems(x, editing)));
    let rule_error = move |field: &'static str| {
        checked.with(|r| match r {
            Err(e) if e.field() == field => Some(if e.error_kind().is_manager_error() {
                e.message().to_string()
            } else {
                format!(
                    "{} — Baton refuses this: the manager would accept it and then fail or never run it.",
                    e.message()
                )
            }),
            _ => None,
        })
    };
    let extra_error = move |field: &'static str| {
        problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
    };
    let shown_extra = move |field: &'static str| {
        // Required fields complain only after a first attempt to save.
        let e = extra_error(field);
        if field == "workflow_id" && !tried.get() {
            None
        } else {
            e
        }
    };

    let set = move |f: fn(&mut Choices, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            choices.update(|c| f(c, v));
        }
    };
    let set_x = move |f: fn(&mut Extras, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            extras.update(|x| f(x, v));
        }
    };
    let flag_x = move |f: fn(&mut Extras, bool)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_checked(&ev);
            extras.update(|x| f(x, v));
        }
    };

    let local_hint = move |get: fn(&Choices) -> &String| {
        move || {
            choices.with(|c| {
                let raw = get(c);
                let t = baton_core::time::Timestamp::parse(&format!("{raw}:00"))
                    .or_else(|| baton_core::time::Timestamp::parse(raw));
                t.map(|t| format!("Your local time: {}", local_text(t.0)))
            })
        }
    };

    let old_rule = stored.as_ref().and_then(|s| s.rule.clone());
    // PATCH keeps weekdays/count/recurrence that are left out: say so before it surprises.
    let patch_note = move || {
        let old = old_rule.as_ref()?;
        let c = choices.get();
        let lost_weekdays = old.weekdays.as_ref().is_some_and(|w| !w.is_empty())
            && (c.mode != Mode::Every || c.weekdays.is_empty());
        let lost_count = old.count.is_some() && c.mode == Mode::Every && c.count.trim().is_empty();
        (editing && (lost_weekdays || lost_count)).then(|| view! {
            <p class="note" role="note">
                "The manager cannot clear a schedule's weekdays or count on update: the old value stays. To remove it, duplicate the schedule without it and delete this one."
            </p>
        })
    };

    let preview = move || {
        let now = now_utc();
        checked.with(|r| match r {
            Err(e) if e.field() == "rule" => view! {
                <p class="field-error" data-field="rule" role="alert">{e.message().to_string()}</p>
            }
            .into_any(),
            Err(_) => view! { <p class="muted">"Fix the highlighted field to see the runs."</p> }.into_any(),
            Ok(s) => {
                let text = s.describe();
                let runs = s.next_occurrences(now, 10);
                let never = s.never_runs().then(|| view! {
                    <p class="warning" role="alert">"This schedule will never run: with a count of 0 the manager stores it but never starts it."</p>
                });
                let list = if runs.is_empty() {
                    view! { <p class="empty">"No runs after now."</p> }.into_any()
                } else {
                    view! {
                        <table class="runs">
                            <thead><tr><th>"#"</th><th>"UTC"</th><th>"Your local time"</th></tr></thead>
                            <tbody>
                                {runs.into_iter().enumerate().map(|(i, d)| view! {
                                    <tr>
                                        <td>{i + 1}</td>
                                        <td class="mono utc">{d.format("%a %Y-%m-%d %H:%M").to_string()}</td>
                                        <td class="mono local">{local_text(d)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                };
                view! {
                    <p class="rule-english">{text}</p>
                    {never}
                    <h3>"Next 10 runs"</h3>
                    {list}
                }
                .into_any()
            }
        })
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        params.touch_all();
        if checked.with(Result::is_err)
            || problems.with(|p| !p.is_empty())
            || params.result.with(Result::is_err)
        {
            return;
        }
        let c = choices.get_untracked();
        let x = extras.get_untracked();
        let dep = deployment.get_untracked().trim().to_string();
        let body = body(&c, &x, param_values());
        let id = if x.id.trim().is_empty() {
            x.workflow.trim().to_string()
        } else {
            x.id.trim().to_string()
        };
        submitting.set(true);
        server_error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = if editing {
                api.call(&UpdateExecutionSchedule {
                    id,
                    deployment_id: dep.clone(),
                    body,
                })
                .await
            } else {
                api.call(&CreateExecutionSchedule {
                    id,
                    deployment_id: dep.clone(),
                    body,
                })
                .await
            };
            submitting.set(false);
            match result {
                Ok(_) => navigate(
                    &format!(
                        "/schedules?{}",
                        Query::new().with("deployment_id", dep).encode()
                    ),
                    Default::default(),
                ),
                Err(e) => {
                    // A parameter the manager names goes on its field; anything else on top.
                    if !params.show_server_error(&e) {
                        server_error.set(Some(e));
                    }
                }
            }
        });
    };

    let mode_radio = move |mode: Mode, label: &'static str| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="mode"
                    value=label
                    prop:checked=move || choices.with(|c| c.mode == mode)
                    on:change=move |_| choices.update(|c| c.mode = mode)
                />
                {label}
            </label>
        }
    };

    let workflow_field = move || {
        let current = extras.with(|x| x.workflow.clone());
        match workflows.get() {
            Some(Ok(list)) if !list.is_empty() => {
                let known = list.iter().any(|w| w.name == current);
                view! {
                    <select id="schedule-workflow" name="workflow_id" on:change=set_x(|x, v| x.workflow = v)>
                        <option value="" selected=current.is_empty()>"Choose a workflow…"</option>
                        {(!known && !current.is_empty()).then(|| view! { <option value=current.clone() selected=true>{current.clone()}</option> })}
                        {list.into_iter().map(|w| {
                            let selected = w.name == current;
                            view! { <option value=w.name.clone() selected=selected>{w.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                }
                .into_any()
            }
            other => {
                let note = match other {
                    Some(Err(e)) => Some(format!(
                        "Could not read the deployment's workflows: {}",
                        e.message
                    )),
                    _ => None,
                };
                view! {
                    <input id="schedule-workflow" name="workflow_id" type="text" prop:value=current on:input=set_x(|x, v| x.workflow = v)/>
                    {note.map(|n| view! { <p class="muted">{n}</p> })}
                }
                .into_any()
            }
        }
    };

    view! {
        <form class="schedule-form" on:submit=save novalidate=true>
            {move || server_error.get().map(|e| view! { <ErrorView error=e/> })}
            {(!simple).then(|| view! {
                <p class="note">"This schedule mixes weekday positions the simple choices cannot show; choose its timing again below."</p>
            })}
            <div class="form-columns">
                <div class="form-main">
                    <fieldset>
                        <legend>"What runs"</legend>
                        <label for="schedule-deployment">"Deployment"</label>
                        <input id="schedule-deployment" name="deployment_id" type="text" disabled=editing
                            prop:value=move || deployment.get()
                            on:change=move |ev| deployment.set(event_target_value(&ev))/>
                        <label for="schedule-id">"Schedule id"</label>
                        <input id="schedule-id" name="id" type="text" disabled=editing
                            placeholder="defaults to the workflow's name"
                            prop:value=move || extras.with(|x| x.id.clone())
                            on:input=set_x(|x, v| x.id = v)/>
                        {move || field_error(extra_error("id"), "id")}
                        <label for="schedule-workflow">"Workflow"</label>
                        {workflow_field}
                        {move || field_error(shown_extra("workflow_id"), "workflow_id")}
                        <div class="schedule-parameters">
                            <span class="label">"Workflow parameters"</span>
                            {move || {
                                let dep = deployment.get();
                                view! { <SchemaForm form=params deployment_id=Some(dep)/> }
                            }}
                        </div>
                    </fieldset>

                    <fieldset>
                        <legend>"When (all times UTC)"</legend>
                        <label for="schedule-since">"First possible run (UTC)"</label>
                        <input id="schedule-since" name="since" type="datetime-local" step="60"
                            prop:value=move || choices.with(|c| c.since.clone())
                            on:input=set(|c, v| c.since = v)/>
                        <p class="sub local-hint">{local_hint(|c| &c.since)}</p>
                        {move || field_error(rule_error("since"), "since")}

                        <div class="modes" role="radiogroup" aria-label="How it repeats">
                            {mode_radio(Mode::Once, "Once")}
                            {mode_radio(Mode::Every, "Repeat")}
                            {mode_radio(Mode::Rrule, "Advanced (RRULE)")}
                        </div>

                        <Show when=move || choices.with(|c| c.mode == Mode::Every)>
                            <div class="every">
                                <label for="schedule-interval">"Every"</label>
                                <input id="schedule-interval" name="interval" type="text" inputmode="numeric" size="4"
                                    prop:value=move || choices.with(|c| c.interval.clone())
                                    on:input=set(|c, v| c.interval = v)/>
                                <select id="schedule-unit" name="unit" aria-label="Unit" on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    if let Some((u, _)) = UNITS.iter().find(|(_, n)| *n == v) {
                                        choices.update(|c| c.unit = *u);
                                    }
                                }>
                                    {UNITS.iter().map(|(u, name)| {
                                        let u = *u;
                                        view! { <option value=*name selected=move || choices.with(|c| c.unit == u)>{*name}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            {move || field_error(rule_error("recurrence"), "recurrence")}
                            <div class="weekdays" role="group" aria-label="On these weekdays">
                                <span>"On "</span>
                                <select id="schedule-position" name="position" aria-label="Which of those days" on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    if let Some((n, _, _)) = POSITIONS.iter().find(|(_, k, _)| *k == v) {
                                        choices.update(|c| c.nth = *n);
                                    }
                                }>
                                    {POSITIONS.iter().map(|(n, key, label)| {
                                        let n = *n;
                                        view! { <option value=*key selected=move || choices.with(|c| c.nth == n)>{*label}</option> }
                                    }).collect_view()}
                                </select>
                                {DAYS.iter().map(|(d, name)| {
                                    let d = *d;
                                    view! {
                                        <label class="day">
                                            <input type="checkbox" name="weekday" value=*name
                                                prop:checked=move || choices.with(|c| c.weekdays.contains(&d))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    choices.update(|c| {
                                                        c.weekdays.retain(|x| *x != d);
                                                        if on {
                                                            c.weekdays.push(d);
                                                            c.weekdays.sort_by_key(|x| x.num_days_from_monday());
                                                        }
                                                    });
                                                }/>
                                            {*name}
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                            <p class="sub">"No day ticked: every period. \"The 2nd …\" and \"the last …\" need months or years."</p>
                            {move || field_error(rule_error("weekdays"), "weekdays")}
                            <label for="schedule-count">"At most this many runs (empty: no limit)"</label>
                            <input id="schedule-count" name="count" type="text" inputmode="numeric" size="6"
                                prop:value=move || choices.with(|c| c.count.clone())
                                on:input=set(|c, v| c.count = v)/>
                            {move || field_error(rule_error("count"), "count")}
                        </Show>

                        <Show when=move || choices.with(|c| c.mode == Mode::Rrule)>
                            <label for="schedule-rrule">"RRULE (RFC 5545; times UTC, no time zones)"</label>
                            <textarea id="schedule-rrule" name="rrule" rows="2" placeholder="RRULE:FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=10"
                                prop:value=move || choices.with(|c| c.rrule.clone())
                                on:input=set(|c, v| c.rrule = v)></textarea>
                            {move || field_error(rule_error("rrule"), "rrule")}
                        </Show>

                        <label for="schedule-until">"Last possible run (UTC, empty: no end)"</label>
                        <input id="schedule-until" name="until" type="datetime-local" step="60"
                            prop:value=move || choices.with(|c| c.until.clone())
                            on:input=set(|c, v| c.until = v)/>
                        <p class="sub local-hint">{local_hint(|c| &c.until)}</p>
                        {move || field_error(rule_error("until"), "until")}
                        {patch_note}
                    </fieldset>

                    <fieldset>
                        <legend>"How it runs"</legend>
                        <label class="check"><input type="checkbox" name="enabled" prop:checked=move || extras.with(|x| x.enabled) on:change=flag_x(|x, v| x.enabled = v)/>"Enabled"</label>
                        <label class="check"><input type="checkbox" name="stop_on_fail" prop:checked=move || extras.with(|x| x.stop_on_fail) on:change=flag_x(|x, v| x.stop_on_fail = v)/>"Stop on failure (disable the schedule after a failed run)"</label>
                        <label for="schedule-slip">"Slip: minutes a missed run may still start late"</label>
                        <input id="schedule-slip" name="slip" type="text" inputmode="numeric" size="6"
                            prop:value=move || extras.with(|x| x.slip.clone())
                            on:input=set_x(|x, v| x.slip = v)/>
                        {move || field_error(extra_error("slip"), "slip")}
                        <label class="check"><input type="checkbox" name="force" prop:checked=move || extras.with(|x| x.force) on:change=flag_x(|x, v| x.force = v)/>"Force (run even if another execution is active)"</label>
                        <label class="check"><input type="checkbox" name="dry_run" prop:checked=move || extras.with(|x| x.dry_run) on:change=flag_x(|x, v| x.dry_run = v)/>"Dry run"</label>
                        <label class="check"><input type="checkbox" name="queue" prop:checked=move || extras.with(|x| x.queue) on:change=flag_x(|x, v| x.queue = v)/>"Queue if busy (the scheduler always queues)"</label>
                        <label class="check"><input type="checkbox" name="allow_custom_parameters" prop:checked=move || extras.with(|x| x.allow_custom_parameters) on:change=flag_x(|x, v| x.allow_custom_parameters = v)/>"Allow parameters the workflow does not declare"</label>
                        <label for="schedule-wait">"Wait after a failure (seconds)"</label>
                        <input id="schedule-wait" name="wait_after_fail" type="text" inputmode="numeric" size="6"
                            prop:value=move || extras.with(|x| x.wait_after_fail.clone())
                            on:input=set_x(|x, v| x.wait_after_fail = v)/>
                        {move || field_error(extra_error("wait_after_fail"), "wait_after_fail")}
                    </fieldset>
                </div>
                <aside class="form-preview" aria-live="polite">
                    <h2>"Preview"</h2>
                    {preview}
                    <details class="request-preview">
                        <summary>"What the manager will receive"</summary>
                        <pre class="request-json">{move || {
                            let b = choices.with(|c| extras.with(|x| body(c, x, param_values())));
                            serde_json::to_string_pretty(&b).unwrap_or_default()
                        }}</pre>
                    </details>
                </aside>
            </div>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || submitting.get() use:guard=super::SCHEDULE_CHANGE>
                    {if editing { "Save changes" } else { "Create schedule" }}
                </button>
                <A href="/schedules">"Cancel"</A>
            </div>
        </form>
    }
    .into_any()
}
