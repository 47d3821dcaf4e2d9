//! Labels in a stable order: the manager returns them in no fixed order. The editor is the
//! shared `components::labels_editor`.

use baton_core::conductor::labels::LabelPair;
use baton_core::conductor::Label;

/// A deployment's labels as pairs, ordered by key then value.
pub fn ordered(labels: &[Label]) -> Vec<LabelPair> {
    let mut out: Vec<LabelPair> = labels
        .iter()
        .map(|l| LabelPair::new(l.key.clone(), l.value.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}
