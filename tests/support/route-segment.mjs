// The one JavaScript copy of the portal's route-segment encoding: `encode_segment` in
// src/model/url.rs, which writes the `{slug}` and `{tag}` of /channel/{slug} and /tag/{tag},
// and the `{id}` of /article/{id} for ids up to 200 bytes encoded (article_segment shortens
// longer ones; the app still opens the full form). Tests read the hrefs the app renders wherever
// they can; this copy is for what has to be built without the app: a deep link typed for an id
// (tests/e2e). tests/e2e/hostile.test.mjs checks it against the app's own hrefs for every
// awkward id and tag it knows; change both together.

/**
 * The route segment of `value`, as `encode_segment` writes it: ASCII letters, digits, `-`, `_`
 * and a `.` that is not the first character stay; so does every non-ASCII character that is
 * neither a control character (Unicode Cc, Rust's `char::is_control`) nor white space (the
 * Unicode White_Space property, Rust's `char::is_whitespace`); anything else becomes `~XX` per
 * UTF-8 byte, in upper-case hex.
 */
export function encodeSegment(value) {
  let out = '';
  let byteOffset = 0; // the Rust walks char_indices(): `.` is plain unless at byte 0
  for (const ch of String(value)) {
    const ascii = ch.codePointAt(0) < 0x80;
    const plain = /^[A-Za-z0-9_-]$/.test(ch) || (ch === '.' && byteOffset > 0);
    const keep = plain || (!ascii && !/\p{Cc}/u.test(ch) && !/\p{White_Space}/u.test(ch));
    const bytes = Buffer.from(ch, 'utf8');
    if (keep) out += ch;
    else for (const b of bytes) out += `~${b.toString(16).toUpperCase().padStart(2, '0')}`;
    byteOffset += bytes.length;
  }
  return out;
}
