//! "Did you mean ...": the closest known name to a misspelt one, ignoring ASCII case.

/// The candidate closest to `typed` (optimal string alignment distance: insertions, deletions,
/// substitutions and swaps of neighbours, ignoring ASCII case), if it is close enough to be the
/// name the author meant: at most one edit for short names, two from 6 characters, three from
/// 12. Ties go to the first candidate.
pub fn closest<'c>(typed: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = match typed.chars().count() {
        0..=5 => 1,
        6..=11 => 2,
        _ => 3,
    };
    let typed: Vec<u8> = typed.bytes().map(|b| b.to_ascii_lowercase()).collect();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if candidate.len().abs_diff(typed.len()) > bound {
            continue;
        }
        if let Some(distance) = distance_within(&typed, candidate.as_bytes(), bound) {
            best = Some((distance, candidate));
            if distance == 0 {
                break;
            }
        }
    }
    best.map(|(_, name)| name)
}

/// The distance between `a` (lower case already) and `b` when it is at most `bound`.
fn distance_within(a: &[u8], b: &[u8], bound: usize) -> Option<usize> {
    let b: Vec<u8> = b.iter().map(u8::to_ascii_lowercase).collect();
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before[j - 2] + 1);
            }
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > bound {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[width - 1];
    (distance <= bound).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_closest_name_within_the_limit() {
        let names = ["GetObject", "GetObjectAcl", "PutObject", "ListBucket"];
        assert_eq!(closest("GetObjet", names), Some("GetObject"));
        assert_eq!(closest("getobject", names), Some("GetObject"));
        assert_eq!(closest("GteObject", names), Some("GetObject"));
        assert_eq!(closest("DeleteBucket", names), None);
        assert_eq!(closest("iamm", ["iam", "sts", "s3"]), Some("iam"));
        assert_eq!(closest("s4", ["iam", "sts", "s3"]), Some("s3"));
        assert_eq!(closest("ec", ["iam", "sts"]), None);
    }
}
