//! The article's QR code, drawn when a reader opens 二维码 (`portal_core::write::qr` writes it).

use portal_core::write::markup::render;
use portal_core::write::qr::qr_svg;

/// Draws the QR code of a `details.qr` when it is opened, from its `data-url`: one listener on
/// the document (toggle does not bubble: it is caught on its way down), for every page.
pub fn draw_qr_codes_when_opened() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_toggle = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let Some(details) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if !details.class_list().contains("qr") || !details.has_attribute("open") {
            return;
        }
        let (Some(url), Ok(Some(slot))) = (
            details.get_attribute("data-url"),
            details.query_selector(".qr-slot"),
        ) else {
            return;
        };
        if slot.child_element_count() == 0 {
            slot.set_inner_html(&render(|m| qr_svg(m, &url)));
        }
    });
    let _ = document.add_event_listener_with_callback_and_bool(
        "toggle",
        on_toggle.as_ref().unchecked_ref(),
        true,
    );
    // The listener lives as long as the page.
    on_toggle.forget();
}
