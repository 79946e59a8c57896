//! The README's wizard key table is the key table: every binding appears with its keys, where it
//! applies and what it does, so the documentation cannot drift from what the keys do.

use iamself_tui::tui::keys::{BINDINGS, Scope};

/// The markdown table the README must contain.
fn key_table() -> String {
    let mut table = String::from("| keys | where | what |\n| --- | --- | --- |\n");
    for binding in BINDINGS {
        let scope = match binding.scope {
            Scope::Always => "anywhere",
            Scope::Browsing => "main screen, users, help",
            Scope::Main => "main screen",
            Scope::Help => "help",
            Scope::Editing => "editing text",
            Scope::Confirm => "overwrite question",
            Scope::Users => "users list",
            Scope::UserView => "user view",
        };
        table.push_str(&format!(
            "| `{}` | {scope} | {} |\n",
            binding.keys_label, binding.description
        ));
    }
    table
}

#[test]
fn readme_key_table_matches_the_key_table() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    assert!(
        readme.contains("## The wizard"),
        "README.md has a wizard section"
    );
    let expected = key_table();
    assert!(
        readme.contains(&expected),
        "the README's key table differs from the key table; expected:\n{expected}"
    );
}
