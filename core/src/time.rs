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
