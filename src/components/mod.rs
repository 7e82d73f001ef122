//! The parts of pages that react on their own: the header with its search box, the channel
//! strip, the footer, the loading and failure states, and the QR code drawn when opened. What
//! they show is written by `portal_core::write`.

pub mod chrome;
pub mod qr;
pub mod status;
