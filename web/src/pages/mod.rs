//! One folder per area of the console: `pages/<area>/`.

pub mod blueprints;
pub mod deployments;
pub mod login;
pub mod schedules;
