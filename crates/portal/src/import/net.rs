//! What `portal import` fetches over HTTP, and from which addresses.
//!
//! A source the operator names (on the command line or in the site file) is fetched as named,
//! wherever it is, even on loopback: that is the operator's decision. What is fetched because
//! *content* named it (a picture to mirror, a JSON Feed's `next_url` on another origin, a
//! redirect to another origin) comes from public addresses only:
//!
//! - the host is resolved once, by [`Policy::lookup`], and every address is classified
//!   ([`not_public`]); ureq then connects to the addresses that passed, since the check *is*
//!   its resolver ([`Checked`]): there is no second lookup of the name for DNS rebinding to
//!   answer differently. TLS and the `Host` header still use the name;
//! - redirects are followed one hop at a time, each hop resolved and checked again;
//! - never through a proxy from the environment (`HTTPS_PROXY`, …): a proxy resolves the name
//!   itself, where the check cannot see the address;
//! - `--allow-host` ([`Policy::allow_hosts`]) lets a host the operator names through anyway.
//!
//! Every body is read to its limit and one byte more, after its `Content-Length`; a picture
//! must say it is one (`image/*`).

use std::fmt;
use std::io::{self, Read};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use portal_core::model::url::resolve;
use ureq::http::Uri;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use super::source::Fetched;
use crate::Error;

/// Looks a host name up: its addresses, each with `port`.
pub type Lookup = Arc<dyn Fn(&str, u16) -> io::Result<Vec<SocketAddr>> + Send + Sync>;

/// Says why an address is not public (`None` when it is).
pub type Classify = Arc<dyn Fn(IpAddr) -> Option<&'static str> + Send + Sync>;

/// Which addresses content may make the publisher fetch from. The lookup and the classifier
/// are injectable so that a test, which only has loopback servers, can say "this address
/// counts as public here" or "this name resolves to a public address, then a private one".
#[derive(Clone)]
pub struct Policy {
    /// Hosts the operator lets through whatever their address (`--allow-host`), lower-cased.
    pub allow_hosts: Vec<String>,
    pub lookup: Lookup,
    pub classify: Classify,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allow_hosts: Vec::new(),
            lookup: Arc::new(|host, port| Ok((host, port).to_socket_addrs()?.collect())),
            classify: Arc::new(not_public),
        }
    }
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("allow_hosts", &self.allow_hosts)
            .finish_non_exhaustive()
    }
}

impl Policy {
    /// Whether the operator let `host` (a name, or an address as the URL writes it) through.
    fn allows(&self, host: &str) -> bool {
        let host = bare_host(host);
        self.allow_hosts
            .iter()
            .any(|allowed| bare_host(allowed).eq_ignore_ascii_case(host))
    }
}

/// `[::1]` as `::1`: the form an address is compared and parsed in.
fn bare_host(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// Why `ip` is not an address on the public internet, or `None` when it is. IPv4 by its
/// special-purpose ranges (RFC 6890 and its updates); IPv6 by allowing only global unicast
/// (2000::/3) less its special ranges, so that what a later RFC carves out of the rest is
/// refused until it is known.
pub fn not_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(ip) => not_public_v4(ip),
        IpAddr::V6(ip) => not_public_v6(ip),
    }
}

fn not_public_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, _, _) => "“this network”, 0.0.0.0/8",
        (10, _, _) | (172, 16..=31, _) | (192, 168, _) => "private, RFC 1918",
        (100, 64..=127, _) => "shared by carrier-grade NAT, 100.64.0.0/10",
        (127, _, _) => "loopback",
        (169, 254, _) => "link-local",
        (192, 0, 0) => "IETF protocol assignments, 192.0.0.0/24",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (192, 88, 99) => "6to4 relay anycast",
        (198, 18..=19, _) => "benchmarking, 198.18.0.0/15",
        (224..=239, _, _) => "multicast",
        (255, 255, 255) if ip.is_broadcast() => "broadcast",
        (240..=255, _, _) => "reserved, 240.0.0.0/4",
        _ => return None,
    })
}

