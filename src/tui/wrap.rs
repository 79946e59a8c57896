//! Word wrapping of styled lines with a hanging indent, for text whose continuation lines should
//! stay under their first word (journey steps, findings) rather than fall back to the margin.

use ratatui::text::{Line, Span};

/// `line` in lines of at most `width` columns, broken between words (inside a word longer than
/// the room it has), each continuation line starting with `indent` spaces. Styles are kept; the
/// spaces at a break are dropped.
pub fn wrap_line(line: &Line<'_>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let indent = if indent < width { indent } else { 0 };
    let mut wrapper = Wrapper {
        width,
        indent,
        lines: Vec::new(),
        spans: Vec::new(),
        used: 0,
        continuation: false,
        pending_space: None,
    };
    for span in &line.spans {
        for token in tokens(&span.content) {
            wrapper.push(token, span.style);
        }
    }
    wrapper.finish()
}

/// Display columns of `text`, as ratatui counts them.
fn width(text: &str) -> usize {
    Span::raw(text).width()
}

/// Runs of spaces and runs of anything else, in order.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let space = first == ' ';
        let end = rest
            .char_indices()
            .find(|(_, c)| (*c == ' ') != space)
            .map_or(rest.len(), |(i, _)| i);
        let (token, tail) = rest.split_at(end);
        rest = tail;
        Some(token)
    })
}

struct Wrapper {
    width: usize,
    indent: usize,
    lines: Vec<Line<'static>>,
    spans: Vec<Span<'static>>,
    used: usize,
    continuation: bool,
    /// Spaces seen since the last word: written only if a word follows on the same line.
    pending_space: Option<(String, ratatui::style::Style)>,
}

impl Wrapper {
    fn push(&mut self, token: &str, style: ratatui::style::Style) {
        if token.starts_with(' ') {
            let pending = self.pending_space.get_or_insert((String::new(), style));
            pending.0.push_str(token);
            return;
        }
        let space = self.pending_space.take();
        let space_width = space.as_ref().map_or(0, |(s, _)| width(s));
        let word_width = width(token);
        let at_line_start = self.used == 0 || (self.continuation && self.used == self.indent);
        if !at_line_start && self.used + space_width + word_width > self.width {
            self.break_line();
        } else if let Some((space, style)) = space
            && !(self.continuation && at_line_start)
        {
            self.used += space_width;
            self.spans.push(Span::styled(space, style));
        }
        self.place_word(token, style);
    }

    /// Puts a word at the current position, splitting it where it is longer than the room left.
    fn place_word(&mut self, word: &str, style: ratatui::style::Style) {
        let mut rest = word;
        while width(rest) > self.width - self.used {
            let room = self.width - self.used;
            let mut cut = 0;
            let mut cut_width = 0;
            for (i, c) in rest.char_indices() {
                let w = width(c.encode_utf8(&mut [0; 4]));
                if cut_width + w > room {
                    break;
                }
                cut = i + c.len_utf8();
                cut_width += w;
            }
            if cut == 0 && self.used > self.indent {
                self.break_line();
                continue;
            }
            let cut = cut.max(rest.chars().next().map_or(0, char::len_utf8));
            let (head, tail) = rest.split_at(cut);
            self.spans.push(Span::styled(head.to_owned(), style));
            self.break_line();
            rest = tail;
        }
        if !rest.is_empty() {
            self.used += width(rest);
            self.spans.push(Span::styled(rest.to_owned(), style));
        }
    }

    fn break_line(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        self.lines.push(Line::from(spans));
        self.continuation = true;
        self.used = self.indent;
        if self.indent > 0 {
            self.spans.push(Span::raw(" ".repeat(self.indent)));
        }
    }

    fn finish(mut self) -> Vec<Line<'static>> {
        if !self.spans.is_empty() || self.lines.is_empty() {
            let spans = std::mem::take(&mut self.spans);
            self.lines.push(Line::from(spans));
        }
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Style;

    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn breaks_between_words_with_a_hanging_indent() {
        let line = Line::from("  ok ✓  Console password: GetAccountPasswordPolicy");
        assert_eq!(
            texts(&wrap_line(&line, 32, 8)),
            [
                "  ok ✓  Console password:",
                "        GetAccountPasswordPolicy"
            ]
        );
    }

    #[test]
    fn a_short_line_is_unchanged_leading_spaces_included() {
        let line = Line::from("  fix: nothing");
        assert_eq!(texts(&wrap_line(&line, 80, 7)), ["  fix: nothing"]);
        assert_eq!(texts(&wrap_line(&Line::from(""), 10, 0)), [""]);
    }

    #[test]
    fn words_longer_than_a_line_are_split() {
        let line = Line::from("abcdefghij");
        assert_eq!(texts(&wrap_line(&line, 4, 0)), ["abcd", "efgh", "ij"]);
        let line = Line::from("ab cdefgh");
        assert_eq!(texts(&wrap_line(&line, 4, 1)), ["ab", " cde", " fgh"]);
    }

    #[test]
    fn styles_stay_with_their_words() {
        let line = Line::from(vec![
            Span::raw("one "),
            Span::styled("two three", Style::new().red()),
        ]);
        let lines = wrap_line(&line, 8, 2);
        assert_eq!(texts(&lines), ["one two", "  three"]);
        let three = lines[1].spans.last().expect("a span");
        assert_eq!(three.content, "three");
        assert_eq!(three.style, Style::new().red());
    }

    #[test]
    fn no_line_is_wider_than_asked() {
        let text = "Service-specific credentials: CreateServiceSpecificCredential (should be allowed) é ü ✓";
        for width in 1..40 {
            for indent in [0, 2, 8] {
                for line in wrap_line(&Line::from(text), width, indent) {
                    assert!(line.width() <= width, "{width} {indent}: {line:?}");
                }
            }
        }
    }
}
