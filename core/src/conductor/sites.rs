//! Sites: named places (a branch, a cell tower) deployments are assigned to.

use serde::Serialize;

use crate::endpoint::{parse_empty, parse_json, Endpoint, RequestBody, Response};
use crate::error::ApiError;
use crate::page::Page;
use crate::query::{ListQuery, Query};
use crate::session::segment;

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

impl Endpoint for ListSites {
    type Output = Page<Site>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/sites".into()
    }
    fn query(&self) -> Query {
        self.query.to_query()
    }
    fn parse(&self, r: Response) -> Result<Page<Site>, ApiError> {
        parse_json(r)
    }
}

/// `GET /sites/<name>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetSite {
    pub name: String,
}

impl Endpoint for GetSite {
    type Output = Site;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        format!("/sites/{}", segment(&self.name))
    }
    fn parse(&self, r: Response) -> Result<Site, ApiError> {
        parse_json(r)
    }
}

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

impl Endpoint for CreateSite {
    type Output = Site;
    fn method(&self) -> http::Method {
        http::Method::PUT
    }
    fn path(&self) -> String {
        format!("/sites/{}", segment(&self.name))
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(&CreateSiteBody {
            visibility: self
                .visibility
                .as_ref()
                .map_or("tenant", Visibility::as_str),
            location: self.location.as_deref().filter(|l| !l.is_empty()),
        })
    }
    fn parse(&self, r: Response) -> Result<Site, ApiError> {
        parse_json(r)
    }
}

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

impl Endpoint for UpdateSite {
    type Output = Site;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        format!("/sites/{}", segment(&self.name))
    }
    fn body(&self) -> RequestBody {
        RequestBody::json(&UpdateSiteBody {
            location: self.location.as_deref(),
            visibility: self.visibility.as_ref().map(Visibility::as_str),
            new_name: self.new_name.as_deref(),
        })
    }
    fn parse(&self, r: Response) -> Result<Site, ApiError> {
        parse_json(r)
    }
}

/// `DELETE /sites/<name>`; 204. Deployments at the site are left without one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteSite {
    pub name: String,
}

impl Endpoint for DeleteSite {
    type Output = ();
    fn method(&self) -> http::Method {
        http::Method::DELETE
    }
    fn path(&self) -> String {
        format!("/sites/{}", segment(&self.name))
    }
    fn parse(&self, r: Response) -> Result<(), ApiError> {
        parse_empty(r)
    }
}
