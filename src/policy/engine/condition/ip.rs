//! IP address condition values (IAM User Guide, `reference_policies_elements_condition_operators`,
//! "IP address condition operators"): IPv4 or IPv6 addresses in CIDR notation.

use std::net::IpAddr;

/// An IPv4 or IPv6 network in CIDR notation (a bare address is a /32 or /128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNetwork {
    address: IpAddr,
    prefix: u8,
}

impl IpNetwork {
    pub fn parse(text: &str) -> Option<IpNetwork> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(IpNetwork { address, prefix })
    }

    /// An IPv6 address written without a prefix length. The User Guide says a value without a
    /// range gets "/32", which for IPv6 would be a whole /32 network; evaluators read /128.
    /// This evaluator reads /128 (the address itself) and lint warns (iam-semantics.md §7,
    /// open question).
    pub fn is_bare_ipv6(text: &str) -> bool {
        let text = text.trim();
        !text.contains('/') && text.parse::<std::net::Ipv6Addr>().is_ok()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_question_a_bare_ipv6_address_is_that_address_alone() {
        let network = IpNetwork::parse("2001:db8::1").expect("an address");
        assert!(network.contains("2001:db8::1".parse().unwrap()));
        assert!(!network.contains("2001:db8::2".parse().unwrap()));
        assert!(IpNetwork::is_bare_ipv6("2001:db8::1"));
        assert!(!IpNetwork::is_bare_ipv6("2001:db8::/32"));
        assert!(!IpNetwork::is_bare_ipv6("203.0.113.7"));
    }

    #[test]
    fn prefixes_beyond_the_address_width_are_unreadable() {
        assert!(IpNetwork::parse("10.0.0.0/33").is_none());
        assert!(IpNetwork::parse("10.0.0.0/x").is_none());
        assert!(IpNetwork::parse("${aws:SourceIp}").is_none());
    }
}
