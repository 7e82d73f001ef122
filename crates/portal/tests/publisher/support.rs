//! What the publisher's tests share beside `portal_core::test_support`.

use std::path::PathBuf;
use std::process::{Command, Output};

use portal::build::{build, BuildOptions};
use portal::site_url::SiteUrl;
use portal_core::test_support::{scratch, workspace_root};

/// A fresh scratch folder holding the app's shell, as `trunk build` leaves `dist/`.
pub fn dist(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(workspace_root().join("index.html"), dir.join("index.html")).expect("a shell");
    dir
}

/// The bundled sample built by `portal build` into a fresh [`dist`] for a site at `site_url`.
pub fn published_sample(name: &str, site_url: &str) -> PathBuf {
    let dir = dist(name);
    let site = SiteUrl::parse(site_url).expect("a site URL");
    build(
        &workspace_root().join("public/content"),
        &dir,
        &site,
        &BuildOptions::default(),
    )
    .expect("the sample builds");
    dir
}

/// Runs the `portal` binary as an operator would, with `args`.
pub fn portal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(args)
        .output()
        .expect("portal runs")
}

/// Everything a run printed, standard output then standard error, for assertions and their messages.
pub fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
