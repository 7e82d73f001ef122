//! Text helpers every part of the portal shares, each defined once: the fold search compares
//! text by, the hash that names files and records what content an index was built from, and
//! the cut that makes teasers and excerpts.

/// Text as search compares it: full-width Latin letters and digits (ＡＩ, ５Ｇ) as their ASCII
/// forms, and Latin letters lower-cased. Chinese has no case; `str::to_lowercase` would bring
/// Unicode's whole case table (about 15 KB) into the wasm for letters a Chinese portal's search
/// hardly meets.
pub fn fold_case(text: &str) -> String {
    text.chars()
        .map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            };
            c.to_ascii_lowercase()
        })
        .collect()
}

/// FNV-1a, 64 bits: small, and the same on every platform (unlike std's hasher, which is
/// randomly seeded), so the app and the publisher agree, and a name made from it is the same
/// at every run.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The hash of a file's text, as the search manifest records it and the app compares it.
pub fn content_hash(text: &[u8]) -> String {
    format!("{:016x}", fnv1a(text))
}

/// Cuts `text` to at most `chars` characters, ending with `…` when it was cut.
pub fn truncate_chars(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_latin_folds_to_ascii_lower_case_and_chinese_is_kept() {
        assert_eq!(fold_case("ＡＩ芯片５Ｇ AbC"), "ai芯片5g abc");
    }

    #[test]
    fn a_cut_ends_with_an_ellipsis_only_when_something_was_cut() {
        assert_eq!(truncate_chars("科技创新", 4), "科技创新");
        assert_eq!(truncate_chars("科技 创新", 3), "科技…");
    }

    #[test]
    fn the_hash_is_fnv1a_and_the_same_everywhere() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(content_hash(b"a"), format!("{:016x}", fnv1a(b"a")));
    }
}
