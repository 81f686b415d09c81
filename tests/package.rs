//! The published crate: `cargo package --list` must hold what the code compiles in (every
//! transform's data and README, the compare data), the licenses and the docs, and none of
//! the tests' fixtures.

use std::path::Path;
use std::process::Command;

#[test]
fn the_package_holds_what_the_build_needs_and_no_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let listed: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let has = |p: &str| listed.iter().any(|l| l == p);
    for f in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
    ] {
        assert!(has(f), "{f} is not packaged");
    }
    assert!(has("docs/compare.schema.json") && has("docs/findings.schema.json"));
    // Everything under transforms/ the code reads: each transform's data and README.
    for dir in std::fs::read_dir(root.join("transforms")).unwrap() {
        let dir = dir.unwrap().path();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            if f.is_file() && (name.ends_with(".toml") || name == "README.md") {
                let rel = f.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                assert!(has(&rel), "{rel} is not packaged");
            }
        }
    }
    assert!(
        !listed
            .iter()
            .any(|l| l.starts_with("tests/") || l.contains("/cases/")),
        "fixtures are packaged"
    );
}
