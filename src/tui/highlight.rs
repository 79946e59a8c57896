//! JSON syntax highlighting for the preview: a small tokenizer that splits text into lines of
//! classified byte ranges. It runs once per policy change; each frame only maps the visible
//! lines' ranges to borrowed, styled spans, so drawing copies no text.
//!
//! It never fails: text that is not JSON (an opened file with a syntax error) is still split into
//! tokens, and the tokens always cover the text exactly.

use std::ops::Range;

use ratatui::text::{Line, Span};

use super::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A string followed by `:`.
    Key,
    String,
    Number,
    /// `true`, `false`, `null`.
    Literal,
    /// `{ } [ ] : ,`
    Punctuation,
    /// Whitespace and anything JSON does not know.
    Plain,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the highlighted text.
    pub range: Range<usize>,
    pub kind: TokenKind,
}

/// The tokens of a text, grouped by line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighted {
    tokens: Vec<Token>,
    /// For each line, its range in `tokens`.
    lines: Vec<Range<usize>>,
    /// For each line, the columns it takes (characters; the text is JSON).
    widths: Vec<usize>,
}

impl Highlighted {
    /// Tokenizes `text`. Lines are split at `\n`; a trailing `\r` is left out of the line (it
    /// would move the cursor when drawn), and a final newline does not start an empty line.
    pub fn new(text: &str) -> Highlighted {
        let mut highlighted = Highlighted::default();
        let mut line_start = 0;
        for piece in text.split_inclusive('\n') {
            let line_end = line_start + piece.trim_end_matches(['\n', '\r']).len();
            let first = highlighted.tokens.len();
            tokenize_line(text, line_start..line_end, &mut highlighted.tokens);
            highlighted.lines.push(first..highlighted.tokens.len());
            highlighted
                .widths
                .push(display_width(&text[line_start..line_end]));
            line_start += piece.len();
        }
        highlighted
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Columns line `index` takes; 0 past the end.
    pub fn line_width(&self, index: usize) -> usize {
        self.widths.get(index).copied().unwrap_or(0)
    }

    /// The largest scroll that still fills a viewport of `width` × `height` cells: walks back
    /// from the last line adding the rows each line takes when wrapped (estimated from its
    /// width; one row of slack covers word breaks).
    pub fn max_scroll(&self, width: usize, height: usize) -> usize {
        let width = width.max(1);
        let rows = height.saturating_sub(1).max(1);
        let mut used = 0;
        let mut first = self.line_count();
        while first > 0 {
            let line_rows = self.line_width(first - 1).div_ceil(width).max(1);
            if used + line_rows > rows {
                break;
            }
            used += line_rows;
            first -= 1;
        }
        first
    }

    /// The tokens of line `index` (0-based); empty past the end.
    pub fn tokens(&self, index: usize) -> &[Token] {
        self.lines
            .get(index)
            .map_or(&[], |range| &self.tokens[range.clone()])
    }

    /// Line `index` of `text` (the text this was built from) as styled spans borrowing `text`.
    /// A tab is drawn as a dim `→` and spaces up to the next tab stop, so it neither vanishes
    /// nor moves what follows off its column.
    pub fn line<'a>(&self, text: &'a str, index: usize, theme: &Theme) -> Line<'a> {
        let mut spans: Vec<Span<'a>> = Vec::with_capacity(self.tokens(index).len());
        let mut column = 0;
        for token in self.tokens(index) {
            let Some(content) = text.get(token.range.clone()) else {
                continue;
            };
            let style = style(token.kind, theme);
            if !content.contains('\t') {
                column += content.chars().count();
                spans.push(Span::styled(content, style));
                continue;
            }
            for (i, piece) in content.split('\t').enumerate() {
                if i > 0 {
                    let width = TAB_WIDTH - column % TAB_WIDTH;
                    let mut shown = String::from(TAB_MARK);
                    shown.push_str(&" ".repeat(width - 1));
                    spans.push(Span::styled(shown, theme.dim));
                    column += width;
                }
                if !piece.is_empty() {
                    column += piece.chars().count();
                    spans.push(Span::styled(piece, style));
                }
            }
        }
        Line::from(spans)
    }
}

/// Columns between tab stops in the preview.
pub const TAB_WIDTH: usize = 4;
/// How a tab shows in the preview (followed by spaces to the next tab stop).
pub const TAB_MARK: char = '→';

/// Columns a line takes with its tabs expanded to the next tab stop.
fn display_width(line: &str) -> usize {
    line.chars().fold(0, |column, c| {
        if c == '\t' {
            column + TAB_WIDTH - column % TAB_WIDTH
        } else {
            column + 1
        }
    })
}

fn style(kind: TokenKind, theme: &Theme) -> ratatui::style::Style {
    match kind {
        TokenKind::Key => theme.json_key,
        TokenKind::String => theme.json_string,
        TokenKind::Number => theme.json_number,
        TokenKind::Literal => theme.json_literal,
        TokenKind::Punctuation => theme.json_punctuation,
        TokenKind::Plain => ratatui::style::Style::new(),
    }
}

