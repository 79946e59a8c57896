//! `iamself-tui`: everything lives in the library; see [`iamself_tui::cli::main`].
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    iamself_tui::cli::main()
}
