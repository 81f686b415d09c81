//! `.dockerignore` fixtures as directory trees: `tests/dockerignore/NAME/in/` is copied to
//! a temporary directory (plus a `.git` folder when `NAME/WITH_GIT` exists, since a
//! repository cannot hold one), `dockerlean check` and then `dockerlean fix --write`
//! run there with the arguments in `NAME/args` (one per line), and the findings must
//! equal `NAME/check.stdout` and the resulting tree `in/` overlaid with `NAME/expected/`
//! (which holds only the files the run creates or changes).
//! `DOCKERLEAN_BLESS=1` writes the expected files, to be reviewed by reading them.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, files};
use std::process::Command;

fn dockerlean(dir: &Path, args: &[String]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dockerlean"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn dockerignore_trees() {
    let bless = std::env::var_os("DOCKERLEAN_BLESS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dockerignore");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 7);
    let mut failures = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let work = tempfile::tempdir().unwrap();
        copy_tree(&case.join("in"), work.path());
        if case.join("WITH_GIT").exists() {
            std::fs::create_dir_all(work.path().join(".git/objects")).unwrap();
            std::fs::write(work.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
            std::fs::write(work.path().join(".git/objects/pack"), vec![0u8; 4096]).unwrap();
        }
        let extra: Vec<String> = std::fs::read_to_string(case.join("args"))
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let select = [
            "--select".to_string(),
            "dockerignore".to_string(),
            "--quiet".to_string(),
        ];
        let mut check_args = vec!["check".to_string()];
        check_args.extend(select.iter().cloned());
        check_args.extend(extra.iter().cloned());
        let check = dockerlean(work.path(), &check_args);
        let mut write_args = vec!["fix".to_string(), "--write".to_string()];
        write_args.extend(select.iter().cloned());
        write_args.extend(extra.iter().cloned());
        let write = dockerlean(work.path(), &write_args);
        assert_eq!(
            write.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&write.stderr)
        );
        // A second run has nothing left to add.
        let again = dockerlean(work.path(), &write_args);
        let again_out = String::from_utf8_lossy(&again.stdout);
        assert!(
            again_out.contains(", 0 files rewritten,"),
            "{name}: a second run changes something: {again_out}"
        );
        // The result: the input tree plus the ignore files (the .git folder aside).
        let after: Vec<(PathBuf, Vec<u8>)> = files(work.path())
            .into_iter()
            .filter(|(p, _)| !p.starts_with(".git"))
            .collect();
        let expected_dir = case.join("expected");
        let check_file = case.join("check.stdout");
        // expected/ holds only the files the run creates or changes; the rest must equal in/.
        let input = files(&case.join("in"));
        if bless {
            let _ = std::fs::remove_dir_all(&expected_dir);
            for (rel, bytes) in after.iter().filter(|f| !input.contains(f)) {
                let p = expected_dir.join(rel);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, bytes).unwrap();
            }
            std::fs::write(&check_file, &check.stdout).unwrap();
            continue;
        }
        let mut expected: std::collections::BTreeMap<PathBuf, Vec<u8>> =
            input.into_iter().collect();
        expected.extend(files(&expected_dir));
        let expected: Vec<(PathBuf, Vec<u8>)> = expected.into_iter().collect();
        if expected != after {
            failures.push(format!(
                "{name}: the tree after --write differs from expected/"
            ));
        }
        if std::fs::read(&check_file).unwrap_or_default() != check.stdout {
            failures.push(format!(
                "{name}: check output differs:\n{}",
                String::from_utf8_lossy(&check.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
