//! Brings DOMPurify's corpus (the shared fixtures beside the repository, which a clone alone
//! does not have) into the build, for the browser test `tests/web_dompurify.rs`: a browser test
//! cannot read files, so the corpus is compiled in. Without the fixtures an empty stand-in is
//! written and the test says it is skipped; with `PORTAL_REQUIRE_FIXTURES` set (scripts/test.sh)
//! their absence fails the build instead.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let corpus = std::env::var_os("PORTAL_FIXTURES_DOMPURIFY")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../shared/fixtures/dompurify"))
        .join("expect.mjs");
    println!("cargo:rerun-if-changed={}", corpus.display());
    println!("cargo:rerun-if-env-changed=PORTAL_FIXTURES_DOMPURIFY");
    println!("cargo:rerun-if-env-changed=PORTAL_REQUIRE_FIXTURES");
    let text = match std::fs::read_to_string(&corpus) {
        Ok(text) => text,
        Err(error) if std::env::var_os("PORTAL_REQUIRE_FIXTURES").is_some() => {
            panic!(
                "{}: {error}; PORTAL_REQUIRE_FIXTURES asks for the shared fixtures",
                corpus.display()
            )
        }
        Err(_) => String::new(),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(error) = std::fs::write(out.join("dompurify-expect.mjs"), text) {
        panic!("{}: {error}", out.display());
    }
    println!("cargo:rustc-env=PORTAL_DOMPURIFY_AT={}", corpus.display());
}
