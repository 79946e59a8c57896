//! Reading condition values and policy variables the way IAM does, for the checks that judge
//! them: Bool/Null words, numbers, dates (iam-semantics.md 7.8: the W3C profile of ISO 8601, or
//! epoch seconds), IP addresses and CIDR blocks, and the `${...}` variables inside a string.

use std::net::IpAddr;

/// `true` or `false` (IAM reads them ignoring case).
pub fn is_bool(value: &str) -> bool {
    value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
}

/// An integer or decimal number, optionally negative.
pub fn is_number(value: &str) -> bool {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// A date IAM's date operators read: epoch seconds, or one of the W3C profile's forms
/// (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, then `Thh:mm`, `Thh:mm:ss` or `Thh:mm:ss.s...`, each with a
/// time zone `Z` or `±hh:mm`). IAM User Guide, condition operators ("Date"); W3C NOTE-datetime.
pub fn is_date(value: &str) -> bool {
    if is_number(value) && !value.starts_with('-') {
        return true;
    }
    let (date, time) = match value.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let fields: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize, range: std::ops::RangeInclusive<u32>| {
        s.len() == len
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| range.contains(&n))
    };
    let date_ok = match fields[..] {
        [y] => number(y, 4, 0..=9999),
        [y, m] => number(y, 4, 0..=9999) && number(m, 2, 1..=12),
        [y, m, d] => number(y, 4, 0..=9999) && number(m, 2, 1..=12) && number(d, 2, 1..=31),
        _ => false,
    };
    if !date_ok {
        return false;
    }
    let Some(time) = time else {
        return true;
    };
    if fields.len() != 3 {
        return false;
    }
    let (clock, zone) = match time.strip_suffix('Z') {
        Some(clock) => (clock, None),
        None => match time.rfind(['+', '-']) {
            Some(i) => (&time[..i], Some(&time[i + 1..])),
            None => return false,
        },
    };
    if let Some(zone) = zone {
        let Some((h, m)) = zone.split_once(':') else {
            return false;
        };
        if !number(h, 2, 0..=23) || !number(m, 2, 0..=59) {
            return false;
        }
    }
    let parts: Vec<&str> = clock.split(':').collect();
    match parts[..] {
        [h, m] => number(h, 2, 0..=23) && number(m, 2, 0..=59),
        [h, m, s] => {
            let (whole, fraction) = match s.split_once('.') {
                Some((w, f)) => (w, Some(f)),
                None => (s, None),
            };
            number(h, 2, 0..=23)
                && number(m, 2, 0..=59)
                && number(whole, 2, 0..=60)
                && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        }
        _ => false,
    }
}

/// An IPv4 or IPv6 address, optionally with a `/prefix` no longer than the address.
pub fn is_cidr(value: &str) -> bool {
    let (address, prefix) = match value.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (value, None),
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return false;
    };
    let max = if address.is_ipv4() { 32 } else { 128 };
    prefix.is_none_or(|p| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= max)
    })
}

/// One `${...}` in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Variable<'a> {
    /// `${key}` or `${key, 'default'}`: the key, trimmed.
    Key(&'a str),
    /// `${*}`, `${?}` or `${$}`: the character itself.
    Escape,
    /// `${}`, or a `${` never closed.
    Malformed(&'a str),
}

/// The variables of a string, in order, with their byte offset.
pub fn variables(text: &str) -> Vec<(usize, Variable<'_>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("${").map(|i| from + i) {
        let inner_start = start + 2;
        match text[inner_start..].find('}') {
            None => {
                found.push((start, Variable::Malformed(&text[start..])));
                break;
            }
            Some(length) => {
                let inner = &text[inner_start..inner_start + length];
                let key = inner.split_once(',').map_or(inner, |(key, _)| key).trim();
                let variable = match key {
                    "" => Variable::Malformed(&text[start..inner_start + length + 1]),
                    "*" | "?" | "$" => Variable::Escape,
                    _ => Variable::Key(key),
                };
                found.push((start, variable));
                from = inner_start + length + 1;
            }
        }
    }
    found
}

/// Whether a string has a `*` or `?` that is a wildcard: not inside `${...}` (where `${*}` is
/// the literal character).
pub fn has_wildcard_outside_variables(text: &str) -> bool {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'$' if bytes.get(i + 1) == Some(&b'{') => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b'*' | b'?' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_w3c_profile_or_epoch() {
        for good in [
            "2026",
            "2026-12",
            "2026-12-31",
            "2026-12-31T23:59Z",
            "2026-12-31T23:59:59Z",
            "2026-12-31T23:59:59.123Z",
            "2026-12-31T23:59:59+02:00",
            "1767225600",
        ] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2026-13-01",
            "2026-12-32",
            "26-12-31",
            "2026-12-31T23:59:59",
            "2026-12-31T25:00Z",
            "2026/12/31",
            "tomorrow",
            "",
            "2026-12T10:00Z",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn numbers_words_and_networks() {
        assert!(is_number("3600") && is_number("-1") && is_number("1.5"));
        assert!(!is_number("1h") && !is_number("") && !is_number("1.") && !is_number("${x}"));
        assert!(is_bool("true") && is_bool("FALSE") && !is_bool("flase") && !is_bool("1"));
        assert!(is_cidr("203.0.113.0/24") && is_cidr("203.0.113.7") && is_cidr("2001:db8::/32"));
        assert!(!is_cidr("203.0.113.0/33") && !is_cidr("203.0.113") && !is_cidr("10.0.0.0/"));
    }

    #[test]
    fn variables_are_found_with_their_form() {
        assert_eq!(
            variables("a/${aws:username}/${aws:PrincipalTag/team, 'x'}/${*}/${}/${aws:x"),
            vec![
                (2, Variable::Key("aws:username")),
                (18, Variable::Key("aws:PrincipalTag/team")),
                (48, Variable::Escape),
                (53, Variable::Malformed("${}")),
                (57, Variable::Malformed("${aws:x")),
            ]
        );
        assert!(has_wildcard_outside_variables("a*"));
        assert!(!has_wildcard_outside_variables("a${*}b${aws:username}"));
    }
}
