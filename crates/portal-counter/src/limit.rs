//! The per-address rate limit: at most N requests a minute from one address, then 429. The
//! table has a fixed number of slots ([`SLOTS`], 16 bytes each: 256 KiB), so a flood from
//! millions of addresses costs no more memory than one reader: an address takes the slot its
//! hash falls in, and a newcomer in a taken slot starts its own count there. A limited address
//! can so get a fresh count when another address takes its slot; with 16,384 slots that needs
//! thousands of addresses in the same minute, and each of those is limited itself.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::Mutex;

/// Slots in the table.
pub const SLOTS: usize = 16_384;

#[derive(Clone, Copy, Default)]
struct Slot {
    tag: u64,
    minute: u32,
    count: u32,
}

/// Counts requests per address and minute.
pub struct Limiter {
    per_minute: u32,
    slots: Mutex<Vec<Slot>>,
    hasher: RandomState,
}

impl Limiter {
    pub fn new(per_minute: u32) -> Limiter {
        Limiter {
            per_minute,
            slots: Mutex::new(vec![Slot::default(); SLOTS]),
            // Keys of this run: which addresses share a slot cannot be planned.
            hasher: RandomState::new(),
        }
    }

    /// Counts one request from `addr` at Unix time `now`; whether it is allowed.
    pub fn allow(&self, addr: IpAddr, now: i64) -> bool {
        let tag = self.hasher.hash_one(addr) | 1;
        let minute = u32::try_from(now.max(0) / 60).unwrap_or(u32::MAX);
        let mut slots = match self.slots.lock() {
            Ok(slots) => slots,
            Err(poisoned) => poisoned.into_inner(),
        };
        let index = (tag >> 1) as usize % SLOTS;
        let slot = &mut slots[index];
        if slot.tag != tag || slot.minute != minute {
            *slot = Slot {
                tag,
                minute,
                count: 0,
            };
        }
        slot.count = slot.count.saturating_add(1);
        slot.count <= self.per_minute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_limited_for_the_rest_of_its_minute() {
        let limiter = Limiter::new(3);
        let reader: IpAddr = "203.0.113.7".parse().expect("addr");
        let other: IpAddr = "203.0.113.8".parse().expect("addr");
        let minute = 60 * 1_000_000;
        assert!((0..3).all(|_| limiter.allow(reader, minute)));
        assert!(
            !limiter.allow(reader, minute + 59),
            "the fourth in the minute"
        );
        assert!(
            limiter.allow(other, minute + 59),
            "another reader is not limited"
        );
        assert!(limiter.allow(reader, minute + 60), "the next minute");
    }

    #[test]
    fn a_flood_of_addresses_keeps_the_table_its_size() {
        let limiter = Limiter::new(1);
        for i in 0..100_000u32 {
            limiter.allow(IpAddr::from(i.to_be_bytes()), 0);
        }
        assert_eq!(limiter.slots.lock().map(|s| s.len()).unwrap_or(0), SLOTS);
    }
}
