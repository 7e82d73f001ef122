//! Small pieces the pages are made of.

pub mod chrome;
pub mod lists;
pub mod reader;
pub mod sidebar;
pub mod status;
