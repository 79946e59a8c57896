//! The fast path of `simulate --requests`: each line decided as soon as it is read (no list of
//! requests in between), and a large text cut into chunks of whole lines decided on every core,
//! the outputs joined in order.
//!
//! Speed layer (ARCHITECTURE.md, "Speed layers"): its simple twin is [`parse_requests`] then
//! [`decide_all`](super::decide_all) / [`decide_all_in_set`](super::decide_all_in_set), which
//! give the same bytes (tests below, on a set and a policy, with errors in later chunks); the
//! figure that keeps it is `simulate --requests` with 10,000 lines in `benches/process.sh`.

#[cfg(doc)]
use super::parse_requests;
use super::requests::for_each_request;
use super::set::SetDecider;
use super::{Decider, Principals};
use crate::policy::engine::PolicySet;
use crate::policy::model::document::Policy;

/// Smallest text worth splitting across threads (below it, starting a thread costs more than
/// it saves).
const PARALLEL_FROM_BYTES: usize = 64 * 1024;

/// Reads, checks and decides every line of a JSON Lines text on up to `threads` threads: the
/// text is cut into chunks of whole lines, each chunk read and decided on its own thread, and
/// the outputs come back in order (write them one after the other). Every line is checked
/// before any output is used: the first bad line in the text fails the whole batch with its
/// number, as [`parse_requests`] does.
pub fn simulate_lines(policy: &Policy, text: &str, threads: usize) -> Result<Vec<Vec<u8>>, String> {
    decide_lines(|| Principals::new(policy), text, threads)
}

/// As [`simulate_lines`], against a set.
pub fn simulate_lines_in_set(
    set: &PolicySet,
    text: &str,
    threads: usize,
) -> Result<Vec<Vec<u8>>, String> {
    decide_lines(|| SetDecider::new(set), text, threads)
}

/// `new_decider` makes one decider per thread: each compiles the principals its lines ask for.
fn decide_lines<D: Decider>(
    new_decider: impl Fn() -> D + Sync,
    text: &str,
    threads: usize,
) -> Result<Vec<Vec<u8>>, String> {
    let threads = if text.len() < PARALLEL_FROM_BYTES {
        1
    } else {
        threads.max(1)
    };
    let chunks = split_lines(text, threads);
    let decide = |chunk: &str| decide_chunk(&mut new_decider(), chunk);
    let results: Vec<Result<Vec<u8>, (usize, String)>> = if chunks.len() == 1 {
        vec![decide(chunks[0])]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks[1..]
                .iter()
                .map(|chunk| scope.spawn(|| decide(chunk)))
                .collect();
            let mut results = vec![decide(chunks[0])];
            results.extend(handles.into_iter().map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }));
            results
        })
    };
    let mut outputs = Vec::with_capacity(results.len());
    for (at, result) in results.into_iter().enumerate() {
        match result {
            Ok(output) => outputs.push(output),
            Err((line, message)) => {
                // Renumbered in the whole text (counted only on this rare path).
                let lines_before: usize = chunks[..at].iter().map(|c| c.lines().count()).sum();
                return Err(format!("line {}: {message}", lines_before + line));
            }
        }
    }
    Ok(outputs)
}

fn decide_chunk(decider: &mut impl Decider, chunk: &str) -> Result<Vec<u8>, (usize, String)> {
    // Output lines are about as long as input lines; untouched capacity costs nothing.
    let mut out = Vec::with_capacity(chunk.len() + chunk.len() / 2);
    for_each_request(chunk, |request| decider.write_line(&request, &mut out))?;
    Ok(out)
}

/// Cuts the text into up to `parts` pieces of about equal size, each ending just after a `\n`
/// (the last at the end of the text).
fn split_lines(text: &str, parts: usize) -> Vec<&str> {
    let mut chunks = Vec::with_capacity(parts);
    let mut rest = text;
    for remaining in (2..=parts).rev() {
        let target = rest.len() / remaining;
        match rest.as_bytes()[target..].iter().position(|b| *b == b'\n') {
            Some(offset) => {
                let (chunk, tail) = rest.split_at(target + offset + 1);
                chunks.push(chunk);
                rest = tail;
            }
            None => break,
        }
    }
    chunks.push(rest);
    chunks
}

