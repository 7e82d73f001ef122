//! One reader counts once per article per [`KEEP_SECS`], without a cookie: a hit's key is
//! SHA-256 of the day's salt, the reader's address, its User-Agent and the article, cut to 16
//! bytes. The key is stored (so that several front machines sharing PostgreSQL dedupe
//! together) and deleted once it expires; the salt never is.
//!
//! The day's salt is SHA-256 of a secret and the day number, so it changes at midnight in the
//! site's time zone. The secret is random for each run of the service, held in memory only;
//! with `--salt-file` it is read from a file the operator keeps outside the database (and copies
//! to each front machine, so their keys agree). A copy of the database alone then holds hashes
//! of addresses no one can test guesses against; and a key lives 30 minutes at most.

use std::io::Write;
use std::net::IpAddr;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::Error;

/// How long one reader's view of an article counts once: 30 minutes.
pub const KEEP_SECS: i64 = 30 * 60;

/// A hit's dedupe key.
pub type Key = [u8; 16];

/// Makes the keys from the secret.
pub struct Salter {
    secret: [u8; 32],
}

impl Salter {
    /// A secret of this run only.
    pub fn random() -> Result<Salter, Error> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| Error::new(format!("no random bytes for the salt: {e}")))?;
        Ok(Salter { secret })
    }

    /// The secret kept in `path` (32 bytes), made there (mode 0600) when the file is absent.
    pub fn from_file(path: &Path) -> Result<Salter, Error> {
        let name = path.display();
        match std::fs::read(path) {
            Ok(bytes) => {
                let secret: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
                    Error::new(format!(
                        "{name}: a salt file holds 32 bytes, this one {}",
                        bytes.len()
                    ))
                })?;
                Ok(Salter { secret })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let salter = Salter::random()?;
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options
                    .open(path)
                    .map_err(|e| Error::caused("cannot be made", e).at(&name))?;
                file.write_all(&salter.secret)
                    .and_then(|()| file.sync_all())
                    .map_err(|e| Error::caused("cannot be written", e).at(&name))?;
                Ok(salter)
            }
            Err(e) => Err(Error::caused("cannot be read", e).at(&name)),
        }
    }

    /// The key of a hit on `day` by `addr` with `user_agent` for `article`.
    pub fn key(&self, day: i64, addr: IpAddr, user_agent: &str, article: &str) -> Key {
        let salt = Sha256::new()
            .chain_update(b"portal-counter daily salt")
            .chain_update(self.secret)
            .chain_update(day.to_le_bytes())
            .finalize();
        let addr = match addr {
            IpAddr::V4(v4) => v4.to_ipv6_mapped().octets(),
            IpAddr::V6(v6) => v6.octets(),
        };
        let digest = Sha256::new()
            .chain_update(salt)
            .chain_update(addr)
            .chain_update((user_agent.len() as u64).to_le_bytes())
            .chain_update(user_agent.as_bytes())
            .chain_update(article.as_bytes())
            .finalize();
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UA: &str = "Mozilla/5.0 Firefox/128.0";

    #[test]
    fn one_reader_one_article_one_key_per_day() {
        let salter = Salter::random().expect("salter");
        let addr: IpAddr = "203.0.113.7".parse().expect("addr");
        let key = salter.key(20_000, addr, UA, "a");
        assert_eq!(key, salter.key(20_000, addr, UA, "a"), "the same hit again");
        let others = [
            salter.key(20_000, "203.0.113.8".parse().expect("addr"), UA, "a"),
            salter.key(20_000, addr, "Mozilla/5.0 Chrome/120", "a"),
            salter.key(20_000, addr, UA, "b"),
        ];
        assert!(
            others.iter().all(|k| *k != key),
            "another reader or article"
        );
    }

    #[test]
    fn the_salt_rotates_daily_and_with_each_run() {
        let salter = Salter::random().expect("salter");
        let addr: IpAddr = "203.0.113.7".parse().expect("addr");
        assert_ne!(
            salter.key(20_000, addr, UA, "a"),
            salter.key(20_001, addr, UA, "a")
        );
        let next_run = Salter::random().expect("salter");
        assert_ne!(
            salter.key(20_000, addr, UA, "a"),
            next_run.key(20_000, addr, UA, "a")
        );
    }

    #[test]
    fn a_salt_file_is_made_once_private_then_reused() {
        let dir = std::env::temp_dir().join(format!("counter-salt-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("salt");
        let addr: IpAddr = "203.0.113.7".parse().expect("addr");
        let first = Salter::from_file(&path)
            .expect("made")
            .key(1, addr, UA, "a");
        let again = Salter::from_file(&path)
            .expect("read")
            .key(1, addr, UA, "a");
        assert_eq!(first, again, "machines sharing the file make the same keys");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner only");
        }
        std::fs::write(&path, b"short").expect("write");
        assert!(Salter::from_file(&path).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
