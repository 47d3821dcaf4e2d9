//! Sites: named places (a branch, a cell tower) deployments are assigned to.

use serde::Serialize;

use crate::endpoint::{endpoint, parse_empty, RequestBody};
use crate::page::Page;
use crate::query::ListQuery;

use super::resources::Site;
use super::Visibility;

/// Reads a site location the way the manager does: `"<latitude>,<longitude>"`, each a float,
/// latitude in [-90, 90] and longitude in [-180, 180]. `Ok(None)` for an empty string (which
/// clears the location on update). `Err` carries the manager's 400 message.
pub fn parse_location(location: &str) -> Result<Option<(f64, f64)>, String> {
    if location.is_empty() {
        return Ok(None);
    }
    let Some((lat, long)) = location.split_once(',') else {
        return Err(format!(
            "Invalid location `{location}`, the format is expected to be \"latitude,longitude\" such as \"32.071072,34.787274\""
        ));
    };
    let (Some(lat), Some(long)) = (py_float(lat), py_float(long)) else {
        return Err(format!(
            "Invalid location `{location}`, the latitude and longitude are expected to be of type float"
        ));
    };
    if !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&long)) {
        return Err(format!(
            "Invalid location `{location}`. The latitude must be a number between -90 and 90 and the longitude between -180 and 180"
        ));
    }
    Ok(Some((lat, long)))
}

/// Python's `float()` on a string: surrounding whitespace allowed, `nan`/`inf` accepted
/// (and then out of range).
fn py_float(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || t.contains(|c: char| c.is_whitespace()) {
        return None;
    }
    t.parse::<f64>().ok()
}

/// Formats a location for a request, as the console sends it.
pub fn format_location(latitude: f64, longitude: f64) -> String {
    format!("{latitude}, {longitude}")
}

/// `GET /sites` (`_search` matches the name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListSites {
    pub query: ListQuery,
}

endpoint!(ListSites(this) -> Page<Site> {
    GET "/sites";
    query = this.query.to_query();
});

/// `GET /sites/<name>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetSite {
    pub name: String,
}

endpoint!(GetSite(this) -> Site {
    GET "/sites/{}", this.name;
});

#[derive(Serialize)]
struct CreateSiteBody<'a> {
    visibility: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
}

/// `PUT /sites/<name>` `{visibility, location?}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreateSite {
    pub name: String,
    /// `"latitude,longitude"`; check it with [`parse_location`].
    pub location: Option<String>,
    /// `tenant` when not set.
    pub visibility: Option<Visibility>,
}

endpoint!(CreateSite(this) -> Site {
    PUT "/sites/{}", this.name;
    body = RequestBody::json(&CreateSiteBody {
        visibility: this
            .visibility
            .as_ref()
            .map_or("tenant", Visibility::as_str),
        location: this.location.as_deref().filter(|l| !l.is_empty()),
    });
});

#[derive(Serialize)]
struct UpdateSiteBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    visibility: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_name: Option<&'a str>,
}

/// `POST /sites/<name>` with the fields to change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateSite {
    pub name: String,
    pub new_name: Option<String>,
    /// A new `"latitude,longitude"`; `Some("")` clears the location.
    pub location: Option<String>,
    pub visibility: Option<Visibility>,
}

endpoint!(UpdateSite(this) -> Site {
    POST "/sites/{}", this.name;
    body = RequestBody::json(&UpdateSiteBody {
        location: this.location.as_deref(),
        visibility: this.visibility.as_ref().map(Visibility::as_str),
        new_name: this.new_name.as_deref(),
    });
});

/// `DELETE /sites/<name>`; 204. Deployments at the site are left without one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteSite {
    pub name: String,
}

endpoint!(DeleteSite(this) -> () {
    DELETE "/sites/{}", this.name;
    parse = parse_empty;
});
