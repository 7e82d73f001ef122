fn main() {
    // The static frame index.html shows while the wasm downloads gives way to the app.
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot-shell"))
    {
        shell.remove();
    }
    leptos::mount::mount_to_body(kechuang_portal::app::App);
}
