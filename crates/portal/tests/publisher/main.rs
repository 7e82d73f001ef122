//! The publisher's integration tests, in one test binary (one link, not one per file): each
//! module drives `portal` as an operator does, on the sample content, fixtures and scratch
//! folders, through the library or the `portal` binary.

mod attacks_fetch;
mod attacks_release;
mod check;
mod hant;
mod import;
mod preview;
mod publish;
mod release;
mod schema;
mod search;
mod support;
mod sync;
