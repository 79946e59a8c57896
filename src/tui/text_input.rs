//! A one-line text field: the account ID and the file name are typed into it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters (not bytes), `0..=len`.
    cursor: usize,
    /// Why the last submitted text was refused, shown under or beside the field.
    pub error: Option<String>,
    /// The text is a placeholder the first typed character replaces (the account's `*`).
    replace_on_type: bool,
}

impl TextInput {
    /// A field holding `text`, cursor at the end.
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_owned(),
            cursor: text.chars().count(),
            error: None,
            replace_on_type: false,
        }
    }

    /// A field holding `text` that typing replaces rather than extends, as a selected text
    /// would be (the cursor keys keep it instead).
    pub fn replaced_by_typing(text: &str) -> TextInput {
        TextInput {
            replace_on_type: true,
            ..TextInput::new(text)
        }
    }

    /// Empties the field (Ctrl-U).
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
        self.error = None;
        self.replace_on_type = false;
    }

    /// Inserts pasted text: line breaks and other control characters are dropped, so a paste
    /// never submits anything.
    pub fn paste(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_control()) {
            self.insert(c);
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        if std::mem::take(&mut self.replace_on_type) {
            self.clear();
        }
        let at = self.byte_index(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
        self.error = None;
    }

    pub fn backspace(&mut self) {
        self.replace_on_type = false;
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_index(self.cursor);
            self.text.remove(at);
            self.error = None;
        }
    }

    pub fn delete(&mut self) {
        self.replace_on_type = false;
        if self.cursor < self.text.chars().count() {
            let at = self.byte_index(self.cursor);
            self.text.remove(at);
            self.error = None;
        }
    }

    pub fn left(&mut self) {
        self.replace_on_type = false;
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.replace_on_type = false;
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.replace_on_type = false;
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.replace_on_type = false;
        self.cursor = self.text.chars().count();
    }

    /// The text split at the cursor: before, the character under the cursor (if any), after.
    pub fn split_at_cursor(&self) -> (&str, Option<&str>, &str) {
        let at = self.byte_index(self.cursor);
        let (before, rest) = self.text.split_at(at);
        match rest.chars().next() {
            Some(c) => (before, Some(&rest[..c.len_utf8()]), &rest[c.len_utf8()..]),
            None => (before, None, ""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut input = TextInput::new("aé");
        input.left();
        input.insert('x');
        assert_eq!(input.text(), "axé");
        input.delete();
        assert_eq!(input.text(), "ax");
        input.home();
        input.backspace();
        assert_eq!(input.text(), "ax");
        input.delete();
        assert_eq!(input.text(), "x");
        input.end();
        input.backspace();
        assert_eq!(input.text(), "");
        input.backspace();
        input.right();
        assert_eq!((input.text(), input.cursor()), ("", 0));
    }

    #[test]
    fn split_at_cursor_names_the_character_under_it() {
        let mut input = TextInput::new("abc");
        assert_eq!(input.split_at_cursor(), ("abc", None, ""));
        input.left();
        assert_eq!(input.split_at_cursor(), ("ab", Some("c"), ""));
    }

    #[test]
    fn typing_clears_the_error() {
        let mut input = TextInput::new("1");
        input.error = Some("bad".to_owned());
        input.insert('2');
        assert_eq!(input.error, None);
    }
}
