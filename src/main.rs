fn main() {
    leptos::mount::mount_to_body(kechuang_portal::app::App);
}