fn not_public_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    // An IPv4 address written as IPv6: a name has no reason to resolve to one, and the
    // socket would reach the IPv4 address it carries.
    if ip.to_ipv4_mapped().is_some() {
        return Some("IPv4-mapped");
    }
    if s[..6] == [0; 6] {
        return Some("IPv4-compatible (deprecated)");
    }
    // NAT64's well-known prefix: a DNS64 resolver writes every IPv4-only host this way on an
    // IPv6-only network, so refusing the prefix would refuse all of them; the IPv4 address it
    // carries decides.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [a, b] = s[6].to_be_bytes();
        let [c, d] = s[7].to_be_bytes();
        return not_public_v4(Ipv4Addr::new(a, b, c, d)).map(|_| "NAT64 of a non-public IPv4");
    }
    if s[0] & 0xfe00 == 0xfc00 {
        return Some("unique-local");
    }
    if s[0] & 0xffc0 == 0xfe80 {
        return Some("link-local");
    }
    if s[0] & 0xff00 == 0xff00 {
        return Some("multicast");
    }
    if (s[0] == 0x2001 && s[1] == 0x0db8) || (s[0] == 0x3fff && s[1] < 0x1000) {
        return Some("documentation");
    }
    if s[0] == 0x2001 && s[1] < 0x0200 {
        return Some("IETF protocol assignments (Teredo, …), 2001::/23");
    }
    // 6to4 is routed to the IPv4 address it carries: as public as that address.
    if s[0] == 0x2002 {
        let [a, b] = s[1].to_be_bytes();
        let [c, d] = s[2].to_be_bytes();
        return not_public_v4(Ipv4Addr::new(a, b, c, d)).map(|_| "6to4 of a non-public IPv4");
    }
    if s[0] & 0xe000 != 0x2000 {
        return Some("not global unicast (outside 2000::/3)");
    }
    None
}

/// ureq's resolver for what content names: the name looked up once, the addresses that are
/// not public dropped (all of them kept for a host of `--allow-host`), refused when none is
/// left. ureq connects to what this returns.
#[derive(Debug)]
struct Checked(Policy);

impl Resolver for Checked {
    fn resolve(
        &self,
        uri: &Uri,
        _config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().ok_or(ureq::Error::HostNotFound)?;
        let port = uri
            .port_u16()
            .or(match uri.scheme_str() {
                Some("https") => Some(443),
                Some("http") => Some(80),
                _ => None,
            })
            .ok_or_else(|| ureq::Error::BadUri(format!("{uri}: not http(s)")))?;
        let name = bare_host(host);
        let addresses = match name.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => self.lookup(name, port, timeout)?,
        };
        let allowed = self.0.allows(host);
        let mut vetted = self.empty();
        let mut refused = None;
        for address in addresses {
            match (self.0.classify)(address.ip()) {
                Some(kind) if !allowed => {
                    refused.get_or_insert((address.ip(), kind));
                }
                _ => {
                    // ureq keeps 16; more would be refused by try_push, not fail the call.
                    let _ = vetted.try_push(address);
                }
            }
        }
        match refused {
            _ if !vetted.is_empty() => Ok(vetted),
            Some((address, kind)) => Err(ureq::Error::Io(io::Error::other(Error::NotPublic {
                host: name.to_string(),
                address,
                kind,
            }))),
            None => Err(ureq::Error::HostNotFound),
        }
    }
}

impl Checked {
    /// The lookup, given up on at `timeout` (a thread: std's lookup cannot be cancelled).
    fn lookup(
        &self,
        name: &str,
        port: u16,
        timeout: NextTimeout,
    ) -> Result<Vec<SocketAddr>, ureq::Error> {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let lookup = self.0.lookup.clone();
        let owned = name.to_string();
        std::thread::spawn(move || sender.send(lookup(&owned, port)));
        let answer = match timeout.not_zero() {
            Some(limit) => receiver
                .recv_timeout(*limit)
                .map_err(|_| ureq::Error::Timeout(timeout.reason))?,
            None => receiver.recv().map_err(|_| ureq::Error::HostNotFound)?,
        };
        Ok(answer?)
    }
}

/// The most redirects followed for one fetch.
pub const MAX_REDIRECTS: usize = 5;

/// One GET: whom it is for and how much of it is read.
pub struct Get<'a> {
    /// The source URL the operator named, when this fetch is for it: a URL on its origin
    /// (scheme, host, port) is fetched without the address check.
    pub operator: Option<&'a str>,
    /// Given up on after this long, redirects and the body included.
    pub timeout: Duration,
    /// Refused past this many bytes.
    pub max_bytes: u64,
    /// Only an answer that says it is a picture (`image/*`) is read.
    pub picture: bool,
}

/// What an answer said to tell whether it changed: its `ETag` and `Last-Modified`, sent back
/// as `If-None-Match` and `If-Modified-Since` the next time.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// The answer to a conditional GET.
pub enum Conditional {
    /// 304: what was read last time still holds.
    NotModified,
    Changed(Fetched),
}

/// Fetches URLs: one agent for the operator's own origins, one that checks addresses for
/// what content names.
pub struct Fetcher {
    operator: ureq::Agent,
    checked: ureq::Agent,
}

impl Fetcher {
    pub fn new(policy: &Policy) -> Fetcher {
        let config = || {
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                // Redirects are followed here, one hop at a time, each checked.
                .max_redirects(0)
                .user_agent("kechuang-portal-import/0.1 (+https://github.com/)")
        };
        Fetcher {
            operator: config().build().into(),
            checked: ureq::Agent::with_parts(
                config().proxy(None).build(),
                DefaultConnector::default(),
                Checked(policy.clone()),
            ),
        }
    }

