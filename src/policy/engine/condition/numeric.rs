//! Numeric condition values (IAM User Guide, `reference_policies_elements_condition_operators`,
//! "Numeric condition operators"): integers or decimals.

/// A finite number, or `None` (`inf`, `NaN` and text are not numbers a policy can compare).
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if !plain {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_integers_or_decimals_and_nothing_else() {
        assert_eq!(parse_number("3600"), Some(3600.0));
        assert_eq!(parse_number(" -1.5 "), Some(-1.5));
        for bad in ["", "inf", "NaN", "infinity", "1,5", "${aws:x}", "0x10"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}
