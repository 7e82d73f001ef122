//! The article's QR code (扫一扫在手机打开), drawn as inline SVG from its address. The app
//! draws it when a reader opens 二维码 (drawn into every written page it cost the 100k build
//! 45 s and each page 7.6 KB).

use qrcodegen::{QrCode, QrCodeEcc};

use crate::write::markup::Markup;

/// The QR code of `text` as inline SVG: dark modules as one path, a quiet zone of four.
pub fn qr_svg(m: &mut Markup, text: &str) {
    let Ok(code) = QrCode::encode_text(text, QrCodeEcc::Medium) else {
        // Longer than a QR code holds (about 2,300 characters): no code rather than a wrong one.
        return;
    };
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{x} {y}h1v1h-1z"));
            }
        }
    }
    let view_box = format!("-4 -4 {0} {0}", size + 8);
    let side = (size + 8).to_string();
    m.el(
        "svg",
        &[
            ("class", "qr-code"),
            ("viewBox", &view_box),
            ("role", "img"),
            ("aria-label", "本页网址的二维码"),
        ],
        |m| {
            m.el(
                "rect",
                &[
                    ("x", "-4"),
                    ("y", "-4"),
                    ("width", &side),
                    ("height", &side),
                    ("fill", "#fff"),
                ],
                |_| {},
            );
            m.el("path", &[("d", &path), ("fill", "#000")], |_| {});
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::markup::render;

    #[test]
    fn the_qr_code_is_an_svg_of_whole_modules() {
        let html = render(|m| {
            qr_svg(
                m,
                "https://kechuang.example.cn/article/20210902-wenzhou-kechuang",
            )
        });
        assert!(html.starts_with("<svg class=\"qr-code\" viewBox=\"-4 -4 "));
        assert!(html.contains("<path d=\"M"));
        assert!(html.ends_with("</path></svg>"));
    }
}
