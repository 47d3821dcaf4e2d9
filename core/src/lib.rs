//! Baton's platform-neutral core: no I/O, no clock it is not given, compiles natively and to wasm32.

pub mod filters;
pub mod labels;
pub mod schedule;
