//! Names the Rust code shares with what is not Rust: the JavaScript in `public/` and
//! `index.html`, the nginx configuration in `deploy/nginx/`, the scripts and the bench's server.
//! Those files cannot import these constants, so a test (`tests/core/names.rs`) reads each of
//! them and checks that it says what is written here.

/// The app's shell: Trunk's `index.html`, kept under this name beside the written pages. nginx
/// and the service worker answer every route that has no written page with it.
pub const SHELL_FILE: &str = "shell.html";

/// The service worker's cache of content files (`public/sw.js`), which the app reads when the
/// network is gone to list the articles a reader can still open.
pub const CONTENT_CACHE: &str = "portal-content";

/// Where the reader's settings (字号, 长者模式, theme, the 无障碍 tools) are kept in `localStorage`, by the inline
/// script in `index.html`'s head and by `public/boot.js`.
pub const READER_SETTINGS_KEY: &str = "portal-reader";

/// The classes the reader's settings put on `<html>`, which the stylesheet answers to: set
/// before the first paint by the inline script in `index.html`, and after a click by
/// `public/boot.js`.
pub const READER_CLASSES: &[&str] = &[
    "text-large",
    "text-small",
    "elder",
    "theme-dark",
    "theme-light",
];

/// The 无障碍 toolbar's tools that stay on (and the bar itself, open or not): kept in the same
/// `localStorage` entry as `true`, and shown as the class `a11y-<tool>` on `<html>`, by the
/// inline script in `index.html` (before the first paint) and by `public/boot.js` (after a
/// click), each of which lists them in this order.
pub const ACCESSIBILITY_TOOLS: &[&str] = &["bar", "cursor", "guide", "caption", "plain"];

/// The `data-reader` values of the reader's tools ([`crate::write::reader`]): each is one case
/// of `public/boot.js`'s one listener.
pub const READER_ACTIONS: &[&str] = &[
    "size", "elder", "theme", "print", "copy", "share", "top", "bar", "cursor", "guide", "caption",
    "plain", "point", "rate", "read", "pause", "stop", "hant",
];

/// The 简/繁 table `portal build` writes beside the pages (the publisher's src/hant.rs), which
/// `public/boot.js` fetches when a reader first switches to traditional characters (or searches
/// with them) and `public/sw.js` keeps.
pub const HANT_TABLE: &str = "hant.json";

/// The class the inline script in `index.html` puts on `<html>` when the reader reads in
/// traditional characters: the stylesheet hides the page until `public/boot.js` has converted
/// it and removed the class (or for 3 s at most, should the table not come).
pub const HANT_WAIT_CLASS: &str = "hant-wait";

/// The end of a file name Trunk gives a built asset: its name, `-`, the hash of its bytes (8 to
/// 16 hex digits: Trunk drops leading zeros) and the extension. Such files never change, so
/// nginx, the service worker and the bench's server may keep them for good. Written as the
/// regular expression nginx (PCRE), JavaScript and `grep -P` all read the same way.
pub const HASHED_ASSET: &str = r"-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css|svg)$";

/// The end of the name of a search index file (`search/terms-3.0badf00d.bin`), named by the
/// hash of its bytes ([`crate::search`]): never changes, kept for good like [`HASHED_ASSET`].
pub const HASHED_INDEX_FILE: &str = r"\.[0-9a-f]{8}\.(?:bin|json)$";
