//! An opened policy written on one line (minified) laid out as the preview shows generated
//! policies: one member or element per line, four spaces per level. Only white space outside
//! strings changes, so member order, duplicate keys, escapes and number spellings stay as
//! written, and IAM's size count (characters other than white space) is the same.

const INDENT: &str = "    ";

/// True for a text that is one line of JSON worth laying out: no line break inside it (a final
/// one aside) and at least one object or array that is not empty.
pub fn is_minified(text: &str) -> bool {
    let body = text.trim_end_matches(['\n', '\r']);
    !body.contains('\n') && body.contains(['{', '['])
}

/// `text` (JSON that parses) with one member or element per line. Text that does not parse
/// still comes out with every character outside white space kept in order.
pub fn reindent(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                skip_white_space(&mut chars);
                if let Some(&next) = chars.peek()
                    && (next == '}' || next == ']')
                {
                    // An empty object or array stays `{}` / `[]`.
                    continue;
                }
                depth += 1;
                new_line(&mut out, depth);
            }
            '}' | ']' => {
                if !matches!(out.chars().last(), Some('{' | '[')) {
                    depth = depth.saturating_sub(1);
                    new_line(&mut out, depth);
                }
                out.push(c);
            }
            ',' => {
                out.push(c);
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

fn skip_white_space(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|c| c.is_whitespace()).is_some() {}
}

fn new_line(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::generate::generate;
    use crate::policy::model::choices::Choices;
    use crate::policy::output::export::to_pretty_json;

    #[test]
    fn a_minified_generated_policy_comes_back_as_the_preview_writes_it() {
        for choices in Choices::all_combinations().step_by(97) {
            let value = generate(&choices);
            let minified = serde_json::to_string(&value).expect("serializes");
            assert!(is_minified(&minified));
            assert_eq!(reindent(&minified), to_pretty_json(&value));
        }
    }

    #[test]
    fn strings_keep_their_spaces_escapes_and_brackets() {
        let text = r#"{"Sid":"a, b: {c}","X":"q\"[ ]\\","E":[],"O":{}}"#;
        let laid_out = reindent(text);
        assert_eq!(
            laid_out,
            "{\n    \"Sid\": \"a, b: {c}\",\n    \"X\": \"q\\\"[ ]\\\\\",\n    \"E\": [],\n    \"O\": {}\n}\n"
        );
        let parsed = |s: &str| serde_json::from_str::<serde_json::Value>(s).expect("JSON");
        assert_eq!(parsed(&laid_out), parsed(text));
    }

    #[test]
    fn only_one_line_texts_count_as_minified() {
        assert!(is_minified(
            "{\"Version\":\"2012-10-17\",\"Statement\":[]}\n"
        ));
        assert!(!is_minified("{\n  \"Version\": \"2012-10-17\"\n}\n"));
        assert!(!is_minified("\"just a string\""));
    }
}
