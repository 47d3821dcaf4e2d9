//! Baton's browser console.

pub mod api;
pub mod app;
pub mod components;
pub mod connections;
pub mod live;
pub mod pages;
pub mod permissions;
pub mod stored;
