//! Small text helpers shared by the state and the drawing: file names for titles and messages,
//! numbers with thousands separators.

use std::path::Path;

/// The last part of a path, for titles and messages.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// `1733` → `1,733`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1733), "1,733");
        assert_eq!(thousands(10_240), "10,240");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn file_name_is_the_last_part() {
        assert_eq!(file_name(Path::new("/tmp/x/policy.json")), "policy.json");
        assert_eq!(file_name(Path::new("/")), "/");
    }
}
