//! portal-counter's tests, one binary: the HTTP answers and counting rules against a real
//! SQLite file ([`api`]), the same against a real PostgreSQL ([`postgres`]), a release switch
//! ([`releases`]) and a `kill -9` under load ([`crash`]).

mod api;
mod crash;
mod postgres;
mod releases;
mod support;