#[cfg(test)]
mod tests {
    use super::super::tests::lines;
    use super::super::{decide_all, decide_all_in_set, parse_requests};
    use super::*;
    use crate::policy::engine::NamedPolicy;
    use crate::policy::generate::generate_policy;
    use crate::policy::model::choices::Choices;
    use crate::policy::model::managed;

    fn five_policy_set() -> PolicySet {
        let aws = |name: &str| NamedPolicy::bundled(managed::find(name).expect("bundled"));
        PolicySet {
            identity: vec![
                NamedPolicy::new("policy.json", generate_policy(&Choices::default())),
                aws("PowerUserAccess"),
                aws("IAMUserChangePassword"),
            ],
            boundary: Some(aws("AdministratorAccess")),
            scp_levels: vec![vec![aws("AdministratorAccess")]],
        }
    }

    #[test]
    fn chunks_on_several_threads_give_the_output_of_one_pass_in_order() {
        let policy = generate_policy(&Choices::default());
        let text = lines(2_000);
        assert!(text.len() > PARALLEL_FROM_BYTES);
        let requests = parse_requests(&text).expect("valid");
        let mut expected = Vec::new();
        decide_all(&policy, &requests, &mut expected).expect("memory");
        for threads in [1, 2, 3, 8] {
            let chunks = simulate_lines(&policy, &text, threads).expect("valid");
            assert_eq!(chunks.concat(), expected, "{threads} threads");
        }
    }

    #[test]
    fn a_set_on_several_threads_gives_the_output_of_one_pass_in_order() {
        let set = five_policy_set();
        let text = lines(3_000);
        let requests = parse_requests(&text).expect("valid");
        let mut expected = Vec::new();
        decide_all_in_set(&set, &requests, &mut expected).expect("memory");
        assert!(
            String::from_utf8_lossy(&expected).contains("\"policy.json / "),
            "the set's labels are written"
        );
        for threads in [1, 2, 4] {
            let chunks = simulate_lines_in_set(&set, &text, threads).expect("valid");
            assert_eq!(chunks.concat(), expected, "{threads} threads");
        }
    }

    #[test]
    fn a_bad_line_in_a_later_chunk_is_named_by_its_number_in_the_whole_text() {
        let policy = generate_policy(&Choices::default());
        let set = five_policy_set();
        // Blank lines and CRLF endings count as lines too.
        let mut text = lines(2_000).replacen('\n', "\r\n", 3);
        text.push_str("\n  \n");
        text.push_str(&lines(1_000));
        text.push_str("{\"action\":\"\",\"resource\":\"*\"}\n");
        text.push_str(&lines(10));
        text.push_str("{\"action\":\"a:b\"}\n");
        let expected = "line 3003: \"action\" is empty";
        assert_eq!(parse_requests(&text).unwrap_err(), expected);
        for threads in [1, 2, 3] {
            let error = simulate_lines(&policy, &text, threads).unwrap_err();
            assert_eq!(error, expected, "{threads} threads");
            let error = simulate_lines_in_set(&set, &text, threads).unwrap_err();
            assert_eq!(error, expected, "{threads} threads, set");
        }
    }

    #[test]
    fn split_lines_keeps_whole_lines() {
        let text = "a\nbb\nccc\ndddd\n";
        for parts in 1..6 {
            let chunks = split_lines(text, parts);
            assert_eq!(chunks.concat(), text);
            assert!(
                chunks.iter().all(|c| c.is_empty() || c.ends_with('\n')),
                "{chunks:?}"
            );
        }
        assert_eq!(split_lines("no newline", 2), ["no newline"]);
    }
}
