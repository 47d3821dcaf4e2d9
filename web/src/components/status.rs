//! Status words and server names, shown the same way everywhere.
//!
//! - `<StatusBadge status=Some("failed".into())/>` (or `status_badge(opt)` in a cell fn): the
//!   status in words with a tone class (`ok`, `busy`, `bad`, `neutral`) and a glyph, so it
//!   never relies on colour alone.
//! - `<Name text=d.name().to_string()/>`: a server string isolated for direction (`<bdi>`), with
//!   invisible and direction-control characters made visible (`visible_text`), so a name with
//!   a right-to-left override cannot pose as another (`…gpj.exe` shows as `⟦U+202E⟧…`).

use leptos::prelude::*;

/// How a status reads: its tone and a glyph that says the same thing as the colour.
fn tone(status: &str) -> (&'static str, &'static str) {
    // Managers spell health in capitals (`OK`, `Fail`, `Active`): compared case-blind.
    let lower = status.to_ascii_lowercase();
    match lower.as_str() {
        "good" | "active" | "terminated" | "completed" | "uploaded" | "succeeded" | "ok"
        | "created" | "installed" | "valid" | "healthy" => ("ok", "✓"),
        "in_progress" | "started" | "pending" | "queued" | "uploading" | "parsing"
        | "extracting" | "cancelling" | "force_cancelling" | "kill_cancelling" | "scheduled"
        | "creating" | "activating" | "degraded" | "expiring soon" => ("busy", "◷"),
        "requires_attention" | "failed" | "invalid" | "inactive" | "error" | "fail" | "expired"
        | "locked" | "activated" => ("bad", "✕"),
        s if s.starts_with("failed_") => ("bad", "✕"),
        _ => ("neutral", "•"),
    }
}

/// A status in words; a dash when there is none.
#[component]
pub fn StatusBadge(#[prop(into)] status: Option<String>) -> impl IntoView {
    status_badge(status)
}

/// [`StatusBadge`] as a function, for cell renderers.
pub fn status_badge(status: Option<String>) -> AnyView {
    match status.filter(|s| !s.is_empty()) {
        None => view! { <span class="muted">"—"</span> }.into_any(),
        Some(t) => {
            let (tone, glyph) = tone(&t);
            let words = visible_text(&t.replace('_', " "));
            view! {
                <span class=format!("badge {tone}") title=t>
                    <span class="glyph" aria-hidden="true">{glyph}" "</span><bdi>{words}</bdi>
                </span>
            }
            .into_any()
        }
    }
}

/// A server-provided name: direction-isolated, control characters visible.
#[component]
pub fn Name(#[prop(into)] text: String) -> impl IntoView {
    let shown = visible_text(&text);
    view! { <bdi>{shown}</bdi> }
}

/// `s` with invisible characters (C0/C1 controls, zero-width and bidi controls) replaced by a
/// visible `⟦U+XXXX⟧`; ordinary text comes back unchanged (and unallocated work is cheap).
pub fn visible_text(s: &str) -> String {
    if !s.chars().any(is_invisible) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_invisible(c) {
            out.push_str(&format!("⟦U+{:04X}⟧", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}' | '\u{00ad}')
}
