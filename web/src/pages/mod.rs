//! One folder per area of the console: `pages/<area>/`.

pub mod access;
pub mod agents;
pub mod blueprints;
pub mod cdm;
pub mod clusters;
pub mod deployments;
pub mod events;
pub mod executions;
pub mod filters;
pub mod groups;
pub mod home;
pub mod imply;
pub mod login;
pub mod lyve;
pub mod plugins;
pub mod sailpoint;
pub mod schedules;
pub mod secrets;
pub mod sites;
pub mod snapshots;
pub mod system;
pub mod tokens;
