//! The app's entry point in the browser: take over a page the publisher wrote, or mount the
//! app over the shell's static frame.

#[cfg(target_arch = "wasm32")]
fn main() {
    kechuang_portal::components::qr::draw_qr_codes_when_opened();
    let document = web_sys::window().and_then(|w| w.document());
    // A page the publisher wrote: the app takes it over once it has the same page ready.
    if let Some(page) = document
        .as_ref()
        .and_then(|d| d.get_element_by_id("prerendered"))
    {
        kechuang_portal::takeover::take_over(page);
        return;
    }
    // The static frame index.html shows while the wasm downloads gives way to the app.
    if let Some(shell) = document.and_then(|d| d.get_element_by_id("boot-shell")) {
        shell.remove();
    }
    leptos::mount::mount_to_body(kechuang_portal::app::App);
}

/// `cargo run` in the repository builds this natively: say what to run instead.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "kechuang-portal is the browser app: serve it with ./scripts/serve.sh or build it with \
         `trunk build --release`. The publisher is `cargo run --release -p portal -- --help`."
    );
    std::process::exit(2);
}
