//! Fixture cases: `transforms/<id>/cases/NAME.Dockerfile`, run through that transform
//! alone (with unsafe fixes), must give `NAME.Dockerfile.expected`. Cases without an
//! expected file (named `no-*`) must stay unchanged. Every case also passes the
//! invariants: byte-exact scan, output re-parses, a second run changes nothing, the
//! whole pipeline also converges on it. `NAME.Dockerfile.findings` lists what `check`
//! reports for that transform (`line:col [grade] message`). A `NAME.context/` folder is
//! the case's build context (otherwise it has none); an empty `NAME.cache-mounts` runs it
//! with `--cache-mounts`. `DOCKERLEAN_BLESS=1` writes
//! the expected files, to be reviewed by reading them.

use std::path::{Path, PathBuf};

use dockerlean::{Pipeline, transform};

fn cases(id: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("transforms")
        .join(id)
        .join("cases");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|x| x == "Dockerfile"));
    v.sort();
    v
}

#[test]
fn every_transform_has_a_readme_and_cases() {
    for t in transform::registry() {
        assert!(
            t.explain().starts_with(&format!("# {}", t.id())),
            "{}",
            t.id()
        );
        for section in [
            "**What**",
            "**Why**",
            "**Before**",
            "**After**",
            "**Fix safety**",
            "hadolint",
        ] {
            assert!(
                t.explain().contains(section),
                "{}: README lacks {section}",
                t.id()
            );
        }
        if t.id() == "dockerignore" {
            // It works on build contexts: its fixtures are trees (tests/dockerignore/).
            let trees =
                std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dockerignore"))
                    .unwrap()
                    .count();
            assert!(trees >= 7, "dockerignore: too few tree fixtures");
            continue;
        }
        let c = cases(t.id());
        assert!(c.len() >= 5, "{}: too few fixture cases", t.id());
        assert!(
            c.iter()
                .any(|p| p.file_name().unwrap().to_string_lossy().starts_with("no-")),
            "{}: no negative case",
            t.id()
        );
    }
}

#[test]
fn transform_data_files_are_valid() {
    // Loading panics on an invalid file; check the content is meaningful too.
    let d = dockerlean::effects::programs();
    assert!(d.programs.get("cd").is_some_and(|s| s.session));
    assert!(d.programs.keys().all(|c| !c.is_empty() && !c.contains(' ')));
    // A program that installs names its subcommands; one that compiles names words.
    for (name, spec) in &d.programs {
        if let Some(i) = &spec.install {
            assert!(!i.subcommands.is_empty() && !i.manager.is_empty(), "{name}");
        }
    }
}

#[test]
fn fixture_cases() {
    let bless = std::env::var_os("DOCKERLEAN_BLESS").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for t in transform::registry() {
        for case in cases(t.id()) {
            let options: toml::Table = std::fs::read_to_string(case.with_extension("options.toml"))
                .map(|s| toml::from_str(&s).unwrap())
                .unwrap_or_default();
            let context = case.with_extension("context");
            let context = context.is_dir().then_some(context.as_path());
            // `NAME.cache-mounts` (empty): the case runs with `--cache-mounts`.
            let mounts = case.with_extension("cache-mounts").exists();
            let alone = Pipeline::new()
                .unsafe_fixes(true)
                .select(&[t.id()])
                .unwrap()
                .transform_options(t.id(), options.clone())
                .unwrap()
                .build_context(context)
                .cache_mounts(mounts);
            let all = Pipeline::new()
                .unsafe_fixes(true)
                .transform_options(t.id(), options)
                .unwrap()
                .build_context(context)
                .cache_mounts(mounts);
            count += 1;
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            let input = std::fs::read(&case).unwrap();
            let out = match alone.run(input.clone()) {
                Ok(o) => o,
                Err(e) => {
                    failures.push(format!("{}/{name}: {e}", t.id()));
                    continue;
                }
            };
            if !out.internal_errors.is_empty() {
                failures.push(format!("{}/{name}: {:?}", t.id(), out.internal_errors));
            }
            let (doc, found) = alone.check(input.clone()).unwrap();
            let listed: String = found
                .iter()
                .map(|f| {
                    let (l, c) = doc.line_col(f.range.start);
                    format!("{l}:{c} [{}] {}\n", f.applicability().label(), f.message)
                })
                .collect();
            let findings_path = case.with_extension("Dockerfile.findings");
            if bless {
                std::fs::write(&findings_path, &listed).unwrap();
            } else if std::fs::read_to_string(&findings_path).unwrap_or_default() != listed {
                failures.push(format!("{}/{name}: findings differ:\n{listed}", t.id()));
            }
            let expected_path = case.with_extension("Dockerfile.expected");
            let negative = name.starts_with("no-");
            if negative {
                if out.output != input {
                    failures.push(format!(
                        "{}/{name}: must stay unchanged, got:\n{}",
                        t.id(),
                        String::from_utf8_lossy(&out.output)
                    ));
                }
            } else if bless {
                std::fs::write(&expected_path, &out.output).unwrap();
            } else {
                let expected = std::fs::read(&expected_path).unwrap_or_default();
                if out.output != expected {
                    failures.push(format!(
                        "{}/{name}: output differs from the expected file:\n{}",
                        t.id(),
                        String::from_utf8_lossy(&out.output)
                    ));
                }
                if out.output == input {
                    failures.push(format!(
                        "{}/{name}: a positive case that changes nothing",
                        t.id()
                    ));
                }
            }
            let again = alone.run(out.output.clone()).expect("output re-parses");
            if again.output != out.output {
                failures.push(format!(
                    "{}/{name}: a second run changes the output",
                    t.id()
                ));
            }
            let full = all.run(input.clone()).expect("the whole pipeline runs");
            let full_again = all.run(full.output.clone()).expect("output re-parses");
            if full_again.output != full.output {
                failures.push(format!("{}/{name}: the pipeline does not converge", t.id()));
            }
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A transform whose cases have a build context reads it, and must say so: the pipeline
/// carries the context only when a selected transform declares `reads_context` (with
/// `--select slim-base` alone, slim-base would otherwise never see the entry scripts).
#[test]
fn transforms_with_context_cases_declare_that_they_read_it() {
    for t in transform::registry() {
        let has_context = cases(t.id())
            .iter()
            .any(|c| c.with_extension("context").is_dir());
        assert!(
            !has_context || t.meta().reads_context,
            "{}: its cases have build contexts, but its Meta does not declare reads_context",
            t.id()
        );
    }
}
