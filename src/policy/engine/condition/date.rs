//! Date condition values (IAM User Guide, `reference_policies_elements_condition_operators`,
//! "Date condition operators"): "one of the W3C implementations of the ISO 8601 date formats or
//! in epoch (UNIX) time" (iam-semantics.md §7.8). The W3C profile (W3C NOTE-datetime) allows
//! reduced precision: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmTZD`,
//! `YYYY-MM-DDThh:mm:ssTZD` and `YYYY-MM-DDThh:mm:ss.sTZD`, with `TZD` `Z` or `±hh:mm`.
//!
//! Readings where the sources are silent: exactly four digits are a year (the W3C form), other
//! digit strings are epoch seconds; a time without a zone designator is UTC; a reduced date
//! stands for its first instant (`2026` is `2026-01-01T00:00:00Z`).

/// Seconds since the Unix epoch, or `None` for a value that is not such a date.
pub fn parse_date(text: &str) -> Option<f64> {
    let text = text.trim();
    if is_epoch(text) {
        return text.parse::<f64>().ok().filter(|n| n.is_finite());
    }
    let (date, time) = match text.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let mut parts = date.split('-');
    let year = digits(parts.next()?, 4)?;
    let month = parts.next().map_or(Some(1), |m| digits(m, 2))?;
    let day = parts.next().map_or(Some(1), |d| digits(d, 2))?;
    if parts.next().is_some() || !(1..=12).contains(&month) {
        return None;
    }
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) as f64 * 86_400.0;
    if let Some(time) = time {
        // A time needs the full date before it.
        if date.len() != 10 {
            return None;
        }
        let (clock, offset) = split_offset(time)?;
        let mut fields = clock.split(':');
        let hour = digits(fields.next()?, 2)?;
        let minute = digits(fields.next()?, 2)?;
        let second = match fields.next() {
            Some(s) => parse_seconds(s)?,
            None => 0.0,
        };
        if fields.next().is_some() || hour > 23 || minute > 59 || second >= 61.0 {
            return None;
        }
        seconds += (hour * 3600 + minute * 60) as f64 + second - offset;
    }
    Some(seconds)
}

/// Digit strings other than a four-digit year, with an optional sign and fraction.
fn is_epoch(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(whole.len() == 4 && unsigned.len() == 4)
}

/// Exactly `width` ASCII digits.
fn digits(text: &str, width: usize) -> Option<i64> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// `ss` or `ss.s…`.
fn parse_seconds(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    digits(whole, 2)?;
    if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Splits `13:00:00+02:00` into the clock and the zone offset in seconds.
fn split_offset(time: &str) -> Option<(&str, f64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0.0));
    }
    match time.rfind(['+', '-']) {
        Some(i) => {
            let sign = if time.as_bytes()[i] == b'-' {
                -1.0
            } else {
                1.0
            };
            let (h, m) = time[i + 1..].split_once(':')?;
            let (h, m) = (digits(h, 2)?, digits(m, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            Some((&time[..i], sign * (h * 3600 + m * 60) as f64))
        }
        None => Some((time, 0.0)),
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON: f64 = 1_763_812_800.0; // 2025-11-22T12:00:00Z

    #[test]
    fn rule_7_8_w3c_reduced_precision_dates() {
        let year = parse_date("2025").expect("a year");
        assert_eq!(Some(year), parse_date("2025-01-01T00:00:00Z"));
        assert_eq!(parse_date("2025-11"), parse_date("2025-11-01T00:00Z"));
        assert_eq!(parse_date("2025-11-22"), Some(NOON - 43_200.0));
        assert_eq!(parse_date("2025-11-22T12:00Z"), Some(NOON));
        assert_eq!(parse_date("2025-11-22T12:00:00Z"), Some(NOON));
        assert_eq!(parse_date("2025-11-22T12:00:00.25Z"), Some(NOON + 0.25));
        assert_eq!(parse_date("2025-11-22T13:00+01:00"), Some(NOON));
        assert_eq!(parse_date("2025-11-22T11:30:00-00:30"), Some(NOON));
    }

    #[test]
    fn rule_7_8_epoch_seconds() {
        assert_eq!(parse_date("1763812800"), Some(NOON));
        assert_eq!(parse_date("0"), Some(0.0));
    }

    #[test]
    fn rule_7_8_values_that_are_not_w3c_dates_are_unreadable() {
        for bad in [
            "",
            "2025-13",
            "2025-02-29",
            "2025-11-22T25:00Z",
            "2025-11T12:00Z",
            "25-11-22",
            "2025/11/22",
            "yesterday",
            "${aws:CurrentTime}",
            "2025-11-22T12:00+1",
            "inf",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert!(parse_date("2024-02-29").is_some(), "a leap day");
    }
}
