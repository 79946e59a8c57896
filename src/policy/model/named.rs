//! Values with a name on the command line and in saved settings (`--preset aws-docs`,
//! `--format terraform`, `--mfa absent` ...): one mechanism for naming, listing and parsing them,
//! which the CLI turns into clap value parsers with per-value help.

pub trait Named: Copy + PartialEq + 'static {
    /// Every value, in the order help lists them.
    const ALL: &'static [Self];

    /// The value's name, as typed.
    fn name(self) -> &'static str;

    /// One line for help and completions.
    fn help(self) -> Option<&'static str> {
        None
    }

    /// The value with this name.
    fn from_name(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.name() == text)
    }
}
