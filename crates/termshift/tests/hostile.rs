//! Input that must neither kill nor stall a run.

use std::path::Path;

use termshift::syntax::Role;
use termshift::Config;

fn scan(files: &[(&str, String)]) -> termshift::ScanResult {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join("repo").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let source = "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"repo\"\npath = \"repo\"\n";
    let config = Config::parse(source, Path::new("termshift.toml"), dir.path()).unwrap();
    termshift::scan(&config).unwrap()
}

#[test]
fn deeply_nested_yaml_is_read_as_text_not_a_crash() {
    // tree-sitter's YAML scanner aborts the process past about 250 levels.
    let deep: String = (0..300)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect::<String>()
        + &"  ".repeat(300)
        + "run: 1\n";
    let flow = format!("{}run{}\n", "[".repeat(700), "]".repeat(700));
    // Sequences and keys nested on one line, without indentation.
    let compact = format!("{}run\n", "- ".repeat(600));
    let keys = format!("{}run\n", "? ".repeat(600));
    let fenced = format!("# Deep\n\n```yaml\n{deep}```\n\n```yaml\n{compact}```\n");
    let scan = scan(&[
        ("deep.yaml", deep.clone()),
        ("flow.yaml", flow),
        ("compact.yaml", compact),
        ("keys.yaml", keys),
        ("deep.md", fenced),
        ("ok.yaml", "run: 1\n".to_string()),
    ]);
    let role_in = |path: &str| {
        scan.occurrences
            .iter()
            .find(|o| o.path == path)
            .map(|o| o.role)
            .unwrap_or_else(|| panic!("no occurrence in {path}"))
    };
    assert_eq!(role_in("deep.yaml"), Role::Lexical);
    assert_eq!(role_in("flow.yaml"), Role::Lexical);
    assert_eq!(role_in("compact.yaml"), Role::Lexical);
    assert_eq!(role_in("keys.yaml"), Role::Lexical);
    assert_eq!(role_in("deep.md"), Role::Lexical);
    // What nests as people write it is parsed as ever.
    assert_eq!(role_in("ok.yaml"), Role::DataKey);
}

#[test]
fn one_line_of_300k_hits_is_read_around_each_hit() {
    // Reading each hit's line whole made this take hours (the test runner
    // ends a test after five minutes: .config/nextest.toml); read around
    // each hit, it takes seconds even unoptimised.
    let line = "run x, ".repeat(300_000);
    let scan = scan(&[("dump.txt", line.clone() + "\n")]);
    assert_eq!(scan.occurrences.len(), 300_000);
    let last = scan.occurrences.last().unwrap();
    assert_eq!((last.line, last.column as usize), (1, line.len() - 6));
}

#[test]
fn a_symbol_stays_short_however_deep_its_keys_nest() {
    // 199 levels parse; each key names the word, and a symbol of every key
    // around it would be the size of the file for each of them.
    let key = |level: usize| format!("run_{level}_{}", "x".repeat(100));
    let mut json: String = (0..199)
        .map(|level| format!("{{\"{}\": ", key(level)))
        .collect();
    json += &format!("1{}\n", "}".repeat(199));
    let scan = scan(&[("deep.json", json)]);
    assert_eq!(scan.occurrences.len(), 199);
    for o in &scan.occurrences {
        assert_eq!(o.role, Role::DataKey);
        let symbol = o.symbol.as_deref().unwrap();
        assert!(symbol.len() <= 256, "{} bytes", symbol.len());
        // The innermost keys are kept: the key itself ends it.
        assert!(symbol.ends_with(&o.text), "{symbol}");
    }
}

#[cfg(unix)]
#[test]
fn the_scan_follows_no_link_out_of_its_roots() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "run token\n").unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/a.md"), "run it\n").unwrap();
    symlink(&outside, root.join("etc")).unwrap();
    symlink(root.join("docs"), root.join("same-docs")).unwrap();
    let config_text = |extra: &str| {
        format!("[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"repo\"\npath = \"repo\"\n{extra}")
    };
    let config = Config::parse(&config_text(""), Path::new("termshift.toml"), dir.path()).unwrap();
    let scan = termshift::scan(&config).unwrap();
    let paths: Vec<&str> = scan.occurrences.iter().map(|o| o.path.as_str()).collect();
    // The link inside the root is followed; the one out of it is not, and
    // says so.
    assert_eq!(paths, ["docs/a.md", "same-docs/a.md"]);
    assert!(
        scan.warnings
            .iter()
            .any(|w| w.path == "repo/etc" && w.message.contains("outside the roots")),
        "{:?}",
        scan.warnings
    );
    let all = Config::parse(
        &config_text("[scan]\nfollow_links = true\n"),
        Path::new("termshift.toml"),
        dir.path(),
    )
    .unwrap();
    let scan = termshift::scan(&all).unwrap();
    assert!(scan.occurrences.iter().any(|o| o.path == "etc/secret.txt"));
}
