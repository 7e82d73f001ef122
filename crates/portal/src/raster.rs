//! What kind of picture a file is and how large, read from its first bytes: enough to check the
//! site's share picture (`_portal.share_image`), which link previews show and WeChat's share
//! card draws only when it is a PNG or a JPEG (it ignores SVG), at least 300×300 pixels.
//! No image decoder: the size is in a PNG's IHDR chunk and in a JPEG's start-of-frame segment.

/// The formats a share picture may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Raster {
    Png,
    Jpeg,
}

impl Raster {
    pub fn name(self) -> &'static str {
        match self {
            Raster::Png => "PNG",
            Raster::Jpeg => "JPEG",
        }
    }
}

/// The smallest share picture, in pixels each way: WeChat's card asks for 300×300 or more.
pub const MIN_SHARE_SIDE: u32 = 300;

/// The format and size (width, height) of `bytes`, or what it is instead.
pub(crate) fn dimensions(bytes: &[u8]) -> Result<(Raster, u32, u32), String> {
    const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(PNG_SIGNATURE) {
        // The first chunk is IHDR: length (4), type (4), width (4), height (4).
        if bytes.get(12..16) != Some(b"IHDR") {
            return Err("a PNG without its IHDR header".into());
        }
        let width = be32(bytes, 16).ok_or("a truncated PNG")?;
        let height = be32(bytes, 20).ok_or("a truncated PNG")?;
        return Ok((Raster::Png, width, height));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return jpeg(bytes).map(|(w, h)| (Raster::Jpeg, w, h));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    Err(if head.contains("<svg") {
        "an SVG, which WeChat's share card does not show".into()
    } else {
        "neither a PNG nor a JPEG".into()
    })
}

/// A JPEG's size, from its first start-of-frame segment.
fn jpeg(bytes: &[u8]) -> Result<(u32, u32), String> {
    let truncated = || "a truncated JPEG".to_string();
    let mut at = 2;
    loop {
        if *bytes.get(at).ok_or_else(truncated)? != 0xFF {
            return Err("a JPEG whose segments do not follow each other".into());
        }
        // Markers may be padded with extra 0xFF bytes.
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at + 1).ok_or_else(truncated)?;
        at += 2;
        // Markers without a length: TEM and RST0–7.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            return Err("a JPEG without a frame header before its image data".into());
        }
        let length = usize::from(be16(bytes, at).ok_or_else(truncated)?);
        // SOF0–SOF15, but DHT (C4), JPG (C8) and DAC (CC), which share the range.
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            // length (2), precision (1), height (2), width (2).
            let height = be16(bytes, at + 3).ok_or_else(truncated)?;
            let width = be16(bytes, at + 5).ok_or_else(truncated)?;
            return Ok((u32::from(width), u32::from(height)));
        }
        if length < 2 {
            return Err("a JPEG with a malformed segment".into());
        }
        at += length;
    }
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Why `bytes` cannot be the share picture, or `None` when it can.
pub fn share_image_problem(bytes: &[u8]) -> Option<String> {
    match dimensions(bytes) {
        Err(what) => Some(format!("is {what}: a share picture must be a PNG or a JPEG")),
        Ok((kind, w, h)) if w < MIN_SHARE_SIDE || h < MIN_SHARE_SIDE => Some(format!(
            "is a {} of {w}×{h} pixels: a share picture needs at least {MIN_SHARE_SIDE}×{MIN_SHARE_SIDE}",
            kind.name()
        )),
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0]);
        bytes
    }

    /// SOI, an APP0 segment of 16 bytes, then SOF2 (progressive) with the size.
    fn jpeg(width: u16, height: u16) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        bytes.extend([0xFF, 0xFF, 0xC2, 0, 17, 8]);
        bytes.extend(height.to_be_bytes());
        bytes.extend(width.to_be_bytes());
        bytes.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        bytes
    }

    #[test]
    fn reads_png_and_jpeg_sizes() {
        assert_eq!(dimensions(&png(1200, 630)), Ok((Raster::Png, 1200, 630)));
        assert_eq!(dimensions(&jpeg(640, 480)), Ok((Raster::Jpeg, 640, 480)));
        assert_eq!(share_image_problem(&png(300, 300)), None);
        assert_eq!(share_image_problem(&jpeg(800, 800)), None);
    }

    #[test]
    fn refuses_svg_small_and_broken_files() {
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>"#;
        assert!(share_image_problem(svg).is_some_and(|p| p.contains("an SVG")));
        assert!(share_image_problem(&png(299, 600)).is_some_and(|p| p.contains("299×600")));
        assert!(share_image_problem(&jpeg(600, 200)).is_some_and(|p| p.contains("JPEG of 600×200")));
        assert!(share_image_problem(&png(600, 600)[..18]).is_some_and(|p| p.contains("truncated")));
        assert!(share_image_problem(&jpeg(600, 600)[..12]).is_some_and(|p| p.contains("truncated")));
        assert!(share_image_problem(b"GIF89a").is_some_and(|p| p.contains("neither")));
        assert!(share_image_problem(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2])
            .is_some_and(|p| p.contains("without a frame")));
        assert!(share_image_problem(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0])
            .is_some_and(|p| p.contains("malformed")));
    }
}
