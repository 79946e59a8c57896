//! The README's table of lint rules is the rules table: every rule appears with its id, its
//! severity and its summary, so the documentation cannot drift from what `lint` reports.

use iamself_tui::policy::lint::RULES;

/// The markdown table the README must contain.
fn rules_table() -> String {
    let mut table = String::from("| id | severity | what it finds |\n| --- | --- | --- |\n");
    for rule in RULES {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id,
            rule.severity.as_str(),
            rule.summary.replace('|', "\\|")
        ));
    }
    table
}

#[test]
fn readme_rules_table_matches_the_rules() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let table = rules_table();
    assert!(
        readme.contains(&table),
        "README.md must contain this table (lint rules):\n{table}"
    );
}
