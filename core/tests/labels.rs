//! Labels: the CLI's `--labels` lists and the manager's normalisation.

use baton_core::labels::{
    check_label, normalize_label, parse_cli_keys_or_labels, parse_cli_list, Label, LabelError,
    LabelsListError, RESERVED_LABELS,
};
use proptest::prelude::*;

fn list(text: &str) -> Vec<(String, String)> {
    parse_cli_list(text)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
        .into_iter()
        .map(|l| (l.key, l.value))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn cli_lists() {
    assert_eq!(list("env:prod"), pairs(&[("env", "prod")]));
    assert_eq!(
        list("env:prod,tier:web"),
        pairs(&[("env", "prod"), ("tier", "web")])
    );
    assert_eq!(list(r"k:a\,b"), pairs(&[("k", "a,b")]));
    assert_eq!(list(r"k:a\:b,x:1"), pairs(&[("k", "a:b"), ("x", "1")]));
    // Keys are trimmed, values keep their spaces; keys keep their case until stored.
    assert_eq!(list(" Env : prod "), pairs(&[("Env", " prod ")]));
    assert_eq!(list("k:é ü"), pairs(&[("k", "é ü")]));
}

#[test]
fn cli_list_errors() {
    assert_eq!(parse_cli_list(""), Err(LabelsListError::Empty));
    assert_eq!(
        parse_cli_list("k:a\"b"),
        Err(LabelsListError::IllegalCharacters)
    );
    assert_eq!(
        parse_cli_list("k:a\tb"),
        Err(LabelsListError::IllegalCharacters)
    );
    assert_eq!(
        parse_cli_list("k:a\u{200b}"),
        Err(LabelsListError::IllegalCharacters)
    );
    assert_eq!(
        parse_cli_list("k"),
        Err(LabelsListError::Format("k".into()))
    );
    assert_eq!(
        parse_cli_list("k:a:b"),
        Err(LabelsListError::Format("k:a:b".into()))
    );
    assert_eq!(
        parse_cli_list("k:"),
        Err(LabelsListError::Format("k:".into()))
    );
    assert_eq!(
        parse_cli_list(":v"),
        Err(LabelsListError::Format(":v".into()))
    );
    assert_eq!(
        parse_cli_list("a:b,"),
        Err(LabelsListError::Format("".into()))
    );
    assert_eq!(
        parse_cli_list("k y:v"),
        Err(LabelsListError::IllegalKey("k y:v".into()))
    );
    assert_eq!(
        parse_cli_list(r"k\:x:v"),
        Err(LabelsListError::IllegalKey(r"k\:x:v".into()))
    );
    assert_eq!(
        parse_cli_list("é:v"),
        Err(LabelsListError::IllegalKey("é:v".into()))
    );
    assert_eq!(
        parse_cli_list("k:a:b").unwrap_err().to_string(),
        "The label `k:a:b` is invalid. Labels should be of the form <key>:<value>,<key>:<value>"
    );
    assert_eq!(
        parse_cli_list("k y:v").unwrap_err().to_string(),
        "The label `k y:v` is invalid. The label's key contains illegal characters. Only letters, \
         digits and the characters `-`, `.` and `_` are allowed"
    );
    assert_eq!(
        parse_cli_list("\"").unwrap_err().to_string(),
        "Error: labels cannot contain control characters or `\"`"
    );
}

#[test]
fn keys_or_labels_for_delete() {
    assert_eq!(
        parse_cli_keys_or_labels("env,tier:web").expect("ok"),
        [
            ("env".to_string(), None),
            ("tier".to_string(), Some("web".to_string()))
        ]
    );
    assert!(parse_cli_keys_or_labels("a:b:c").is_err());
    assert!(parse_cli_list("env").is_err());
}

#[test]
fn normalisation_lower_cases_keys_and_nfkc_values() {
    assert_eq!(
        normalize_label("Env", "Prod"),
        Ok(Label::new("env", "Prod"))
    );
    // NFKC: compatibility forms fold (ﬁ ligature, full-width letters, superscripts).
    assert_eq!(
        normalize_label("k", "ﬁle").map(|l| l.value),
        Ok("file".to_string())
    );
    assert_eq!(
        normalize_label("k", "ＡＢＣ²").map(|l| l.value),
        Ok("ABC2".to_string())
    );
    assert_eq!(
        normalize_label("k", "e\u{301}").map(|l| l.value),
        Ok("é".to_string())
    );
    assert_eq!(normalize_label("k", "").map(|l| l.value), Ok(String::new()));
    assert_eq!(
        normalize_label("a~b.c-d_e", "x").map(|l| l.key),
        Ok("a~b.c-d_e".to_string())
    );
}

#[test]
fn normalisation_limits_and_characters() {
    assert_eq!(
        normalize_label(&"k".repeat(257), "v"),
        Err(LabelError::TooLong)
    );
    assert_eq!(
        normalize_label("k", &"é".repeat(257)),
        Err(LabelError::TooLong)
    );
    assert!(normalize_label(&"k".repeat(256), &"é".repeat(256)).is_ok());
    assert_eq!(
        normalize_label("k:y", "v"),
        Err(LabelError::IllegalKey("k:y".into()))
    );
    assert_eq!(
        normalize_label("é", "v"),
        Err(LabelError::IllegalKey("é".into()))
    );
    for bad in [
        "a\"b", "a\nb", "\u{7f}", "\u{feff}", "\u{e000}", "\u{ad}", "\u{fffe}",
    ] {
        assert_eq!(
            normalize_label("k", bad),
            Err(LabelError::IllegalValue(bad.into())),
            "{bad:?}"
        );
    }
    assert_eq!(
        normalize_label("k", "a\u{1}").unwrap_err().to_string(),
        "The value `a\u{1}` contains illegal characters. Control characters and `\"` are not allowed."
    );
}

#[test]
fn reserved_keys() {
    for key in RESERVED_LABELS {
        let value = if key.starts_with("csys-location-l") {
            "10"
        } else {
            "x"
        };
        assert!(normalize_label(key, value).is_ok(), "{key}");
    }
    assert_eq!(
        normalize_label("csys-other", "x"),
        Err(LabelError::ReservedKey("csys-other".into()))
    );
    assert_eq!(
        normalize_label("CSYS-OBJ-TYPE", "x").map(|l| l.key),
        Ok("csys-obj-type".into())
    );
    assert!(normalize_label("csys", "x").is_ok());
}

#[test]
fn latitude_and_longitude_ranges() {
    for ok in ["90", "-90", "0", "12.5", " 45 ", "1e1"] {
        assert!(normalize_label("csys-location-lat", ok).is_ok(), "{ok}");
    }
    for bad in ["90.01", "-91", "north", "", "nan"] {
        assert_eq!(
            normalize_label("csys-location-lat", bad),
            Err(LabelError::Latitude(bad.trim().into())),
            "{bad}"
        );
    }
    assert!(normalize_label("csys-location-long", "-180").is_ok());
    assert!(matches!(
        normalize_label("csys-location-long", "180.5"),
        Err(LabelError::Longitude(_))
    ));
    assert!(normalize_label("location-lat", "500").is_ok());
    // Full-width digits: NFKC folds them, Python's float reads them; both checks agree.
    assert_eq!(
        normalize_label("csys-location-lat", "－４５．５").map(|l| l.value),
        Ok("-45.5".into())
    );
    assert_eq!(check_label("csys-location-lat", "－４５．５"), Ok(()));
    assert!(check_label("csys-location-lat", "９１").is_err());
    assert!(normalize_label("csys-location-lat", "200")
        .unwrap_err()
        .to_string()
        .contains("between -90 and 90"));
}

proptest! {
    #[test]
    // Values whose NFKC form is a number only through other compatibility characters
    // (circled or superscript digits) are a documented difference, so they are not generated.
    fn check_agrees_with_normalize(
        key in "[a-zA-Z~ -]{1,8}|csys-location-la[tg]|csys-[a-z]{1,4}",
        value in "[ -~é\"]{0,12}|-?[0-9]{1,3}(\\.[0-9])?|[０-９．－＋]{1,5}",
    ) {
        prop_assert_eq!(check_label(&key, &value).is_ok(), normalize_label(&key, &value).is_ok());
    }

    #[test]
    fn parse_never_panics(text in "\\PC{0,40}|[a-z:,\\\\ ]{0,40}") {
        if let Ok(labels) = parse_cli_list(&text) {
            for l in labels {
                prop_assert!(!l.key.is_empty() && !l.value.is_empty());
            }
        }
    }

    #[test]
    fn escaped_values_survive(key in "[a-z][a-z0-9_.-]{0,8}", value in "[a-zA-Z0-9 ,:é-]{1,12}") {
        let escaped = value.replace(',', "\\,").replace(':', "\\:");
        let text = format!("{key}:{escaped},other:x");
        let parsed = parse_cli_list(&text).expect("valid");
        prop_assert_eq!(parsed, vec![Label::new(key, value), Label::new("other", "x")]);
    }

    #[test]
    fn normalisation_is_idempotent(key in "[a-zA-Z][a-zA-Z0-9_.~-]{0,10}", value in "\\PC{0,20}") {
        if let Ok(once) = normalize_label(&key, &value) {
            // NFKC can create a `"` (from U+FF02), which a second pass refuses.
            prop_assume!(!once.value.contains('"'));
            let twice = normalize_label(&once.key, &once.value);
            prop_assert_eq!(twice, Ok(once));
        }
    }
}
