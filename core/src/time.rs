//! Manager timestamps: naive UTC, sent as `2026-11-22T12:54:47.482Z`.

use chrono::NaiveDateTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time as the manager reports it (always UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub NaiveDateTime);

const FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f+00:00",
];

impl Timestamp {
    /// Parses the forms managers send; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Timestamp> {
        FORMATS
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
            .map(Timestamp)
    }

    /// The manager's own wire form, millisecond precision.
    pub fn to_wire(&self) -> String {
        self.0.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
    }

    /// A short human form for tables: `2026-11-22 12:54`.
    pub fn short(&self) -> String {
        self.0.format("%Y-%m-%d %H:%M").to_string()
    }

    /// The exact time for a tooltip: `2026-11-22 12:54:47 UTC`.
    pub fn exact(&self) -> String {
        self.0.format("%Y-%m-%d %H:%M:%S UTC").to_string()
    }

    /// How long ago this was, seen from `now`, in the words a list shows: "just now",
    /// "42 s ago", "3 min ago", "5 h ago", "2 days ago"; past a month, the date. A time in the
    /// future (a clock ahead of the browser's) reads "in 3 min".
    pub fn ago(&self, now: NaiveDateTime) -> String {
        let secs = (now - self.0).num_seconds();
        let (n, future) = if secs < 0 {
            (-secs, true)
        } else {
            (secs, false)
        };
        let text = match n {
            0..=4 => return "just now".into(),
            5..=59 => format!("{n} s"),
            60..=3_599 => format!("{} min", n / 60),
            3_600..=86_399 => format!("{} h", n / 3_600),
            86_400..=172_799 => "1 day".into(),
            172_800..=2_591_999 => format!("{} days", n / 86_400),
            _ => return self.0.format("%Y-%m-%d").to_string(),
        };
        if future {
            format!("in {text}")
        } else {
            format!("{text} ago")
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_wire())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse(&raw)
            .ok_or_else(|| serde::de::Error::custom(format!("`{raw}` is not a timestamp")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ago_reads_like_an_operator_says_it() {
        let t = Timestamp::parse("2026-11-22T12:00:00Z").unwrap();
        let at = |s: &str| Timestamp::parse(s).unwrap().0;
        assert_eq!(t.ago(at("2026-11-22T12:00:03Z")), "just now");
        assert_eq!(t.ago(at("2026-11-22T12:00:42Z")), "42 s ago");
        assert_eq!(t.ago(at("2026-11-22T12:03:59Z")), "3 min ago");
        assert_eq!(t.ago(at("2026-11-22T17:00:00Z")), "5 h ago");
        assert_eq!(t.ago(at("2026-11-23T13:00:00Z")), "1 day ago");
        assert_eq!(t.ago(at("2026-11-25T12:00:00Z")), "3 days ago");
        assert_eq!(t.ago(at("2027-01-22T12:00:00Z")), "2026-11-22");
        assert_eq!(t.ago(at("2026-11-22T11:57:00Z")), "in 3 min");
        assert_eq!(t.exact(), "2026-11-22 12:00:00 UTC");
    }

    #[test]
    fn parses_manager_forms_and_prints_the_wire_form() {
        let t = Timestamp::parse("2026-11-22T12:54:47.482Z").unwrap();
        assert_eq!(t.to_wire(), "2026-11-22T12:54:47.482Z");
        assert_eq!(t.short(), "2026-11-22 12:54");
        assert!(Timestamp::parse("2026-11-22 12:54:47").is_some());
        assert!(Timestamp::parse("2026-11-22T12:54:47.123456").is_some());
        assert!(Timestamp::parse("yesterday").is_none());
        assert!(serde_json::from_str::<Timestamp>("\"nope\"").is_err());
    }
}
