//! Machine-readable outputs checked against their schemas: the JSON findings against
//! docs/findings.schema.json, SARIF against the SARIF 2.1.0 schema (fetched by
//! scripts/test into target/sarif-schema.json). Validation uses Python's jsonschema
//! in the test venv.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn output(args: &[&str]) -> Vec<u8> {
    let o = Command::new(env!("CARGO_BIN_EXE_dockerlean"))
        .args(args)
        .current_dir(root().join("tests/cli/monorepo.in"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

fn validate(schema: &Path, doc: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.json");
    std::fs::write(&file, doc).unwrap();
    let python = root().join("target/ref-venv/bin/python");
    let o = Command::new(&python)
        .arg(root().join("tests/reference/validate_json.py"))
        .arg(schema)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/test", python.display()));
    assert!(
        o.status.success(),
        "{} rejects the output:\n{}",
        schema.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn sarif_schema() -> PathBuf {
    let p = root().join("target/sarif-schema.json");
    assert!(p.is_file(), "{} is missing; run scripts/test", p.display());
    p
}

#[test]
fn json_findings_match_the_documented_schema() {
    let out = output(&["check", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v.as_array().is_some_and(|a| a.len() >= 3), "{v}");
    validate(&root().join("docs/findings.schema.json"), &out);
}

#[test]
fn sarif_is_valid_2_1_0() {
    let out = output(&["check", "--format", "sarif", "."]);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    // Every result names a rule of the driver, and fixes carry byte regions.
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    validate(&sarif_schema(), &out);
}

#[test]
fn github_annotations_escape_their_fields() {
    let out = String::from_utf8(output(&["check", "--format", "github", "services/api"])).unwrap();
    for line in out.lines() {
        assert!(
            line.starts_with("::warning file=") || line.starts_with("::notice file="),
            "{line}"
        );
        let (props, msg) = line[2..].split_once("::").unwrap();
        assert!(
            props.contains(",line=") && props.contains(",title="),
            "{line}"
        );
        assert!(!msg.contains('\n'));
    }
}
