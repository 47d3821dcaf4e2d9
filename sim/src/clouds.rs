//! The four cloud demo managers together, answering under `/__demo/<provider>/…` so the console
//! can connect to all of them at once (the demo server and the in-page demo route these paths
//! here).

use chrono::NaiveDateTime;

use baton_core::connections::DEMO_MOUNT;
use baton_core::endpoint::{Request, Response};

use crate::{cdm::CdmDemo, imply::ImplyDemo, lyve::LyveDemo, sailpoint::SailPointDemo};

/// One demo of each cloud manager.
#[derive(Clone, Debug)]
pub struct CloudDemos {
    pub imply: ImplyDemo,
    pub lyve: LyveDemo,
    pub sailpoint: SailPointDemo,
    pub cdm: CdmDemo,
}

impl Default for CloudDemos {
    fn default() -> Self {
        CloudDemos {
            imply: ImplyDemo::demo(),
            lyve: LyveDemo::demo(),
            sailpoint: SailPointDemo::demo(),
            cdm: CdmDemo::demo(),
        }
    }
}

impl CloudDemos {
    /// Answers a request under `/__demo/<provider>`, or `None` for any other path.
    pub fn handle(&mut self, req: &Request, now: NaiveDateTime) -> Option<Response> {
        let rest = req.uri().path().strip_prefix(DEMO_MOUNT)?;
        let provider = rest.split('/').next()?;
        Some(match provider {
            "imply" => self.imply.handle(req, now),
            "lyve" => self.lyve.handle(req, now),
            "sailpoint" => self.sailpoint.handle(req, now),
            "cdm" => self.cdm.handle(req, now),
            _ => return None,
        })
    }
}