    /// GET `url`, following redirects one hop at a time: [`Error::NotPublic`] when a hop is
    /// refused, else [`Error::Source`] naming `url` and the problem in words for the operator.
    pub fn get(&self, url: &str, get: &Get) -> Result<Fetched, Error> {
        match self.get_if_changed(url, get, &Validators::default())? {
            Conditional::Changed(fetched) => Ok(fetched),
            // Asked without validators: a 304 is the server's mistake.
            Conditional::NotModified => Err(Error::Source {
                name: url.to_string(),
                problem: "HTTP 304 to a request that was not conditional".into(),
            }),
        }
    }

    /// [`Fetcher::get`], conditional: `If-None-Match` and `If-Modified-Since` from `validators`
    /// (what the last answer said), so that an unchanged source answers 304 and costs neither
    /// its body nor its parsing.
    pub fn get_if_changed(
        &self,
        url: &str,
        get: &Get,
        validators: &Validators,
    ) -> Result<Conditional, Error> {
        let failed = |problem: String| Error::Source {
            name: url.to_string(),
            problem,
        };
        let started = Instant::now();
        let timed_out = || {
            format!(
                "no answer within {} seconds (timed out)",
                get.timeout.as_secs()
            )
        };
        let mut hop = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let uri: Uri = hop
                .parse()
                .map_err(|_| failed(format!("{hop}: not a URL")))?;
            if !matches!(uri.scheme_str(), Some("http" | "https")) {
                return Err(failed(format!("{hop}: not an http(s) URL")));
            }
            let left = get.timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(failed(timed_out()));
            }
            let agent = match get.operator {
                Some(source) if same_origin(source, &uri) => &self.operator,
                _ => &self.checked,
            };
            let mut request = agent.get(&hop);
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &validators.last_modified {
                request = request.header("If-Modified-Since", date);
            }
            let response = request
                .config()
                .timeout_global(Some(left))
                .build()
                .call()
                .map_err(|error| match error {
                    ureq::Error::Timeout(_) => failed(timed_out()),
                    // The resolver's refusal, passed through ureq as the source of an I/O error.
                    ureq::Error::Io(io) if io.get_ref().is_some_and(|e| e.is::<Error>()) => {
                        match io.into_inner().map(|e| e.downcast::<Error>()) {
                            Some(Ok(refused)) => *refused,
                            _ => failed("could not be fetched".into()),
                        }
                    }
                    other => failed(format!("could not be fetched ({other})")),
                })?;
            let status = response.status();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            if status.as_u16() == 304 {
                return Ok(Conditional::NotModified);
            }
            if status.is_redirection() {
                let location = header("location").ok_or_else(|| {
                    failed(format!("HTTP {} without a Location", status.as_u16()))
                })?;
                hop = resolve(&hop, location.trim());
                continue;
            }
            if !status.is_success() {
                return Err(failed(format!("HTTP {}", status.as_u16())));
            }
            let content_type = header("content-type").unwrap_or_default();
            let is_picture = content_type
                .trim_start()
                .get(..6)
                .is_some_and(|t| t.eq_ignore_ascii_case("image/"));
            if get.picture && !is_picture {
                return Err(failed(format!(
                    "not a picture (Content-Type “{content_type}”, not image/…)"
                )));
            }
            let too_big = format!("over {}", megabytes(get.max_bytes));
            if let Some(length) = response.body().content_length() {
                if length > get.max_bytes {
                    return Err(failed(format!(
                        "{too_big} ({length} bytes, its Content-Length says): not read"
                    )));
                }
            }
            let validators = Validators {
                etag: header("etag"),
                last_modified: header("last-modified"),
            };
            let mut bytes = Vec::new();
            response
                .into_body()
                .into_reader()
                .take(get.max_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| match e.kind() {
                    io::ErrorKind::TimedOut => failed(timed_out()),
                    _ => failed(format!("the answer broke off ({e})")),
                })?;
            if bytes.len() as u64 > get.max_bytes {
                return Err(failed(format!("{too_big}: not read further")));
            }
            return Ok(Conditional::Changed(Fetched {
                bytes,
                declared_charset: charset_of(&content_type),
                validators,
            }));
        }
        Err(failed(format!("more than {MAX_REDIRECTS} redirects")))
    }
}

/// `5 MB` for a limit in bytes (MiB, as the limits are set).
fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes / 1024 / 1024)
}

