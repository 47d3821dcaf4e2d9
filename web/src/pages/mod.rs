//! One module per area of the console.

pub mod blueprints;
pub mod deployments;
pub mod detail;
pub mod list;
pub mod login;
