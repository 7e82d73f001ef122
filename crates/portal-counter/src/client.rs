//! Who sent a request: the reader's address, and whether the reader is a program.
//!
//! Behind nginx every request comes from 127.0.0.1. The address a proxy forwards
//! (`X-Forwarded-For`, or a CDN's one-address header) is believed only when the request comes
//! from a proxy the operator listed (`--trusted-proxy`): otherwise anyone could send a new
//! address with each hit and be counted, or rate-limited, as thousands of readers.

use std::net::IpAddr;

/// The reader's address: `peer` itself, unless `peer` is a trusted proxy; then the last
/// address of `forwarded` (a comma-separated list, each proxy appending the one it saw) that is
/// not itself a trusted proxy. A header that does not parse counts for nothing.
pub fn client_addr(peer: IpAddr, forwarded: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(&peer) {
        return peer;
    }
    let Some(forwarded) = forwarded else {
        return peer;
    };
    for part in forwarded.rsplit(',') {
        let Ok(addr) = part.trim().parse::<IpAddr>() else {
            return peer;
        };
        let addr = addr.to_canonical();
        if !trusted.contains(&addr) {
            return addr;
        }
    }
    peer
}

/// Words in the User-Agent of crawlers, link previews, monitors and HTTP libraries. A real
/// browser's never has them; a reader's browser never runs without a User-Agent.
const BOT_WORDS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "headless",
    "lighthouse",
    "preview",
    "facebookexternalhit",
    "curl",
    "wget",
    "python",
    "go-http-client",
    "java/",
    "okhttp",
    "httpclient",
    "axios",
    "node-fetch",
    "wrk",
    "phantomjs",
];

/// Whether the User-Agent is a program's, not a reader's browser: such hits are not counted.
/// (Clients that never run the page's script never send a hit at all.)
pub fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.to_ascii_lowercase();
    !ua.contains("mozilla/") || BOT_WORDS.iter().any(|word| ua.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let trusted = [ip("127.0.0.1")];
        // nginx on loopback forwards the reader's address.
        assert_eq!(
            client_addr(ip("127.0.0.1"), Some("203.0.113.7"), &trusted),
            ip("203.0.113.7")
        );
        // A reader who sends the header directly is not believed.
        assert_eq!(
            client_addr(ip("198.51.100.1"), Some("203.0.113.7"), &trusted),
            ip("198.51.100.1")
        );
        // A forged first entry is not taken: the last one the trusted proxy appended is.
        assert_eq!(
            client_addr(
                ip("127.0.0.1"),
                Some("1.2.3.4, 203.0.113.7, 127.0.0.1"),
                &trusted
            ),
            ip("203.0.113.7")
        );
        // Garbage where the proxy's entry should be: the proxy is the client.
        assert_eq!(
            client_addr(ip("127.0.0.1"), Some("nonsense"), &trusted),
            ip("127.0.0.1")
        );
        assert_eq!(
            client_addr(ip("127.0.0.1"), None, &trusted),
            ip("127.0.0.1")
        );
        // IPv4 seen through an IPv6 socket is the same address.
        assert_eq!(
            client_addr(ip("::ffff:127.0.0.1"), Some("2001:db8::1"), &trusted),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn bots_are_told_by_their_user_agent() {
        for bot in [
            "",
            "curl/8.5.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; Baiduspider/2.0)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
            "python-requests/2.31",
        ] {
            assert!(is_bot(bot), "{bot}");
        }
        for reader in [
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0",
        ] {
            assert!(!is_bot(reader), "{reader}");
        }
    }
}