/// Whether `uri` has the scheme, host and port of `source`.
fn same_origin(source: &str, uri: &Uri) -> bool {
    let origin = |uri: &Uri| {
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let port = uri.port_u16().or(match scheme.as_str() {
            "https" => Some(443),
            "http" => Some(80),
            _ => None,
        })?;
        Some((scheme, uri.host()?.to_ascii_lowercase(), port))
    };
    source
        .parse::<Uri>()
        .ok()
        .and_then(|source| origin(&source))
        .is_some_and(|source| Some(source) == origin(uri))
}

/// `charset=` of a Content-Type value.
pub fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(address: &str) -> Option<&'static str> {
        not_public(address.parse().expect("an address"))
    }

    #[test]
    fn only_public_addresses_pass() {
        for public in [
            "1.1.1.1",
            "8.8.8.8",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.1",
            "198.20.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2001:4860:4860::8888",
            "2400:cb00::1",
            // NAT64 and 6to4 of public IPv4 addresses.
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert_eq!(kind(public), None, "{public}");
        }
        for (address, why) in [
            ("0.0.0.0", "“this network”, 0.0.0.0/8"),
            ("0.1.2.3", "“this network”, 0.0.0.0/8"),
            ("10.0.0.1", "private, RFC 1918"),
            ("172.16.0.1", "private, RFC 1918"),
            ("172.31.255.255", "private, RFC 1918"),
            ("192.168.1.1", "private, RFC 1918"),
            ("100.64.0.1", "shared by carrier-grade NAT, 100.64.0.0/10"),
            (
                "100.127.255.254",
                "shared by carrier-grade NAT, 100.64.0.0/10",
            ),
            ("127.0.0.1", "loopback"),
            ("127.255.255.254", "loopback"),
            ("169.254.169.254", "link-local"),
            ("192.0.0.8", "IETF protocol assignments, 192.0.0.0/24"),
            ("192.0.2.1", "documentation"),
            ("198.51.100.1", "documentation"),
            ("203.0.113.1", "documentation"),
            ("192.88.99.1", "6to4 relay anycast"),
            ("198.18.0.1", "benchmarking, 198.18.0.0/15"),
            ("224.0.0.1", "multicast"),
            ("239.255.255.250", "multicast"),
            ("240.0.0.1", "reserved, 240.0.0.0/4"),
            ("255.255.255.255", "broadcast"),
            ("::", "unspecified"),
            ("::1", "loopback"),
            ("::ffff:127.0.0.1", "IPv4-mapped"),
            ("::ffff:8.8.8.8", "IPv4-mapped"),
            ("::127.0.0.1", "IPv4-compatible (deprecated)"),
            ("64:ff9b::7f00:1", "NAT64 of a non-public IPv4"),
            ("64:ff9b::a9fe:a9fe", "NAT64 of a non-public IPv4"),
            ("64:ff9b:1::1", "not global unicast (outside 2000::/3)"),
            ("fc00::1", "unique-local"),
            ("fd12:3456::1", "unique-local"),
            ("fe80::1", "link-local"),
            ("febf::1", "link-local"),
            ("fec0::1", "not global unicast (outside 2000::/3)"),
            ("ff02::1", "multicast"),
            ("2001:db8::1", "documentation"),
            ("3fff::1", "documentation"),
            (
                "2001::1",
                "IETF protocol assignments (Teredo, …), 2001::/23",
            ),
            ("2002:7f00:1::1", "6to4 of a non-public IPv4"),
            ("2002:c0a8:101::1", "6to4 of a non-public IPv4"),
            ("100::1", "not global unicast (outside 2000::/3)"),
            ("4000::1", "not global unicast (outside 2000::/3)"),
        ] {
            assert_eq!(kind(address), Some(why), "{address}");
        }
    }

    #[test]
    fn origins_and_allowed_hosts_compare_as_urls_do() {
        let uri = |u: &str| u.parse::<Uri>().expect("a URI");
        assert!(same_origin(
            "http://127.0.0.1:8080/feed.json",
            &uri("http://127.0.0.1:8080/feed-2.json")
        ));
        assert!(same_origin(
            "https://Feeds.Example.cn/rss",
            &uri("https://feeds.example.cn:443/x")
        ));
        assert!(!same_origin(
            "http://127.0.0.1:8080/feed.json",
            &uri("http://127.0.0.1:6379/")
        ));
        assert!(!same_origin(
            "http://example.cn/feed",
            &uri("https://example.cn/feed")
        ));
        let policy = Policy {
            allow_hosts: vec!["CMS.intranet".into(), "[::1]".into()],
            ..Policy::default()
        };
        assert!(policy.allows("cms.intranet"));
        assert!(policy.allows("[::1]"));
        assert!(!policy.allows("cms.intranet.evil.example"));
        assert_eq!(charset_of("text/xml; charset=\"gbk\""), Some("gbk".into()));
    }
}
