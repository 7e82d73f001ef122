//! The counter's one error type: what could not be done, in words an operator can act on (the
//! file, the database, the setting), with the error that caused it kept as its `source()`.

use std::fmt;

type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Something the counter could not do: read the published site, open or write its database,
/// make or read the salt's secret, or serve.
#[derive(Debug)]
pub struct Error {
    what: String,
    cause: Option<Cause>,
}

impl Error {
    /// An error with no underlying cause (a file of the wrong size, a schema too new).
    pub fn new(what: impl Into<String>) -> Self {
        Error {
            what: what.into(),
            cause: None,
        }
    }

    /// `what` failed because of `cause`, which `source()` then returns.
    pub fn caused(what: impl Into<String>, cause: impl Into<Cause>) -> Self {
        Error {
            what: what.into(),
            cause: Some(cause.into()),
        }
    }

    /// The same error, its description prefixed with where it happened (a file's path).
    pub fn at(self, place: impl fmt::Display) -> Self {
        Error {
            what: format!("{place}: {}", self.what),
            cause: self.cause,
        }
    }
}

impl fmt::Display for Error {
    /// One line for the log: what failed, then why (the cause's own words).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.cause {
            Some(cause) => write!(f, "{} ({cause})", self.what),
            None => f.write_str(&self.what),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|cause| cause as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn the_cause_is_the_source_and_in_the_line() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let error = Error::caused("salt: cannot be read", io).at("/etc/portal/salt");
        assert_eq!(
            error.to_string(),
            "/etc/portal/salt: salt: cannot be read (denied)"
        );
        assert_eq!(
            error.source().map(|e| e.to_string()).as_deref(),
            Some("denied")
        );
        assert!(Error::new("schema too new").source().is_none());
    }
}