fn tokenize_line(text: &str, line: Range<usize>, tokens: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = line.start;
    while i < line.end {
        let start = i;
        let kind = match bytes[i] {
            b'"' => {
                i = string_end(bytes, i, line.end);
                if next_non_space(bytes, i, line.end) == Some(b':') {
                    TokenKind::Key
                } else {
                    TokenKind::String
                }
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < line.end
                    && matches!(bytes[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    i += 1;
                }
                TokenKind::Number
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                while i < line.end && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                match &text[start..i] {
                    "true" | "false" | "null" => TokenKind::Literal,
                    _ => TokenKind::Plain,
                }
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                i += 1;
                TokenKind::Punctuation
            }
            b' ' | b'\t' | b'\r' => {
                while i < line.end && matches!(bytes[i], b' ' | b'\t' | b'\r') {
                    i += 1;
                }
                TokenKind::Plain
            }
            _ => {
                // Any other character, possibly multi-byte: step over it whole.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                TokenKind::Plain
            }
        };
        tokens.push(Token {
            range: start..i,
            kind,
        });
    }
}

/// The end (exclusive) of the string starting at the quote `start`: after its closing quote, or
/// the end of the line when it is unterminated.
fn string_end(bytes: &[u8], start: usize, line_end: usize) -> usize {
    let mut i = start + 1;
    while i < line_end {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    line_end
}

fn next_non_space(bytes: &[u8], mut i: usize, line_end: usize) -> Option<u8> {
    while i < line_end && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    (i < line_end).then(|| bytes[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::generate::generate;
    use crate::policy::model::Named;
    use crate::policy::model::choices::{Choices, Preset};
    use crate::policy::output::export::to_pretty_json;

    /// The spans of every line, joined by newlines, give back the text.
    fn reassemble(text: &str) -> String {
        let highlighted = Highlighted::new(text);
        let mut out = String::new();
        for index in 0..highlighted.line_count() {
            let line = highlighted.line(text, index, &Theme::COLOR);
            for span in &line.spans {
                out.push_str(&span.content);
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn spans_cover_every_generated_policy_exactly() {
        // Every 97th combination keeps the test quick while touching every choice.
        let mut checked = 0;
        for choices in Choices::all_combinations().step_by(97) {
            let text = to_pretty_json(&generate(&choices));
            assert_eq!(reassemble(&text), text, "{choices:?}");
            checked += 1;
        }
        assert!(checked > 1000);
        for &preset in Preset::ALL {
            let text = to_pretty_json(&generate(&preset.choices()));
            assert_eq!(reassemble(&text), text);
        }
    }

    #[test]
    fn classifies_keys_strings_numbers_literals_and_punctuation() {
        let text = "{\"Sid\": \"A\", \"n\": -1.5e3, \"b\": true, \"z\": null}";
        let highlighted = Highlighted::new(text);
        let kinds: Vec<(&str, TokenKind)> = highlighted
            .tokens(0)
            .iter()
            .filter(|t| !text[t.range.clone()].trim().is_empty())
            .map(|t| (&text[t.range.clone()], t.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("{", TokenKind::Punctuation),
                ("\"Sid\"", TokenKind::Key),
                (":", TokenKind::Punctuation),
                ("\"A\"", TokenKind::String),
                (",", TokenKind::Punctuation),
                ("\"n\"", TokenKind::Key),
                (":", TokenKind::Punctuation),
                ("-1.5e3", TokenKind::Number),
                (",", TokenKind::Punctuation),
                ("\"b\"", TokenKind::Key),
                (":", TokenKind::Punctuation),
                ("true", TokenKind::Literal),
                (",", TokenKind::Punctuation),
                ("\"z\"", TokenKind::Key),
                (":", TokenKind::Punctuation),
                ("null", TokenKind::Literal),
                ("}", TokenKind::Punctuation),
            ]
        );
    }

    #[test]
    fn max_scroll_keeps_the_last_lines_filling_the_view() {
        let highlighted = Highlighted::new("a\nb\nc\nd\ne\n");
        // Three rows, one kept as slack: the last two lines at the bottom.
        assert_eq!(highlighted.max_scroll(10, 3), 3);
        assert_eq!(highlighted.max_scroll(10, 10), 0);
        // A line three times the width takes three rows.
        let highlighted = Highlighted::new("a\nbbbbbbbbb\n");
        assert_eq!(highlighted.line_width(1), 9);
        assert_eq!(highlighted.max_scroll(3, 4), 1);
    }

    #[test]
    fn escaped_quotes_stay_inside_the_string() {
        let text = r#""a\"b": "c\\""#;
        let highlighted = Highlighted::new(text);
        let first = &highlighted.tokens(0)[0];
        assert_eq!(&text[first.range.clone()], r#""a\"b""#);
        assert_eq!(first.kind, TokenKind::Key);
    }

    #[test]
    fn broken_and_non_ascii_text_is_covered_without_panicking() {
        for text in [
            "{\"unterminated: é\n  ✓ tab\there \\",
            "\u{0}\u{7f}garbage ]]] \"",
            "crlf\r\nline\r\n",
            "\"ends with backslash\\",
            "",
            "\n\n",
        ] {
            let highlighted = Highlighted::new(text);
            let mut out = String::new();
            for index in 0..highlighted.line_count() {
                for token in highlighted.tokens(index) {
                    out.push_str(&text[token.range.clone()]);
                }
            }
            let expected: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
            let got: String = out.chars().filter(|c| *c != '\r').collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn tabs_show_as_an_arrow_up_to_the_next_tab_stop() {
        let text = "{\n\t\"Version\":\t\"2012-10-17\"\n}\n";
        let highlighted = Highlighted::new(text);
        let line = highlighted.line(text, 1, &Theme::MONO);
        assert_eq!(line.to_string(), "→   \"Version\":→ \"2012-10-17\"");
        assert_eq!(highlighted.line_width(1), line.width());
    }

    #[test]
    fn final_newline_does_not_add_a_line() {
        assert_eq!(Highlighted::new("{\n}\n").line_count(), 2);
        assert_eq!(Highlighted::new("{\n}").line_count(), 2);
    }
}
